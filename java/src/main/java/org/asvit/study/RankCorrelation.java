package org.asvit.study;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Rank correlations between a metric and accuracy, with ties handled as the statistics literature (and
 * scipy) does:
 * <ul>
 *   <li>Kendall's tau-b: {@code (C - D) / sqrt((n0 - n1)(n0 - n2))}, n0 = n(n-1)/2 pairs, n1 and n2 the
 *       pairs tied in x and in y; pairs tied in both count in neither C nor D;</li>
 *   <li>Spearman's rho: Pearson's correlation of the average ranks (ties share the mean of their ranks);</li>
 *   <li>bootstrap 95% intervals: percentiles 2.5 and 97.5 of the statistic over resamples of the pairs
 *       with replacement, drawn from a seeded generator (the same seed gives the same interval).</li>
 * </ul>
 * Pairs where either value is not finite (a bad metric) are left out. With fewer than two usable pairs,
 * or a constant variable, a correlation is NaN.
 */
public final class RankCorrelation {
    private RankCorrelation() {
    }

    /** A statistic with its bootstrap interval. */
    public record Estimate(double value, double low, double high, int pairs) {
    }

    /** Kendall's tau-b of the finite pairs. */
    public static double kendallTauB(double[] x, double[] y) {
        double[][] p = finitePairs(x, y);
        double[] a = p[0];
        double[] b = p[1];
        int n = a.length;
        long concordant = 0;
        long discordant = 0;
        long tiedX = 0;
        long tiedY = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int sx = Double.compare(a[i], a[j]);
                int sy = Double.compare(b[i], b[j]);
                if (sx == 0 && sy == 0) {
                    tiedX++;
                    tiedY++;
                } else if (sx == 0) {
                    tiedX++;
                } else if (sy == 0) {
                    tiedY++;
                } else if (sx == sy) {
                    concordant++;
                } else {
                    discordant++;
                }
            }
        }
        long pairs = (long) n * (n - 1) / 2;
        double denominator = Math.sqrt((double) (pairs - tiedX) * (pairs - tiedY));
        return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
    }

    /** Spearman's rho of the finite pairs: the Pearson correlation of their average ranks. */
    public static double spearmanRho(double[] x, double[] y) {
        double[][] p = finitePairs(x, y);
        return pearson(averageRanks(p[0]), averageRanks(p[1]));
    }

    /** Ranks 1..n, ties sharing the mean of the ranks they span. */
    public static double[] averageRanks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(values[i], values[j]));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && Double.compare(values[order[end + 1]], values[order[start]]) == 0) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int k = start; k <= end; k++) {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    /** Which statistic a bootstrap resamples. */
    public enum Statistic {
        KENDALL_TAU_B, SPEARMAN_RHO;

        double of(double[] x, double[] y) {
            return this == KENDALL_TAU_B ? kendallTauB(x, y) : spearmanRho(x, y);
        }
    }

    /**
     * The statistic of the finite pairs and its bootstrap 95% percentile interval over {@code resamples}
     * resamples drawn from {@code seed}; resamples whose statistic is undefined (a constant variable) are
     * skipped.
     */
    public static Estimate bootstrap(Statistic statistic, double[] x, double[] y, int resamples, long seed) {
        double[][] p = finitePairs(x, y);
        double[] a = p[0];
        double[] b = p[1];
        int n = a.length;
        double value = statistic.of(a, b);
        SplittableRandom random = new SplittableRandom(seed);
        double[] draws = new double[resamples];
        int kept = 0;
        double[] ra = new double[n];
        double[] rb = new double[n];
        for (int r = 0; r < resamples && n >= 2; r++) {
            for (int i = 0; i < n; i++) {
                int k = random.nextInt(n);
                ra[i] = a[k];
                rb[i] = b[k];
            }
            double s = statistic.of(ra, rb);
            if (!Double.isNaN(s)) {
                draws[kept++] = s;
            }
        }
        if (kept == 0) {
            return new Estimate(value, Double.NaN, Double.NaN, n);
        }
        double[] sorted = Arrays.copyOf(draws, kept);
        Arrays.sort(sorted);
        return new Estimate(value, percentile(sorted, 2.5), percentile(sorted, 97.5), n);
    }

    /** Linear interpolation between closest ranks (numpy's default). */
    static double percentile(double[] sorted, double percent) {
        double position = percent / 100 * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(sorted.length - 1, lower + 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static double pearson(double[] a, double[] b) {
        int n = a.length;
        if (n < 2) {
            return Double.NaN;
        }
        double ma = Arrays.stream(a).average().orElse(0);
        double mb = Arrays.stream(b).average().orElse(0);
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
    }

    private static double[][] finitePairs(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("need as many metric values as accuracies, got " + x.length + " and "
                    + y.length);
        }
        int kept = 0;
        double[] a = new double[x.length];
        double[] b = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                a[kept] = x[i];
                b[kept] = y[i];
                kept++;
            }
        }
        return new double[][]{Arrays.copyOf(a, kept), Arrays.copyOf(b, kept)};
    }
}
