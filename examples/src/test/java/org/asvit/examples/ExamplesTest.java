package org.asvit.examples;

import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs the examples' main methods, so that the build fails when the API they show changes under them. */
@Tag("slow")
class ExamplesTest {
    private static String stdoutOf(Runnable main) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theReadmeExamplePrintsTheEvaluatorsNumbers() {
        String printed = stdoutOf(() -> EvaluateOneTopology.main(new String[] {"32"}));
        EvaluationResult expected = new Evaluator(EvaluationSettings.defaults(32).withRepeats(2))
                .evaluate(Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32"));
        assertEquals("ntk " + expected.get(Metric.NTK).mean() + " (bad repeats: 0)\n"
                + "length " + expected.get(Metric.LENGTH).mean() + " (bad repeats: 0)\n", printed);
    }

    @Test
    void requestThreadsSharingOneEvaluatorGetTheSequentialNumbers() {
        String printed = stdoutOf(() -> {
            try {
                SharedEvaluatorService.main(new String[] {"6", "3", "32"});
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals("6 topologies on 3 request threads: identical to sequential, bit for bit\n", printed);
    }

    @Test
    void theComparisonSeesADifference() throws Exception {
        // sameBits is what the service example's verdict rests on: it must tell two different results apart.
        Evaluator evaluator = new Evaluator(EvaluationSettings.defaults(32).withRepeats(1).withBatch(4));
        List<EvaluationResult> r = SharedEvaluatorService.serve(evaluator,
                List.of(Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32"), Topology.parse("4,2,2|2,4,6|3,2,2|4,1,5|32")), 2);
        assertTrue(SharedEvaluatorService.sameBits(r.get(0), r.get(0)));
        assertFalse(SharedEvaluatorService.sameBits(r.get(0), r.get(1)));
    }
}
