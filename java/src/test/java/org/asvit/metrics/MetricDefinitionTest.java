package org.asvit.metrics;

import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A metric is one class: a new one plugs into the evaluator without any change to it. */
@Tag("slow")
class MetricDefinitionTest {
    private static final EvaluationSettings SETTINGS = EvaluationSettings.defaults(32).withRepeats(2).withBatch(4)
            .withClasses(10).withMetrics(EnumSet.allOf(Metric.class));
    private static final Topology SEED = Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32");

    /** A toy metric, defined here only: the mean speed of the circle's image, L^E over the number of angles. */
    private static final class MeanSpeed implements MetricDefinition {
        @Override
        public String cliName() {
            return "mean-speed";
        }

        @Override
        public String jsonName() {
            return "meanSpeed";
        }

        @Override
        public Pass pass() {
            return Pass.CURVE;
        }

        @Override
        public double value(PassResults results) {
            return results.curve().lengthDistortion() / results.curve().points();
        }
    }

    @Test
    void aToyMetricRunsNextToTheBuiltInOnesAndReadsTheSamePass() {
        MetricDefinition toy = new MeanSpeed();
        MetricDefinition length = Metric.LENGTH.definition();
        Map<MetricDefinition, MetricSummary> out = new Evaluator(SETTINGS).evaluate(SEED, List.of(toy, length));
        assertEquals(List.of(toy, length), List.copyOf(out.keySet()), "in the order asked");
        double[] lengths = out.get(length).repeats();
        double[] speeds = out.get(toy).repeats();
        assertEquals(2, speeds.length);
        for (int r = 0; r < 2; r++) {
            // The toy's value is L^E of the same curve over its number of angles, exactly.
            assertEquals(lengths[r] / EvaluationSettings.CURVE_POINTS, speeds[r], 0.0);
            assertNull(out.get(toy).reason(r));
        }
    }

    @Test
    void theBuiltInMetricsThroughTheirDefinitionsGiveTheEvaluatorsNumbersBitForBit() {
        Evaluator evaluator = new Evaluator(SETTINGS);
        EvaluationResult result = evaluator.evaluate(SEED);
        List<MetricDefinition> all = EnumSet.allOf(Metric.class).stream().map(Metric::definition).toList();
        Map<MetricDefinition, MetricSummary> out = evaluator.evaluate(SEED, all);
        for (Metric m : Metric.values()) {
            assertArrayEquals(result.get(m).repeats(), out.get(m.definition()).repeats(), m.cliName());
            assertEquals(m, Metric.of(m.definition()));
        }
    }

    @Test
    void noMetricIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Evaluator(SETTINGS).evaluate(SEED, List.of()));
        assertEquals("no metric given", e.getMessage());
    }
}
