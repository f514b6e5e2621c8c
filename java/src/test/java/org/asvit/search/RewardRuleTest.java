package org.asvit.search;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The reward on crafted metric sequences: normalisation over the window, and the bad-network rule. */
@Tag("fast")
class RewardRuleTest {
    private static final double E = MetricBuffer.EPSILON;

    @Test
    void rewardIsTheNormalisedChangeOfLengthMinusThatOfNtk() {
        RewardRule rule = new RewardRule(20);
        assertEquals(0.0, rule.reward(100, 1.0), "step 0 is paid nothing");
        // NTK 100 -> 50: change -50 / (50 + eps); L^E 1 -> 3: change 2 / (2 + eps).
        assertEquals(2 / (2 + E) - (-50 / (50 + E)), rule.reward(50, 3.0), 1e-12);
        // NTK 50 -> 150, range over [100, 50, 150] = 100; L^E 3 -> 2, range [1, 3, 2] = 2.
        assertEquals(-1 / (2 + E) - 100 / (100 + E), rule.reward(150, 2.0), 1e-12);
    }

    @Test
    void theRangeCoversOnlyTheLastWindowValues() {
        MetricBuffer b = new MetricBuffer(MetricBuffer.Better.HIGHER, 3);
        b.insert(100);   // leaves the window of the 4th value
        b.insert(1);
        b.insert(2);
        assertEquals((4 - 2) / (4 - 1 + E), b.insert(4), 1e-12);
    }

    @Test
    void aBadNetworkTakesTheWorstNtkSoFarAndIsRaisedWithIt() {
        MetricBuffer ntk = new MetricBuffer(MetricBuffer.Better.LOWER, 20);
        ntk.insert(10);
        ntk.insert(30);
        // Bad: takes the worst so far, 30; change (30 - 30) / range = 0.
        assertEquals(0.0, ntk.insert(Double.NaN), 1e-12);
        assertArrayEquals(new double[]{10, 30, 30}, ntk.state().values());
        // A good value below the worst raises nothing.
        ntk.insert(20);
        assertArrayEquals(new double[]{10, 30, 30, 20}, ntk.state().values());
        // A good value above the worst raises the bad entry to it and recomputes its change and the next one's.
        double change = ntk.insert(50);
        assertArrayEquals(new double[]{10, 30, 50, 20, 50}, ntk.state().values());
        assertArrayEquals(new boolean[]{false, false, true, false, false}, ntk.state().bad());
        double[] changes = ntk.state().changes();
        assertEquals((50 - 30) / (50 - 10 + E), changes[2], 1e-12, "the bad entry's change, window [10,30,50]");
        assertEquals((20 - 50) / (50 - 10 + E), changes[3], 1e-12, "the entry after it");
        assertEquals((50 - 20) / (50 - 10 + E), change, 1e-12);
    }

    @Test
    void everyNonPositiveOrNonFiniteConditionNumberIsBad() {
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, -1, 0, -1.5e16}) {
            MetricBuffer ntk = new MetricBuffer(MetricBuffer.Better.LOWER, 20);
            ntk.insert(5);
            ntk.insert(bad);
            assertArrayEquals(new double[]{5, 5}, ntk.state().values(), "value " + bad);
            assertArrayEquals(new boolean[]{false, true}, ntk.state().bad(), "value " + bad);
        }
    }

    @Test
    void aBadFirstNetworkWaitsForTheFirstGoodValue() {
        RewardRule rule = new RewardRule(20);
        assertEquals(0.0, rule.reward(Double.NaN, 1.0));
        assertEquals(Double.NaN, rule.state().ntk().values()[0]);
        // The first good NTK raises it; the second entry's change is then (8 - 8) / ... = 0.
        assertEquals(2 / (2 + E) - 0.0, rule.reward(8, 3.0), 1e-12);
        assertArrayEquals(new double[]{8, 8}, rule.state().ntk().values());
    }

    @Test
    void aBadNetworkIsNeverRewardedForItsNtk() {
        // The reference's default setting let a bad network enter with NTK -1, the best possible score.
        RewardRule rule = new RewardRule(20);
        rule.reward(10, 1.0);
        rule.reward(20, 1.0);
        double badReward = rule.reward(-1, 1.0);
        assertEquals(-(20 - 20) / (20 - 10 + E), badReward, 1e-12);
        assertEquals(0.0, badReward, 1e-12, "no gain from the NTK, where -1 would have paid (10-(-1))/21 ~ 1.4");
    }

    @Test
    void stateRoundTrips() {
        RewardRule rule = new RewardRule(4);
        rule.reward(10, 1);
        rule.reward(Double.NaN, 2);
        rule.reward(12, 0.5);
        RewardRule restored = RewardRule.restore(4, rule.state());
        assertEquals(rule.reward(7, 3), restored.reward(7, 3), 0.0);
    }
}
