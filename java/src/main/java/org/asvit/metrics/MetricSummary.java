package org.asvit.metrics;

import java.util.Arrays;

/**
 * One metric over R repeats.
 *
 * @param mean    mean over the repeats that were not bad; NaN when all were bad
 * @param repeats every repeat's value, NaN for a bad repeat (the reference's -1)
 * @param reasons for each repeat, why it is bad, or null when it is good
 * @param seconds wall-clock seconds spent computing this metric over all repeats; metrics computed by
 *                one shared curve pass each report that pass's time
 */
public record MetricSummary(double mean, double[] repeats, String[] reasons, double seconds) {

    /**
     * A summary in which a repeat is bad when it has a reason or its value is not finite (NaN or
     * infinite, which then gets a reason of its own); bad repeats are stored as NaN and left out of the mean.
     */
    public static MetricSummary of(double[] values, String[] reasons, double seconds) {
        if (values.length != reasons.length) {
            throw new IllegalArgumentException(values.length + " values but " + reasons.length + " reasons");
        }
        double[] kept = values.clone();
        String[] why = reasons.clone();
        double sum = 0;
        int good = 0;
        for (int r = 0; r < kept.length; r++) {
            if (why[r] == null && !Double.isFinite(kept[r])) {
                why[r] = "the value is " + kept[r];
            }
            if (why[r] != null) {
                kept[r] = Double.NaN;
            } else {
                sum += kept[r];
                good++;
            }
        }
        return new MetricSummary(good == 0 ? Double.NaN : sum / good, kept, why, seconds);
    }

    /** As {@link #of(double[], String[], double)} with no reasons given: only non-finite values are bad. */
    public static MetricSummary of(double[] values, double seconds) {
        return of(values, new String[values.length], seconds);
    }

    public int badRepeats() {
        return (int) Arrays.stream(reasons).filter(r -> r != null).count();
    }

    /** Why repeat {@code r} (0-based) is bad, or null. */
    public String reason(int r) {
        return reasons[r];
    }

    @Override
    public double[] repeats() {
        return repeats.clone();
    }

    @Override
    public String[] reasons() {
        return reasons.clone();
    }

    @Override
    public String toString() {
        return mean + " " + Arrays.toString(repeats) + (badRepeats() == 0 ? "" : " bad: " + Arrays.toString(reasons));
    }
}
