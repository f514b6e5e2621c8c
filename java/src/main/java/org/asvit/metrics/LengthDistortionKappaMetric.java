package org.asvit.metrics;

/**
 * {@code L^E_kappa = sum_m sqrt((v.v)(a.a) - (v.a)^2) / (v.v)}, the length of the output curve's unit
 * tangent (the intended quantity, not the reference code's broadcasting accident:
 * {@link ReferenceLengthDistortionKappaMetric}).
 */
final class LengthDistortionKappaMetric implements MetricDefinition {
    @Override
    public String cliName() {
        return "length-kappa";
    }

    @Override
    public String jsonName() {
        return "lengthDistortionKappa";
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
        double turning = 0;
        for (int m = 0; m < curve.points(); m++) {
            turning += curve.cross(m) / curve.squaredSpeed(m);
        }
        return turning;
    }
}
