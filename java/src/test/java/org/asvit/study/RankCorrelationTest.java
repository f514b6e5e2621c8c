package org.asvit.study;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kendall tau-b and Spearman rho against hand-computed values, ties included; seeded bootstrap intervals. */
@Tag("fast")
class RankCorrelationTest {

    @Test
    void kendallWithoutTies() {
        // Pairs (1,1) (2,3) (3,2) (4,4): 6 pairs, one discordant (2,3)-(3,2): (5 - 1) / 6.
        assertEquals(4.0 / 6, RankCorrelation.kendallTauB(new double[]{1, 2, 3, 4}, new double[]{1, 3, 2, 4}), 1e-15);
        assertEquals(-1.0, RankCorrelation.kendallTauB(new double[]{1, 2, 3}, new double[]{3, 2, 1}), 1e-15);
    }

    @Test
    void kendallTauBWithTies() {
        // x = 1,1,2,3; y = 1,2,2,3. Pairs: (0,1) tied in x; (1,2) tied in y; (0,2) (0,3) (1,3) (2,3) concordant.
        // n0 = 6, n1 = 1, n2 = 1: tau-b = 4 / sqrt(5 * 5) = 0.8 (scipy.stats.kendalltau gives 0.8).
        assertEquals(0.8, RankCorrelation.kendallTauB(new double[]{1, 1, 2, 3}, new double[]{1, 2, 2, 3}), 1e-15);
        // A pair tied in both counts in neither: x = 1,1,2; y = 5,5,6 -> C = 2, n1 = n2 = 1, tau-b = 2 / 2 = 1.
        assertEquals(1.0, RankCorrelation.kendallTauB(new double[]{1, 1, 2}, new double[]{5, 5, 6}), 1e-15);
    }

    @Test
    void spearmanUsesAverageRanks() {
        assertArrayEquals(new double[]{1.5, 1.5, 3, 4}, RankCorrelation.averageRanks(new double[]{7, 7, 8, 9}), 0);
        // x ranks 1.5,1.5,3,4; y = 1,2,3,4. Pearson of ranks: mean 2.5 each; sxy = (-1)(-1.5) + (-1)(-0.5)
        // + (0.5)(0.5) + (1.5)(1.5) = 4.5; sxx = 1+1+0.25+2.25 = 4.5; syy = 5: rho = 4.5 / sqrt(22.5).
        assertEquals(4.5 / Math.sqrt(22.5),
                RankCorrelation.spearmanRho(new double[]{7, 7, 8, 9}, new double[]{1, 2, 3, 4}), 1e-15);
        assertEquals(-1.0, RankCorrelation.spearmanRho(new double[]{1, 2, 3}, new double[]{10, 5, 0}), 1e-15);
    }

    @Test
    void nonFinitePairsAreLeftOutAndConstantsAreUndefined() {
        assertEquals(-1.0, RankCorrelation.kendallTauB(new double[]{1, Double.NaN, 2, 3}, new double[]{3, 0, 2, 1}), 1e-15);
        assertTrue(Double.isNaN(RankCorrelation.kendallTauB(new double[]{1, 1, 1}, new double[]{1, 2, 3})));
        assertTrue(Double.isNaN(RankCorrelation.spearmanRho(new double[]{1, 1, 1}, new double[]{1, 2, 3})));
    }

    @Test
    void bootstrapIsReproducibleBySeedAndBracketsTheEstimate() {
        double[] x = new double[30];
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            x[i] = i;
            y[i] = i + 10 * Math.sin(i * 1.7);
        }
        RankCorrelation.Estimate a = RankCorrelation.bootstrap(RankCorrelation.Statistic.KENDALL_TAU_B, x, y, 500, 42);
        RankCorrelation.Estimate b = RankCorrelation.bootstrap(RankCorrelation.Statistic.KENDALL_TAU_B, x, y, 500, 42);
        assertEquals(a, b);
        assertEquals(RankCorrelation.kendallTauB(x, y), a.value(), 0);
        assertTrue(a.low() < a.value() && a.value() < a.high(), a.toString());
        assertEquals(30, a.pairs());
        RankCorrelation.Estimate c = RankCorrelation.bootstrap(RankCorrelation.Statistic.SPEARMAN_RHO, x, y, 500, 43);
        assertTrue(c.low() < c.value() && c.value() < c.high(), c.toString());
        assertEquals(2.5, RankCorrelation.percentile(new double[]{0, 10, 20, 30, 40}, 6.25), 1e-12);
    }
}
