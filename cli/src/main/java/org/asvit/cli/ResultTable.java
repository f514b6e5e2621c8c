package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.asvit.io.AtomicFiles;
import org.asvit.io.ParquetTables;
import org.asvit.metrics.EvaluationRow;
import org.asvit.metrics.Metric;
import org.asvit.metrics.ResultRowSchema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * evaluate-many's output: one row per topology in the core's {@link ResultRowSchema} (arch, imageSize, params,
 * flops, each metric's mean and repeats, seconds, device, error), as CSV (repeats joined by ';'), JSON lines
 * or Parquet, rewritten atomically as rows arrive. Rows read back from an earlier run are kept as they were written.
 */
final class ResultTable {
    enum Format { CSV, JSONL, PARQUET }

    private static final CsvMapper CSV = new CsvMapper();

    private final Path file;
    private final Format format;
    private final ResultRowSchema schema;
    private final List<ParquetTables.Column> columns;
    private final List<ObjectNode> rows = new ArrayList<>();
    /** The Parquet provider (the asvit-spark module), looked up at once so that a missing one stops the run before it starts. */
    private final ParquetTables parquet;

    ResultTable(Path file, List<Metric> metrics) {
        this.file = file;
        this.format = formatOf(file);
        this.schema = ResultRowSchema.of(metrics);
        this.columns = schema.columns();
        this.parquet = format == Format.PARQUET ? ParquetTables.find() : null;
    }

    static Format formatOf(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Format.CSV;
        }
        if (name.endsWith(".jsonl")) {
            return Format.JSONL;
        }
        if (name.endsWith(".parquet")) {
            return Format.PARQUET;
        }
        throw new IllegalArgumentException("--out " + file + ": unknown format; accepted: FILE.csv, FILE.jsonl or FILE.parquet");
    }

    /** The columns in order, with the types Parquet stores them as (CSV and JSON lines use the names). */
    static List<ParquetTables.Column> columns(List<Metric> metrics) {
        return ResultRowSchema.of(metrics).columns();
    }

    /** The rows of an earlier run (resume); returns the topologies they hold. */
    Set<String> load() throws IOException {
        Set<String> done = new LinkedHashSet<>();
        if (!Files.exists(file)) {
            return done;
        }
        if (format == Format.PARQUET) {
            for (ObjectNode row : parquet.read(file)) {
                add(row, done);
            }
        } else if (format == Format.CSV) {
            CsvSchema schema = CsvSchema.emptySchema().withHeader();
            try (MappingIterator<Map<String, String>> it = CSV.readerFor(Json.MAP_TYPE).with(schema).readValues(file.toFile())) {
                while (it.hasNext()) {
                    Map<String, String> row = it.next();
                    ObjectNode node = Json.object();
                    row.forEach(node::put);
                    add(node, done);
                }
            }
        } else {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    JsonNode node = Json.MAPPER.readTree(line);
                    if (!(node instanceof ObjectNode o)) {
                        throw new IllegalArgumentException("--resume: " + file + " holds a line that is not a JSON object");
                    }
                    add(o, done);
                }
            }
        }
        return done;
    }

    /** The rows so far: those {@link #load()} read back, then those added. */
    List<ObjectNode> rows() {
        return Collections.unmodifiableList(rows);
    }

    private void add(ObjectNode row, Set<String> done) {
        if (!row.hasNonNull("arch")) {
            throw new IllegalArgumentException("--resume: " + file + " has a row without 'arch'; not an evaluate-many output");
        }
        rows.add(row);
        done.add(row.get("arch").asText());
    }

    /** Adds rows and rewrites the file. */
    void append(List<EvaluationRow> more) throws IOException {
        for (EvaluationRow r : more) {
            rows.add(schema.json(r));
        }
        if (format == Format.PARQUET) {
            parquet.write(file, columns, rows);
        } else if (format == Format.CSV) {
            CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
            columns.forEach(c -> schema.addColumn(c.name()));
            List<Map<String, Object>> table = new ArrayList<>();
            for (ObjectNode n : rows) {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                for (String c : columns.stream().map(ParquetTables.Column::name).toList()) {
                    JsonNode v = n.get(c);
                    m.put(c, v == null || v.isNull() ? null : v.isArray() ? joined(v) : v.asText());
                }
                table.add(m);
            }
            AtomicFiles.write(file, out -> CSV.writer(schema.build()).writeValue(out, table));
        } else {
            StringBuilder b = new StringBuilder();
            for (ObjectNode n : rows) {
                b.append(Json.write(n)).append('\n');
            }
            AtomicFiles.write(file, out -> out.write(b.toString().getBytes(StandardCharsets.UTF_8)));
        }
    }

    int size() {
        return rows.size();
    }

    /** One row as JSON: non-finite values are null. */
    static ObjectNode toNode(EvaluationRow r) {
        return ResultRowSchema.of(r.ok() ? r.result().metrics().keySet() : List.of()).json(r);
    }

    private static String joined(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(v -> parts.add(v.isNull() ? "nan" : v.asText()));
        return String.join(";", parts);
    }
}
