package org.asvit.metrics;

/**
 * The reference code's L^E_kappa number ({@code length-kappa-reference}), for comparison with the paper's
 * Table 2 only: it divides each batch of {@value CurveGeometry#REFERENCE_CURVE_BATCH} angles' derivatives
 * (shape B) by a column of their norms (shape B x 1), which broadcasts to a B x B matrix, so it computes
 * {@code sum over batches of (sum_j ||a_j||) * (sum_i 1/||v_i||)} (docs/metrics.md, 'The reference code's L^E_kappa number').
 */
final class ReferenceLengthDistortionKappaMetric implements MetricDefinition {
    @Override
    public String cliName() {
        return "length-kappa-reference";
    }

    @Override
    public String jsonName() {
        return "lengthDistortionKappaReference";
    }

    @Override
    public Pass pass() {
        return Pass.CURVE_WITH_ACCELERATION;
    }

    @Override
    public double value(PassResults results) {
        return of(results.curve());
    }

    /** NaN when the curve has no acceleration. */
    static double of(CurveGeometry curve) {
        if (!curve.hasAcceleration()) {
            return Double.NaN;
        }
        double[] speeds = curve.speeds();
        double[] accelerations = curve.accelerationNorms();
        int batch = CurveGeometry.REFERENCE_CURVE_BATCH;
        double total = 0;
        for (int start = 0; start < speeds.length; start += batch) {
            double accelerationSum = 0;
            double inverseSpeedSum = 0;
            for (int m = start; m < Math.min(speeds.length, start + batch); m++) {
                accelerationSum += accelerations[m];
                inverseSpeedSum += 1 / speeds[m];
            }
            total += accelerationSum * inverseSpeedSum;
        }
        return total;
    }
}
