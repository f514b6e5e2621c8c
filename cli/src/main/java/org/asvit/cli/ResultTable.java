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
import org.asvit.metrics.MetricSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * evaluate-many's output: one row per topology (arch, imageSize, params, flops, each metric's mean and
 * repeats, seconds, device, error), as CSV (repeats joined by ';') or JSON lines, rewritten atomically
 * as rows arrive. Rows read back from an earlier run are kept as they were written.
 */
final class ResultTable {
    enum Format { CSV, JSONL, PARQUET }

    private static final CsvMapper CSV = new CsvMapper();

    private final Path file;
    private final Format format;
    private final List<ParquetTables.Column> columns;
    private final List<ObjectNode> rows = new ArrayList<>();
    /** The Parquet provider (the asvit-spark module), looked up at once so that a missing one stops the run before it starts. */
    private final ParquetTables parquet;

    ResultTable(Path file, List<Metric> metrics) {
        this.file = file;
        this.format = formatOf(file);
        this.columns = columns(metrics);
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
        List<ParquetTables.Column> c = new ArrayList<>(List.of(column("arch", ParquetTables.ColumnType.STRING),
                column("imageSize", ParquetTables.ColumnType.INT), column("params", ParquetTables.ColumnType.LONG),
                column("flops", ParquetTables.ColumnType.LONG)));
        for (Metric m : metrics) {
            c.add(column(m.jsonName(), ParquetTables.ColumnType.DOUBLE));
            // One value per repeat, null for a bad repeat.
            c.add(column(m.jsonName() + "Repeats", ParquetTables.ColumnType.DOUBLE_LIST));
        }
        c.addAll(List.of(column("seconds", ParquetTables.ColumnType.DOUBLE),
                column("device", ParquetTables.ColumnType.STRING), column("error", ParquetTables.ColumnType.STRING)));
        return c;
    }

    private static ParquetTables.Column column(String name, ParquetTables.ColumnType type) {
        return new ParquetTables.Column(name, type);
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
            rows.add(toNode(r));
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
        ObjectNode n = Json.object();
        n.put("arch", r.arch());
        if (r.ok()) {
            n.put("imageSize", r.result().imageSize());
            n.put("params", r.result().params());
            n.put("flops", r.result().flops());
            for (Map.Entry<Metric, MetricSummary> e : r.result().metrics().entrySet()) {
                Json.putFinite(n, e.getKey().jsonName(), e.getValue().mean());
                n.set(e.getKey().jsonName() + "Repeats", Json.finiteArray(e.getValue().repeats()));
            }
        }
        n.put("seconds", r.seconds());
        if (r.ok()) {
            n.put("device", r.result().device());
            n.putNull("error");
        } else {
            n.putNull("device");
            n.put("error", r.error());
        }
        return n;
    }

    private static String joined(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(v -> parts.add(v.isNull() ? "nan" : v.asText()));
        return String.join(";", parts);
    }
}
