package org.asvit.scaling;

import org.asvit.InvalidSettingException;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;

import java.util.EnumSet;
import java.util.List;

/**
 * How to grow a seed topology into a family (paper Algorithm 2; docs/search-and-scaling.md, 'Scaling (greedy growth)').
 *
 * @param stopParams    stop once the chosen network has at least this many parameters (80M; the paper says 100M)
 * @param maxParams     candidates with more parameters are dropped (110M)
 * @param widthRatios   the width increases tried at each step (+5%, +10%, +15%, +20%)
 * @param countScale    the metrics are computed at the working width, parameters and FLOPs at this many
 *                      times it (the reference's SCALE_WIDTH = 4); the reported width C is the counting width
 * @param classes       classes of the head when counting parameters (1000)
 * @param evaluation    how each candidate's metrics are computed (image size, repeats, NTK batch, device,
 *                      seed; NTK and length distortion at least)
 * @param rule          how each step's winner is chosen: by the metrics (the paper's growth) or at random
 *                      among the candidates under the cap (the paper's random-scaling baseline, Figure 3)
 */
public record GrowConfig(long stopParams, long maxParams, List<Double> widthRatios, int countScale, int classes,
                         EvaluationSettings evaluation, Rule rule) {
    public static final long PAPER_STOP_PARAMS = 80_000_000L;
    public static final long PAPER_MAX_PARAMS = 110_000_000L;
    public static final List<Double> PAPER_WIDTH_RATIOS = List.of(0.05, 0.10, 0.15, 0.20);
    public static final int PAPER_COUNT_SCALE = 4;

    /** How a step's winner is chosen. */
    public enum Rule {
        /** The smallest NTK rank plus L^E rank ({@link GrowthRanking}): the paper's Algorithm 2. */
        METRICS,
        /**
         * A uniformly random candidate under the cap, drawn from a generator seeded by (seed, step), so a
         * resumed run draws the same; only the chosen network is evaluated (its metrics are recorded).
         */
        RANDOM
    }

    /** Growth by the metrics (the paper's rule). */
    public GrowConfig(long stopParams, long maxParams, List<Double> widthRatios, int countScale, int classes,
                      EvaluationSettings evaluation) {
        this(stopParams, maxParams, widthRatios, countScale, classes, evaluation, Rule.METRICS);
    }

    public GrowConfig {
        java.util.Objects.requireNonNull(rule, "rule");
        widthRatios = List.copyOf(widthRatios);
        if (stopParams < 1 || maxParams < 1) {
            throw new InvalidSettingException("{stopParams} and {maxParams} must be positive, got " + stopParams
                    + " and " + maxParams);
        }
        if (stopParams > maxParams) {
            throw new InvalidSettingException("{stopParams} (" + stopParams + ") must not exceed {maxParams} ("
                    + maxParams + "): no candidate above {maxParams} is ever chosen");
        }
        if (widthRatios.isEmpty() || widthRatios.stream().anyMatch(r -> !(r >= 0) || !Double.isFinite(r))) {
            throw new IllegalArgumentException("width ratios must be non-negative numbers, got " + widthRatios);
        }
        if (countScale < 1) {
            throw new IllegalArgumentException("the counting scale must be at least 1, got " + countScale);
        }
        if (!evaluation.metrics().containsAll(EnumSet.of(Metric.NTK, Metric.LENGTH))) {
            throw new IllegalArgumentException("growth ranks by the ntk and length metrics");
        }
    }

    /** The reference's setting (80M stop, 110M cap, +5..20% widths, counting at 4x) with these evaluation settings. */
    public static GrowConfig paper(EvaluationSettings evaluation) {
        return new GrowConfig(PAPER_STOP_PARAMS, PAPER_MAX_PARAMS, PAPER_WIDTH_RATIOS, PAPER_COUNT_SCALE, 1000, evaluation);
    }

    /** The same configuration with another rule. */
    public GrowConfig withRule(Rule newRule) {
        return new GrowConfig(stopParams, maxParams, widthRatios, countScale, classes, evaluation, newRule);
    }
}
