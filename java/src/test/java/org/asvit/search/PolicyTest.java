package org.asvit.search;

import org.asvit.topology.SearchSpace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy's sampling, log-probability, gradient and entropy; Adam and the baseline by hand. */
@Tag("fast")
class PolicyTest {

    @Test
    void uniformPolicyHasTheEntropyOfTheWholeSpace() {
        List<Integer> sizes = SearchSpace.factors().stream().map(SearchSpace.Factor::size).toList();
        double[][] zeros = sizes.stream().map(n -> new double[n]).toArray(double[][]::new);
        CategoricalPolicy uniform = CategoricalPolicy.of(zeros);
        assertEquals(Math.log(4_556_250), uniform.entropy(), 1e-12);
        assertEquals(15.33, uniform.entropy(), 0.005);
        // The reference's 0.001 * N(0,1) start is uniform to about 1e-6 nats.
        CategoricalPolicy initial = CategoricalPolicy.initial(sizes, new SplittableRandom(1));
        assertEquals(Math.log(4_556_250), initial.entropy(), 1e-4);
    }

    @Test
    void gradientIsOneHotMinusSoftmax() {
        double[][] logits = {{0.5, -1.0, 2.0}, {0.0, 0.3}};
        CategoricalPolicy policy = CategoricalPolicy.of(logits);
        int[] choice = {2, 0};
        double z0 = Math.exp(0.5) + Math.exp(-1.0) + Math.exp(2.0);
        double z1 = Math.exp(0.0) + Math.exp(0.3);
        double[][] expected = {
                {-Math.exp(0.5) / z0, -Math.exp(-1.0) / z0, 1 - Math.exp(2.0) / z0},
                {1 - Math.exp(0.0) / z1, -Math.exp(0.3) / z1}};
        double[][] gradient = policy.logProbGradient(choice);
        for (int f = 0; f < expected.length; f++) {
            assertArrayEquals(expected[f], gradient[f], 1e-15);
        }
        assertEquals(2.0 - Math.log(z0) + 0.0 - Math.log(z1), policy.logProb(choice), 1e-15);

        // And the log-probability's central differences agree with it.
        double h = 1e-6;
        for (int f = 0; f < logits.length; f++) {
            for (int c = 0; c < logits[f].length; c++) {
                double[][] plus = CategoricalPolicy.of(logits).logits();
                double[][] minus = CategoricalPolicy.of(logits).logits();
                plus[f][c] += h;
                minus[f][c] -= h;
                double numeric = (CategoricalPolicy.of(plus).logProb(choice) - CategoricalPolicy.of(minus).logProb(choice)) / (2 * h);
                assertEquals(numeric, gradient[f][c], 1e-8);
            }
        }
    }

    @Test
    void policyStepFollowsMinusAdvantageTimesTheGradient() {
        // loss = -log P * advantage: with a positive advantage the chosen logits rise, the others fall.
        CategoricalPolicy policy = CategoricalPolicy.of(new double[][]{{0, 0, 0}});
        Adam adam = new Adam(0.08, 3);
        CategoricalPolicy after = ReinforceSearch.policyStep(policy, adam, new int[]{1}, 2.0);
        // First Adam step moves each parameter by lr * sign(-gradient) (up to eps): hand computation below.
        double g0 = -2.0 * (0 - 1.0 / 3);   // d loss / d logit 0
        double g1 = -2.0 * (1 - 1.0 / 3);
        double[] expected = {-0.08 * g0 / (Math.abs(g0) + 1e-8), -0.08 * g1 / (Math.abs(g1) + 1e-8),
                -0.08 * g0 / (Math.abs(g0) + 1e-8)};
        assertArrayEquals(expected, after.logits()[0], 1e-15);
        assertTrue(after.logits()[0][1] > 0.079);
    }

    @Test
    void adamTwoStepsByHand() {
        double lr = 0.08;
        Adam adam = new Adam(lr, 1);
        double[] p = {1.0};
        adam.step(p, new double[]{0.5});
        // t=1: m = 0.05, v = 0.00025; step = lr/0.1; denom = sqrt(0.00025)/sqrt(0.001) + eps = 0.5 + eps
        double p1 = 1.0 - (lr / 0.1) * 0.05 / (0.5 + 1e-8);
        assertEquals(p1, p[0], 1e-15);
        adam.step(p, new double[]{-1.0});
        // t=2: m = 0.9*0.05 - 0.1 = -0.055; v = 0.999*0.00025 + 0.001 = 0.00124975
        double m = 0.9 * 0.05 + 0.1 * -1.0;
        double v = 0.999 * 0.00025 + 0.001 * 1.0;
        double bc1 = 1 - 0.9 * 0.9;
        double bc2 = 1 - 0.999 * 0.999;
        double p2 = p1 - (lr / bc1) * m / (Math.sqrt(v) / Math.sqrt(bc2) + 1e-8);
        assertEquals(p2, p[0], 1e-15);
        assertEquals(2, adam.state().t());
        assertArrayEquals(new double[]{m}, adam.state().m(), 1e-16);
    }

    @Test
    void baselineIsTheBiasCorrectedAverage() {
        EmaBaseline b = EmaBaseline.empty(0.9).update(2.0);
        assertEquals(2.0, b.value(), 1e-15, "the first value is the first reward");
        b = b.update(-1.0);
        assertEquals((0.9 * 0.1 * 2.0 + 0.1 * -1.0) / (0.9 * 0.1 + 0.1), b.value(), 1e-15);
    }

    @Test
    void samplingFollowsTheProbabilitiesAndArgmaxTakesTheFirstMaximum() {
        CategoricalPolicy policy = CategoricalPolicy.of(new double[][]{{Math.log(0.2), Math.log(0.5), Math.log(0.3)}});
        int[] counts = new int[3];
        SplittableRandom random = new SplittableRandom(5);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            counts[policy.sample(random)[0]]++;
        }
        assertEquals(0.2, counts[0] / (double) n, 0.005);
        assertEquals(0.5, counts[1] / (double) n, 0.005);
        assertEquals(1, policy.argmax()[0]);
        assertArrayEquals(new int[]{0}, CategoricalPolicy.of(new double[][]{{1, 1}}).argmax());
        assertEquals(List.of(1), Collections.singletonList(policy.argmax()[0]));
    }
}
