package org.asvit.cli;

import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.Metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether two evaluations of the same topology (CPU and CUDA) agree: each metric's mean within the
 * relative tolerance the golden fixtures are checked with (1e-4 for L^E, 1e-3 for the NTK condition
 * number, curvature and both L^E_kappa numbers; see {@code fixtures/README.md}). Every metric has one.
 */
final class MetricAgreement {
    static final Map<Metric, Double> TOLERANCES = Map.of(
            Metric.NTK, 1e-3, Metric.LENGTH, 1e-4, Metric.CURVATURE, 1e-3, Metric.LENGTH_KAPPA, 1e-3,
            Metric.LENGTH_KAPPA_REFERENCE, 1e-3);

    /** One metric's comparison: {@code relative} is |actual - expected| / |expected|, NaN when either is not finite. */
    record Difference(Metric metric, double expected, double actual, double relative, double tolerance) {
        boolean ok() {
            return relative <= tolerance;
        }

        String describe() {
            return String.format(Locale.ROOT, "%-13s %.6g vs %.6g: relative difference %.2e (limit %.0e) %s",
                    metric.cliName(), expected, actual, relative, tolerance, ok() ? "ok" : "DIFFERS");
        }
    }

    private MetricAgreement() {
    }

    /** Every metric of {@code expected}, compared with the same metric of {@code actual}. */
    static List<Difference> compare(EvaluationResult expected, EvaluationResult actual) {
        List<Difference> out = new ArrayList<>();
        expected.metrics().forEach((metric, summary) -> {
            double e = summary.mean();
            double a = actual.get(metric).mean();
            double relative = Double.isFinite(e) && Double.isFinite(a)
                    ? Math.abs(a - e) / Math.max(Math.abs(e), Double.MIN_NORMAL) : Double.NaN;
            out.add(new Difference(metric, e, a, relative, TOLERANCES.get(metric)));
        });
        return out;
    }
}
