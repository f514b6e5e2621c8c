package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationRow;
import org.asvit.metrics.Metric;
import org.asvit.metrics.MetricSummary;
import org.asvit.metrics.ResultRowSchema;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** evaluate-many's CSV header and JSON-lines keys are the core's result-row columns, in order. */
@Tag("fast")
class ResultTableSchemaTest {
    private static final String ARCH = "8,2,3|4,1,2|4,1,4|4,1,6|32";
    private static final List<Metric> METRICS = List.of(Metric.NTK, Metric.LENGTH);

    @TempDir
    Path dir;

    private static List<EvaluationRow> rows() {
        Map<Metric, MetricSummary> metrics = new EnumMap<>(Metric.class);
        metrics.put(Metric.NTK, MetricSummary.of(new double[] {12.0, Double.NaN}, 0.3));
        metrics.put(Metric.LENGTH, MetricSummary.of(new double[] {0.5, 0.25}, 0.2));
        EvaluationResult r = new EvaluationResult(Topology.parse(ARCH), 32, 1234L, 56789L, metrics, "cpu", "inputs");
        return List.of(new EvaluationRow(ARCH, r, null, 1.5), new EvaluationRow("nope", null, "no topology", 0.25));
    }

    @Test
    void csvHeaderIsTheSchemasColumns() throws IOException {
        Path csv = dir.resolve("rows.csv");
        ResultTable table = new ResultTable(csv, METRICS);
        table.append(rows());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", ResultRowSchema.of(METRICS).names()), lines.get(0));
        assertEquals(List.of("\"" + ARCH + "\",32,1234,56789,12.0,12.0;nan,0.375,0.5;0.25,1.5,cpu,",
                "nope,,,,,,,,0.25,,\"no topology\""), lines.subList(1, lines.size()));
    }

    @Test
    void jsonLinesKeysAreTheSchemasColumns() throws IOException {
        Path jsonl = dir.resolve("rows.jsonl");
        ResultTable table = new ResultTable(jsonl, METRICS);
        table.append(rows());
        List<String> lines = Files.readAllLines(jsonl);
        JsonNode ok = Json.MAPPER.readTree(lines.get(0));
        assertEquals(ResultRowSchema.of(METRICS).names(), keys(ok));
        // An error row keeps the columns it has values for, in the schema's order.
        assertEquals(List.of("arch", "seconds", "device", "error"), keys(Json.MAPPER.readTree(lines.get(1))));
        // Standard output (no --out) writes the same objects.
        assertEquals(lines.get(0), Json.write(ResultTable.toNode(rows().get(0))));
        assertEquals(lines.get(1), Json.write(ResultTable.toNode(rows().get(1))));
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
