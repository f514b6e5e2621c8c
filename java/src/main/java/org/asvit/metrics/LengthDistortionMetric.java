package org.asvit.metrics;

/**
 * Length distortion {@code L^E = sum_m ||v_m||} of the circle's image (expressivity; higher is better): a
 * plain sum over the angles, as the reference code.
 */
final class LengthDistortionMetric implements MetricDefinition {
    @Override
    public String cliName() {
        return "length";
    }

    @Override
    public String jsonName() {
        return "lengthDistortion";
    }

    @Override
    public Pass pass() {
        return Pass.CURVE;
    }

    @Override
    public double value(PassResults results) {
        return of(results.curve());
    }

    static double of(CurveGeometry curve) {
        double sum = 0;
        for (double s : curve.speeds()) {
            sum += s;
        }
        return sum;
    }
}
