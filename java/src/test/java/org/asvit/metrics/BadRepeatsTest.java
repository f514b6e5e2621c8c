package org.asvit.metrics;

import org.asvit.io.TensorData;
import org.asvit.model.ParameterLayout;
import org.asvit.model.ParameterStore;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Repeats whose numbers mean nothing are bad, with a reason, in every metric alike; nothing aborts. */
@Tag("fast")
class BadRepeatsTest {
    private static final Topology TINY = Topology.parse("4,2,2,1|2,1,2,1|2,1,2,1|2,1,2,1|8,8");
    private static final int SIZE = 32;
    private static final int PIXELS = 3 * SIZE * SIZE;
    private static final EvaluationSettings SETTINGS = EvaluationSettings.defaults(SIZE).withRepeats(2).withBatch(4)
            .withClasses(10).withMetrics(EnumSet.allOf(Metric.class));

    /** The rule lambda_min > B * 2^-23 * lambda_max, on eigenvalues worked by hand. */
    @Test
    void conditionNumberOnlyForAResolvablySmallestEigenvalue() {
        assertEquals(10.0, NtkCondition.judge(new double[0], new double[] {1, 10}).condition());
        assertNull(NtkCondition.judge(new double[0], new double[] {1, 10}).reason());
        // B = 2: the floor is 2 * 2^-23 * 1e6 = 0.238...; 0.25 passes, 0.2 does not.
        assertEquals(4e6, NtkCondition.judge(new double[0], new double[] {0.25, 1e6}).condition());
        for (double[] eig : new double[][] {{0.2, 1e6}, {0, 1}, {-1e-9, 1}, {0, 0}, {-2, -1}, {Double.NaN, 1}}) {
            NtkCondition.Result r = NtkCondition.judge(new double[0], eig);
            assertTrue(Double.isNaN(r.condition()), Arrays.toString(eig));
            assertTrue(r.bad() && r.reason().startsWith("the NTK Gram matrix is singular or numerically indefinite"),
                    r.reason());
        }
    }

    @Test
    void zeroBatchIdenticalImagesAndBlankImagesGiveBadNtkRepeats() {
        float[] image = new float[PIXELS];
        Random random = new Random(1);
        for (int i = 0; i < PIXELS; i++) {
            image[i] = (float) random.nextGaussian();
        }
        float[] twice = new float[2 * PIXELS];
        System.arraycopy(image, 0, twice, 0, PIXELS);
        System.arraycopy(image, 0, twice, PIXELS, PIXELS);
        float[] blank = new float[4 * PIXELS];
        Arrays.fill(blank, 0.5f);
        for (var batch : new TensorData[] {TensorData.of(new long[] {4, 3, SIZE, SIZE}, new float[4 * PIXELS]),
                TensorData.of(new long[] {2, 3, SIZE, SIZE}, twice), TensorData.of(new long[] {4, 3, SIZE, SIZE}, blank)}) {
            EvaluationSettings s = SETTINGS.withBatch((int) batch.shape()[0]).withNtkInputs(NtkInputs.fixed(batch, "test"));
            EvaluationResult r = new Evaluator(s).evaluate(TINY);
            MetricSummary ntk = r.get(Metric.NTK);
            assertEquals(2, ntk.badRepeats(), ntk::toString);
            assertTrue(Double.isNaN(ntk.mean()) && Double.isNaN(ntk.repeats()[0]) && Double.isNaN(ntk.repeats()[1]));
            assertTrue(ntk.reason(0).startsWith("the NTK Gram matrix is singular or numerically indefinite: lambda_min"),
                    ntk::toString);
            assertEquals(0, r.get(Metric.LENGTH).badRepeats(), "the curve metrics do not use the NTK batch");
        }
    }

    @Test
    void nonFiniteInputsMarkTheNtkBad() {
        float[] values = new float[4 * PIXELS];
        Random random = new Random(2);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        values[777] = Float.POSITIVE_INFINITY;
        EvaluationSettings s = SETTINGS.withNtkInputs(NtkInputs.fixed(TensorData.of(new long[] {4, 3, SIZE, SIZE},
                values), "test"));
        EvaluationResult r = new Evaluator(s).evaluate(TINY);
        assertEquals("non-finite values in the NTK batch", r.get(Metric.NTK).reason(1));
        assertEquals(2, r.get(Metric.NTK).badRepeats());
        assertEquals(0, r.get(Metric.CURVATURE).badRepeats());
    }

    /** A NaN weight: every metric's repeat is bad naming that weight (the NTK used to abort in the solver). */
    @Test
    void nonFiniteWeightsMarkEveryMetricBad() {
        String poisoned = "layers.1.blocks.0.mlps.0.1.fc1.weight";
        EvaluationSettings s = SETTINGS.withWeights(() -> {
            ParameterStore store = ParameterStore.initialised(ParameterLayout.of(TINY, 10), 3, TensorKind.CPU_FLOAT);
            try (NoGradGuard noGrad = new NoGradGuard()) {
                store.get(poisoned).select(0, 1).select(0, 0).fill_(new Scalar(Double.NaN));
            }
            return store;
        });
        EvaluationResult r = new Evaluator(s).evaluate(TINY);
        for (Metric m : Metric.values()) {
            MetricSummary summary = r.get(m);
            assertEquals(1, summary.badRepeats(), m.cliName());
            assertTrue(Double.isNaN(summary.repeats()[0]) && Double.isNaN(summary.mean()));
            assertEquals("non-finite values in weight " + poisoned, summary.reason(0), m.cliName());
        }
    }

    @Test
    void nonFiniteValuesWithoutAReasonGetOne() {
        MetricSummary s = MetricSummary.of(new double[] {2, Double.POSITIVE_INFINITY, 4, Double.NaN}, 1.0);
        assertEquals(3.0, s.mean());
        assertEquals(2, s.badRepeats());
        assertEquals("the value is Infinity", s.reason(1));
        assertTrue(Double.isNaN(s.repeats()[1]), "a bad repeat is stored as NaN, as search rewards expect");
        assertNull(s.reason(0));
    }
}
