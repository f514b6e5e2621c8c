package org.asvit.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The history of one metric in the search's reward (docs/search-and-scaling.md, 'Reward and bad networks'): every value seen,
 * whether it came from a bad network, and its normalised change
 * <pre>
 *   change_t = (x_t - x_{t-1}) / (max - min of the last W values, x_t included, + 1e-6)
 * </pre>
 * with change 0 for the first entry.
 *
 * <p>Bad networks (a metric that is not a finite positive number) have no value of their own. As the
 * reference intends, a bad entry takes the worst value seen so far (the largest for a metric where
 * lower is better, the smallest otherwise), and when a later good value is worse still, every bad
 * entry is raised to it and its change, and the change of the entry after it, are recomputed. A bad
 * entry before any good value waits (no value, change 0) until the first good value raises it.
 * Changes are fixed when the reward is paid; recomputed changes only affect later windows' records.
 */
public final class MetricBuffer {
    /** The reference's denominator guard. */
    public static final double EPSILON = 1e-6;

    /** Which direction of the metric is better. */
    public enum Better { LOWER, HIGHER }

    private final Better better;
    private final int window;
    private final List<Double> values = new ArrayList<>();
    private final List<Boolean> bad = new ArrayList<>();
    private final List<Double> changes = new ArrayList<>();

    /**
     * The buffer's whole content, for checkpoints: values (NaN for a bad entry still waiting for a
     * value), bad flags and changes, oldest first.
     */
    public record State(double[] values, boolean[] bad, double[] changes) {
        public State {
            values = values.clone();
            bad = bad.clone();
            changes = changes.clone();
            if (bad.length != values.length || changes.length != values.length) {
                throw new IllegalArgumentException("metric buffer state has " + values.length + " values, "
                        + bad.length + " flags and " + changes.length + " changes");
            }
        }
    }

    public MetricBuffer(Better better, int window) {
        if (window < 2) {
            throw new IllegalArgumentException("the reward buffer must hold at least 2 values, got " + window);
        }
        this.better = better;
        this.window = window;
    }

    /** A buffer continuing from a saved state. */
    public static MetricBuffer restore(Better better, int window, State state) {
        MetricBuffer buffer = new MetricBuffer(better, window);
        for (int i = 0; i < state.values().length; i++) {
            buffer.values.add(state.values()[i]);
            buffer.bad.add(state.bad()[i]);
            buffer.changes.add(state.changes()[i]);
        }
        return buffer;
    }

    /** Whether a measurement counts as bad: anything but a finite positive number. */
    public static boolean isBad(double value) {
        return !(Double.isFinite(value) && value > 0);
    }

    /**
     * Adds a measurement and returns its normalised change (0 for the first entry and for a bad entry
     * that has no value to take yet).
     */
    public double insert(double measured) {
        boolean isBad = isBad(measured);
        double value = measured;
        if (isBad) {
            value = worst();
        } else if (bad.contains(Boolean.TRUE) && (Double.isNaN(worst()) || worse(value, worst()))) {
            raiseBadEntries(value);
        }
        values.add(value);
        bad.add(isBad);
        double change = changeAt(values.size() - 1);
        changes.add(change);
        return change;
    }

    /** The last entry's change. */
    public double lastChange() {
        return changes.get(changes.size() - 1);
    }

    public int size() {
        return values.size();
    }

    public State state() {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] b = new boolean[bad.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = bad.get(i);
        }
        double[] c = changes.stream().mapToDouble(Double::doubleValue).toArray();
        return new State(v, b, c);
    }

    private void raiseBadEntries(double value) {
        for (int i = 0; i < values.size(); i++) {
            if (bad.get(i)) {
                values.set(i, value);
            }
        }
        for (int i = 0; i < values.size(); i++) {
            if (bad.get(i)) {
                changes.set(i, changeAt(i));
                if (i + 1 < values.size()) {
                    changes.set(i + 1, changeAt(i + 1));
                }
            }
        }
    }

    /** The normalised change of entry i over the window that ends at i. */
    private double changeAt(int i) {
        if (i == 0 || Double.isNaN(values.get(i)) || Double.isNaN(values.get(i - 1))) {
            return 0;
        }
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (int j = Math.max(0, i + 1 - window); j <= i; j++) {
            double v = values.get(j);
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
                min = Math.min(min, v);
            }
        }
        return (values.get(i) - values.get(i - 1)) / (max - min + EPSILON);
    }

    /** The worst value in the whole history, NaN when there is none. */
    private double worst() {
        double worst = Double.NaN;
        for (double v : values) {
            if (!Double.isNaN(v) && (Double.isNaN(worst) || worse(v, worst))) {
                worst = v;
            }
        }
        return worst;
    }

    private boolean worse(double a, double b) {
        return better == Better.LOWER ? a > b : a < b;
    }

    @Override
    public String toString() {
        return better + " " + Arrays.toString(state().values());
    }
}
