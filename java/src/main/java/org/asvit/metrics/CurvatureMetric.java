package org.asvit.metrics;

/** Extrinsic curvature {@code kappa = sum_m (v.v)^(-3/2) sqrt((v.v)(a.a) - (v.a)^2)} of the output curve. */
final class CurvatureMetric implements MetricDefinition {
    @Override
    public String cliName() {
        return "curvature";
    }

    @Override
    public String jsonName() {
        return "curvature";
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
        double kappa = 0;
        for (int m = 0; m < curve.points(); m++) {
            double vv = curve.squaredSpeed(m);
            kappa += curve.cross(m) / (vv * Math.sqrt(vv));
        }
        return kappa;
    }
}
