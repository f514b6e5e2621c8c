package org.asvit.scaling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The candidates of one growth step (docs/search-and-scaling.md, 'Scaling (greedy growth)'): one more block in one of the four
 * stages, combined with each width increase. Widths are {@code round(w * (1 + r))} with Python's
 * rounding (half to even, as the reference's {@code round}); a ratio whose width equals the previous
 * ratio's is dropped, so there are up to 4 x 4 = 16 candidates. A depth choice always changes the
 * depth and the width together.
 */
public final class GrowthCandidates {
    /** A candidate: depths per stage and the working width. */
    public record Candidate(int[] depths, int width) {
        public Candidate {
            depths = depths.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Candidate c && c.width == width && Arrays.equals(c.depths, depths);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(depths) + width;
        }

        @Override
        public String toString() {
            return Arrays.toString(depths) + " x " + width;
        }
    }

    private GrowthCandidates() {
    }

    /** The widths tried from {@code width}: one per ratio, in order, consecutive duplicates dropped. */
    public static List<Integer> widths(int width, List<Double> ratios) {
        List<Integer> widths = new ArrayList<>();
        for (double ratio : ratios) {
            int next = (int) Math.rint(width * (1 + ratio));
            if (!widths.isEmpty() && widths.get(widths.size() - 1) == next) {
                continue;
            }
            widths.add(next);
        }
        return widths;
    }

    /** Every candidate, depth choice (stage 1 first) major, width minor: the reference's order. */
    public static List<Candidate> of(int[] depths, int width, List<Double> ratios) {
        List<Integer> widths = widths(width, ratios);
        List<Candidate> out = new ArrayList<>();
        for (int stage = 0; stage < depths.length; stage++) {
            int[] deeper = depths.clone();
            deeper[stage]++;
            for (int w : widths) {
                out.add(new Candidate(deeper, w));
            }
        }
        return out;
    }
}
