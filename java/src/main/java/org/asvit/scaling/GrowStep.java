package org.asvit.scaling;

import java.util.List;

/**
 * One member of the family: the network a growth step chose (step 0 is the seed itself).
 *
 * @param step             0 for the seed, then 1, 2, ...
 * @param arch             the topology in scaled form at the counting width (C = 4 x the working width)
 * @param workingWidth     the width the metrics were computed at
 * @param params           parameters at the counting width
 * @param flops            FLOPs at the counting width and the run's image size
 * @param ntk              NTK condition number at the working width (NaN when bad)
 * @param lengthDistortion L^E at the working width (NaN when bad)
 * @param rankSum          its NTK rank plus its L^E rank among the step's candidates (0 for the seed)
 * @param tieBreak         the metric that broke a tie for the best rank sum, or NONE
 * @param candidates       every candidate of the step, the chosen one included
 * @param seconds          wall-clock seconds of the step
 */
public record GrowStep(int step, String arch, int workingWidth, long params, long flops, double ntk,
                       double lengthDistortion, int rankSum, GrowthRanking.TieBreak tieBreak,
                       List<CandidateRecord> candidates, double seconds) {
    public GrowStep {
        candidates = List.copyOf(candidates);
    }

    /**
     * A candidate of a growth step.
     *
     * @param arch             scaled form at the counting width
     * @param params           parameters at the counting width
     * @param flops            FLOPs at the counting width
     * @param ntk              NaN when bad or not evaluated
     * @param lengthDistortion NaN when bad or not evaluated
     * @param ntkRank          -1 when not evaluated
     * @param lengthRank       -1 when not evaluated
     * @param overCap          true when dropped for exceeding --max-params (then not evaluated)
     * @param chosen           whether this candidate won the step
     */
    public record CandidateRecord(String arch, long params, long flops, double ntk, double lengthDistortion,
                                  int ntkRank, int lengthRank, boolean overCap, boolean chosen) {
        public int rankSum() {
            return ntkRank < 0 ? -1 : ntkRank + lengthRank;
        }
    }
}
