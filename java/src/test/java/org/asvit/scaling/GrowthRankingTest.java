package org.asvit.scaling;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Ranking, shared ranks, ties and candidates on crafted metric tables. */
@Tag("fast")
class GrowthRankingTest {
    private static final double NAN = Double.NaN;

    @Test
    void ranksAreDenseWithSharedRanksForEqualValues() {
        assertArrayEquals(new int[]{1, 0, 1, 2}, GrowthRanking.denseRanks(new double[]{5, 3, 5, 9}, false));
        assertArrayEquals(new int[]{1, 2, 1, 0}, GrowthRanking.denseRanks(new double[]{5, 3, 5, 9}, true));
        assertArrayEquals(new int[]{0, 1, 1}, GrowthRanking.denseRanks(new double[]{1, NAN, NAN}, false),
                "bad values rank after every good one, and share that rank");
    }

    @Test
    void smallestRankSumWins() {
        // NTK ranks 0,1,2 and L^E ranks 1,0,2 -> sums 1,1,4: a tie between candidates 0 and 1.
        double[] ntk = {10, 20, 30};
        double[] length = {2.0, 3.0, 1.0};
        GrowthRanking.Result r = GrowthRanking.rank(ntk, length);
        assertArrayEquals(new int[]{0, 1, 2}, r.ntkRanks());
        assertArrayEquals(new int[]{1, 0, 2}, r.lengthRanks());
        // Relative ranges: NTK (30-10)/30 = 0.667, L^E (3-1)/3 = 0.667: equal, so the NTK decides: candidate 0.
        assertEquals(0, r.winner());
        assertEquals(GrowthRanking.TieBreak.NTK, r.tieBreak());

        GrowthRanking.Result clear = GrowthRanking.rank(new double[]{10, 20, 30}, new double[]{3.0, 2.0, 1.0});
        assertEquals(0, clear.winner());
        assertEquals(GrowthRanking.TieBreak.NONE, clear.tieBreak());
        assertEquals(0, clear.rankSum(0));
    }

    @Test
    void tieFollowsTheMetricWithTheLargerRelativeRangeAndTakesItsBetterValue() {
        // Candidates 0..3; rank sums: NTK ranks 0,1,2,3; L^E ranks 3,2,1,0 -> all sums 3, a four-way tie.
        double[] ntk = {100, 101, 102, 103};            // relative range 3/103 = 0.03
        double[] length = {1.0, 2.0, 3.0, 4.0};         // relative range 3/4 = 0.75: L^E decides
        GrowthRanking.Result r = GrowthRanking.rank(ntk, length);
        // The better L^E is the larger: candidate 3. (The reference's code compared only candidates 0 and 1
        // and took the smaller value, candidate 0: the worst L^E.)
        assertEquals(3, r.winner());
        assertEquals(GrowthRanking.TieBreak.LENGTH, r.tieBreak());

        double[] wideNtk = {10, 20, 30, 40};            // relative range 0.75
        double[] narrowLength = {1.00, 1.01, 1.02, 1.03};
        GrowthRanking.Result byNtk = GrowthRanking.rank(wideNtk, narrowLength);
        assertEquals(0, byNtk.winner());
        assertEquals(GrowthRanking.TieBreak.NTK, byNtk.tieBreak());
    }

    @Test
    void tiedOnTheDecidingMetricTooTakesTheFirstCandidate() {
        // Identical candidates: every rank 0, every sum 0; ranges 0 and 0 -> NTK decides, all equal -> first.
        GrowthRanking.Result r = GrowthRanking.rank(new double[]{5, 5, 5}, new double[]{2, 2, 2});
        assertEquals(0, r.winner());
    }

    @Test
    void aBadCandidateNeverWinsOnItsBadMetric() {
        GrowthRanking.Result r = GrowthRanking.rank(new double[]{NAN, 20}, new double[]{5.0, 4.0});
        // NTK ranks 1,0; L^E ranks 0,1: sums 1,1; ranges: NTK 0 (one good value), L^E 0.2 -> L^E decides: 0.
        assertEquals(0, r.winner());
        GrowthRanking.Result worse = GrowthRanking.rank(new double[]{NAN, 20}, new double[]{4.0, 5.0});
        assertEquals(1, worse.winner());
    }

    @Test
    void widthsRoundHalfToEvenAndDropRepeats() {
        // From the reference's working width 8: 8.4 -> 8, 8.8 -> 9, 9.2 -> 9 (dropped), 9.6 -> 10.
        assertEquals(List.of(8, 9, 10), GrowthCandidates.widths(8, List.of(0.05, 0.10, 0.15, 0.20)));
        // 10 * 1.05 = 10.5 rounds half to even: 10; 11, 11.5 -> 12, 12.
        assertEquals(List.of(10, 11, 12), GrowthCandidates.widths(10, List.of(0.05, 0.10, 0.15, 0.20)));
        assertEquals(List.of(42, 44, 46, 48), GrowthCandidates.widths(40, List.of(0.05, 0.10, 0.15, 0.20)));
    }

    @Test
    void candidatesAreOneMoreBlockInEachStageTimesEachWidth() {
        List<GrowthCandidates.Candidate> c = GrowthCandidates.of(new int[]{1, 2, 1, 1}, 40, List.of(0.05, 0.10, 0.15, 0.20));
        assertEquals(16, c.size());
        assertEquals(new GrowthCandidates.Candidate(new int[]{2, 2, 1, 1}, 42), c.get(0));
        assertEquals(new GrowthCandidates.Candidate(new int[]{2, 2, 1, 1}, 48), c.get(3));
        assertEquals(new GrowthCandidates.Candidate(new int[]{1, 3, 1, 1}, 42), c.get(4));
        assertEquals(new GrowthCandidates.Candidate(new int[]{1, 2, 1, 2}, 48), c.get(15));
        assertEquals(12, GrowthCandidates.of(new int[]{1, 1, 1, 1}, 8, List.of(0.05, 0.10, 0.15, 0.20)).size());
    }

    @Test
    void familyMembersClosestToTargets() {
        GrowStep a = step(0, 10);
        GrowStep b = step(1, 30);
        GrowStep c = step(2, 50);
        List<Family.Member> members = Family.closest(List.of(a, b, c), List.of(29L, 41L, 40L, 100L));
        assertEquals(List.of(1, 2, 1, 2), members.stream().map(m -> m.step().step()).toList(),
                "40 is as close to 30 as to 50: the earlier step");
    }

    private static GrowStep step(int index, long params) {
        return new GrowStep(index, "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,32", 8, params, 0, 1, 1, 0,
                GrowthRanking.TieBreak.NONE, List.of(), 0);
    }
}
