package org.asvit.scaling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the next network of a growth step from its candidates' metrics (docs/search-and-scaling.md,
 * 'Scaling (greedy growth)' and 'Ties and other departures from the reference'):
 * the candidates are ranked by NTK condition number (ascending) and by length distortion (descending),
 * equal values sharing a rank and the next distinct value taking the next rank (the reference's dense
 * ranking); the smallest rank sum wins.
 *
 * <p>Ties: when several candidates share the smallest rank sum, the reference follows the metric with
 * the larger relative range ((max - min) / max over the candidates; the NTK when both are equal), but
 * its code compares only the first two tied candidates and always takes the smaller value, which is the
 * worse one for the length distortion. asvit takes the better value of that metric among all tied
 * candidates (smaller NTK, larger L^E); if that too is tied, the first candidate in the reference's
 * order. A bad metric (NaN) ranks after every good value.
 */
public final class GrowthRanking {
    /** Which metric decided a tie. */
    public enum TieBreak { NONE, NTK, LENGTH }

    /**
     * The ranking of one step.
     *
     * @param ntkRanks    each candidate's rank by NTK (0 = best)
     * @param lengthRanks each candidate's rank by L^E (0 = best)
     * @param winner      the index of the chosen candidate
     * @param tieBreak    whether and how a tie was broken
     */
    public record Result(int[] ntkRanks, int[] lengthRanks, int winner, TieBreak tieBreak) {
        public int rankSum(int candidate) {
            return ntkRanks[candidate] + lengthRanks[candidate];
        }
    }

    private GrowthRanking() {
    }

    /**
     * @param ntk    the candidates' NTK condition numbers (lower is better; NaN for bad)
     * @param length the candidates' length distortions (higher is better; NaN for bad)
     */
    public static Result rank(double[] ntk, double[] length) {
        if (ntk.length != length.length || ntk.length == 0) {
            throw new IllegalArgumentException("need the same positive number of NTK and L^E values, got "
                    + ntk.length + " and " + length.length);
        }
        int[] ntkRanks = denseRanks(ntk, false);
        int[] lengthRanks = denseRanks(length, true);
        int n = ntk.length;
        int best = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            best = Math.min(best, ntkRanks[i] + lengthRanks[i]);
        }
        List<Integer> tied = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (ntkRanks[i] + lengthRanks[i] == best) {
                tied.add(i);
            }
        }
        if (tied.size() == 1) {
            return new Result(ntkRanks, lengthRanks, tied.get(0), TieBreak.NONE);
        }
        boolean byLength = relativeRange(length) > relativeRange(ntk);
        int winner = tied.get(0);
        for (int i : tied) {
            double candidate = byLength ? length[i] : ntk[i];
            double current = byLength ? length[winner] : ntk[winner];
            if (better(candidate, current, byLength)) {
                winner = i;
            }
        }
        return new Result(ntkRanks, lengthRanks, winner, byLength ? TieBreak.LENGTH : TieBreak.NTK);
    }

    /** Dense ranks: best value 0, equal values equal ranks, NaN after every number. */
    static int[] denseRanks(double[] values, boolean higherIsBetter) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Comparator<Integer> byValue = Comparator.comparingDouble(i -> orderKey(values[i], higherIsBetter));
        java.util.Arrays.sort(order, byValue);   // stable, as Python's sorted
        int[] ranks = new int[values.length];
        for (int k = 0; k < order.length; k++) {
            int i = order[k];
            if (k == 0) {
                ranks[i] = 0;
            } else {
                int previous = order[k - 1];
                boolean same = orderKey(values[i], higherIsBetter) == orderKey(values[previous], higherIsBetter);
                ranks[i] = same ? ranks[previous] : ranks[previous] + 1;
            }
        }
        return ranks;
    }

    /** Ascending key: the value (negated when higher is better); NaN last. */
    private static double orderKey(double value, boolean higherIsBetter) {
        if (Double.isNaN(value)) {
            return Double.POSITIVE_INFINITY;
        }
        return higherIsBetter ? -value : value;
    }

    /** (max - min) / max over the good values; 0 when there are none. */
    static double relativeRange(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        return max == Double.NEGATIVE_INFINITY ? 0 : (max - min) / max;
    }

    private static boolean better(double candidate, double current, boolean higherIsBetter) {
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isNaN(current)) {
            return true;
        }
        return higherIsBetter ? candidate > current : candidate < current;
    }
}
