package org.asvit.metrics;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The built-in training-free metrics, with their command-line and JSON names: the one place where a metric
 * is registered. Each constant names the class that computes it ({@link MetricDefinition}); the evaluator
 * asks that class, so a new metric is a new class and a new constant here.
 */
public enum Metric {
    /** NTK condition number (trainability; lower is better). */
    NTK(new NtkConditionMetric()),
    /** Length distortion L^E of a circle (expressivity; higher is better). */
    LENGTH(new LengthDistortionMetric()),
    /** Extrinsic curvature kappa of the output curve. */
    CURVATURE(new CurvatureMetric()),
    /** L^E_kappa, the length of the output curve's unit tangent. */
    LENGTH_KAPPA(new LengthDistortionKappaMetric()),
    /**
     * The reference code's L^E_kappa number (its broadcasting variant; docs/metrics.md,
     * 'The reference code's L^E_kappa number'): not the
     * quantity the paper defines, offered so that studies can compare against the paper's Table 2.
     */
    LENGTH_KAPPA_REFERENCE(new ReferenceLengthDistortionKappaMetric());

    private final MetricDefinition definition;

    Metric(MetricDefinition definition) {
        this.definition = definition;
    }

    /** The class that computes this metric. */
    public MetricDefinition definition() {
        return definition;
    }

    public String cliName() {
        return definition.cliName();
    }

    public String jsonName() {
        return definition.jsonName();
    }

    /** Whether the metric needs the output curve's acceleration (a second-order pass). */
    public boolean needsAcceleration() {
        return definition.pass() == MetricDefinition.Pass.CURVE_WITH_ACCELERATION;
    }

    public boolean isCurveMetric() {
        return definition.pass().isCurve();
    }

    /** The built-in metric with this definition, if it is one. */
    static Metric of(MetricDefinition definition) {
        for (Metric m : values()) {
            if (m.definition == definition) {
                return m;
            }
        }
        return null;
    }

    /**
     * Built-in metrics that run the same passes as {@code metrics} (NTK, first- or second-order curve): what
     * the memory estimate of an evaluation of {@code metrics} depends on.
     */
    static Set<Metric> withPasses(java.util.Collection<? extends MetricDefinition> metrics) {
        Set<Metric> out = EnumSet.noneOf(Metric.class);
        for (MetricDefinition m : metrics) {
            out.add(switch (m.pass()) {
                case NTK -> NTK;
                case CURVE -> LENGTH;
                case CURVE_WITH_ACCELERATION -> CURVATURE;
            });
        }
        return out;
    }

    /** Parses a comma-separated list such as {@code ntk,length}. */
    public static Set<Metric> parseList(String text) {
        Set<Metric> out = EnumSet.noneOf(Metric.class);
        for (String part : text.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            Metric m = Arrays.stream(values()).filter(v -> v.cliName().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + part.trim()
                            + "'; accepted: " + acceptedNames()));
            out.add(m);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no metric given; accepted: " + acceptedNames());
        }
        return out;
    }

    /** {@code ntk,length}: the CLI names of {@code metrics}, in declaration order. */
    public static String names(Set<Metric> metrics) {
        return metrics.stream().sorted().map(Metric::cliName).collect(Collectors.joining(","));
    }

    public static String acceptedNames() {
        return Arrays.stream(values()).map(Metric::cliName).collect(Collectors.joining(", "));
    }
}
