package org.asvit.metrics;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The training-free metrics, with their command-line and JSON names. */
public enum Metric {
    /** NTK condition number (trainability; lower is better). */
    NTK("ntk", "ntkCond"),
    /** Length distortion L^E of a circle (expressivity; higher is better). */
    LENGTH("length", "lengthDistortion"),
    /** Extrinsic curvature kappa of the output curve. */
    CURVATURE("curvature", "curvature"),
    /** L^E_kappa, the length of the output curve's unit tangent. */
    LENGTH_KAPPA("length-kappa", "lengthDistortionKappa"),
    /**
     * The reference code's L^E_kappa number (its broadcasting variant, reference-notes section 3): not the
     * quantity the paper defines, offered so that studies can compare against the paper's Table 2.
     */
    LENGTH_KAPPA_REFERENCE("length-kappa-reference", "lengthDistortionKappaReference");

    private final String cliName;
    private final String jsonName;

    Metric(String cliName, String jsonName) {
        this.cliName = cliName;
        this.jsonName = jsonName;
    }

    public String cliName() {
        return cliName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Whether the metric needs the output curve's acceleration (a second-order pass). */
    public boolean needsAcceleration() {
        return this == CURVATURE || this == LENGTH_KAPPA || this == LENGTH_KAPPA_REFERENCE;
    }

    public boolean isCurveMetric() {
        return this != NTK;
    }

    /** Parses a comma-separated list such as {@code ntk,length}. */
    public static Set<Metric> parseList(String text) {
        Set<Metric> out = EnumSet.noneOf(Metric.class);
        for (String part : text.split(",")) {
            String name = part.trim().toLowerCase(Locale.ROOT);
            Metric m = Arrays.stream(values()).filter(v -> v.cliName.equals(name)).findFirst()
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
