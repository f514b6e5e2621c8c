package org.asvit.metrics;

import org.asvit.topology.RandomTopologies;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow")
class EvaluatorTest {
    private static final EvaluationSettings SETTINGS = EvaluationSettings.defaults(32).withRepeats(2).withBatch(4)
            .withMetrics(EnumSet.allOf(Metric.class));

    @Test
    void oneEvaluatorServesAStreamWithACallbackPerTopologyAndRepeatsAreReproducible() {
        RandomTopologies random = new RandomTopologies(3);
        List<Topology> topologies = List.of(random.next(), random.next(), random.next());
        Evaluator evaluator = new Evaluator(SETTINGS);
        List<EvaluationResult> results = new ArrayList<>();
        evaluator.evaluateAll(topologies.stream(), results::add);
        assertEquals(3, results.size());
        for (int i = 0; i < 3; i++) {
            EvaluationResult r = results.get(i);
            assertEquals(topologies.get(i), r.topology());
            for (Metric m : Metric.values()) {
                MetricSummary s = r.get(m);
                assertEquals(2, s.repeats().length);
                assertEquals((s.repeats()[0] + s.repeats()[1]) / 2, s.mean(), 1e-12 * Math.abs(s.mean()));
                assertTrue(s.repeats()[0] != s.repeats()[1], m + ": each repeat is a fresh initialisation");
            }
        }
        // The same settings again: the same numbers; another seed: other numbers.
        EvaluationResult again = new Evaluator(SETTINGS).evaluate(topologies.get(0));
        assertArrayEquals(results.get(0).get(Metric.NTK).repeats(), again.get(Metric.NTK).repeats());
        assertArrayEquals(results.get(0).get(Metric.CURVATURE).repeats(), again.get(Metric.CURVATURE).repeats());
        EvaluationResult reseeded = new Evaluator(SETTINGS.withSeed(1, true)).evaluate(topologies.get(0));
        assertFalse(results.get(0).get(Metric.LENGTH).mean() == reseeded.get(Metric.LENGTH).mean());
        List<EvaluationResult> viaIterable = new ArrayList<>();
        evaluator.evaluateAll(List.of(topologies.get(1)), viaIterable::add);
        assertArrayEquals(results.get(1).get(Metric.LENGTH).repeats(), viaIterable.get(0).get(Metric.LENGTH).repeats());
        assertEquals(0, results.get(0).get(Metric.NTK).badRepeats());
    }
}
