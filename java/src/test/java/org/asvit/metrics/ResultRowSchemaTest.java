package org.asvit.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one result row: its columns in order, and the same cells as Java values and as JSON. */
@Tag("fast")
class ResultRowSchemaTest {
    static final String ARCH = "8,2,3|4,1,2|4,1,4|4,1,6|32";

    /** A row with a bad repeat in the NTK metric: its value is NaN and the mean is over the good ones. */
    static EvaluationRow okRow() {
        Map<Metric, MetricSummary> metrics = new EnumMap<>(Metric.class);
        metrics.put(Metric.LENGTH, MetricSummary.of(new double[] {0.5, 0.25}, 0.2));
        metrics.put(Metric.NTK, MetricSummary.of(new double[] {12.0, Double.POSITIVE_INFINITY}, 0.3));
        EvaluationResult r = new EvaluationResult(Topology.parse(ARCH), 32, 1234L, 56789L, metrics, "cpu",
                "seeded standard normal, seed 0");
        return new EvaluationRow(ARCH, r, null, 1.5);
    }

    @Test
    void columnsAreEvaluateManysInMetricOrder() {
        // Metrics given out of order come in Metric's order.
        ResultRowSchema schema = ResultRowSchema.of(List.of(Metric.LENGTH, Metric.NTK));
        assertEquals(List.of("arch", "imageSize", "params", "flops", "ntkCond", "ntkCondRepeats", "lengthDistortion",
                "lengthDistortionRepeats", "seconds", "device", "error"), schema.names());
        List<String> types = schema.columns().stream().map(c -> c.type().name()).toList();
        assertEquals(List.of("STRING", "INT", "LONG", "LONG", "DOUBLE", "DOUBLE_LIST", "DOUBLE", "DOUBLE_LIST",
                "DOUBLE", "STRING", "STRING"), types);
    }

    @Test
    void valuesFollowTheColumnsAndKeepNaN() {
        ResultRowSchema schema = ResultRowSchema.of(Set.of(Metric.NTK, Metric.LENGTH));
        List<Object> v = schema.values(okRow());
        assertEquals(schema.columns().size(), v.size());
        assertEquals(Arrays.asList(ARCH, 32, 1234L, 56789L, 12.0, Arrays.asList(12.0, Double.NaN), 0.375,
                List.of(0.5, 0.25), 1.5, "cpu", null), v);

        List<Object> error = schema.values(new EvaluationRow("nope", null, "no topology", 0.25));
        List<Object> expected = new ArrayList<>(Arrays.asList(new Object[schema.columns().size()]));
        expected.set(0, "nope");
        expected.set(8, 0.25);
        expected.set(10, "no topology");
        assertEquals(expected, error);
    }

    @Test
    void jsonHasTheColumnsAsKeysAndNullsForNonFiniteNumbers() {
        ResultRowSchema schema = ResultRowSchema.of(Set.of(Metric.NTK, Metric.LENGTH));
        ObjectNode ok = schema.json(okRow());
        assertEquals(schema.names(), iterable(ok));
        assertEquals("{\"arch\":\"" + ARCH + "\",\"imageSize\":32,\"params\":1234,\"flops\":56789,\"ntkCond\":12.0,"
                + "\"ntkCondRepeats\":[12.0,null],\"lengthDistortion\":0.375,\"lengthDistortionRepeats\":[0.5,0.25],"
                + "\"seconds\":1.5,\"device\":\"cpu\",\"error\":null}", ok.toString());
        // An error row names no numbers it does not have.
        ObjectNode error = schema.json(new EvaluationRow("nope", null, "no topology", 0.25));
        assertEquals("{\"arch\":\"nope\",\"seconds\":0.25,\"device\":null,\"error\":\"no topology\"}", error.toString());
        assertTrue(schema.names().containsAll(iterable(error)));
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
