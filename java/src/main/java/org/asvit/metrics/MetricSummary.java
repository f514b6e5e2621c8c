package org.asvit.metrics;

import java.util.Arrays;

/**
 * One metric over R repeats.
 *
 * @param mean    mean over the repeats that were not bad; NaN when all were bad
 * @param repeats every repeat's value, NaN for a bad repeat (the reference's -1)
 * @param seconds wall-clock seconds spent computing this metric over all repeats; metrics computed by
 *                one shared curve pass each report that pass's time
 */
public record MetricSummary(double mean, double[] repeats, double seconds) {

    public static MetricSummary of(double[] repeats, double seconds) {
        double sum = 0;
        int good = 0;
        for (double v : repeats) {
            if (!Double.isNaN(v)) {
                sum += v;
                good++;
            }
        }
        return new MetricSummary(good == 0 ? Double.NaN : sum / good, repeats.clone(), seconds);
    }

    public int badRepeats() {
        return (int) Arrays.stream(repeats).filter(Double::isNaN).count();
    }

    @Override
    public String toString() {
        return mean + " " + Arrays.toString(repeats);
    }
}
