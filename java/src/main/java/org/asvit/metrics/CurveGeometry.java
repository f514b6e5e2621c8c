package org.asvit.metrics;

/**
 * The output curve's per-angle quantities from its velocity v(theta_m) and acceleration a(theta_m), in
 * float64 (docs/metrics.md, 'Length distortion' to 'L^E_kappa'):
 * the speed {@code ||v||}, {@code v.v}, {@code ||a||} and the cross
 * term {@code sqrt((v.v)(a.a) - (v.a)^2)}. The curve metrics sum these (each metric is its own class:
 * {@link LengthDistortionMetric}, {@link CurvatureMetric}, {@link LengthDistortionKappaMetric},
 * {@link ReferenceLengthDistortionKappaMetric}); the accessors below are theirs, kept for callers that hold
 * a geometry.
 */
public final class CurveGeometry {
    private final double[] speeds;
    private final double[] squaredSpeeds;
    private final double[] accelerations;
    private final double[] cross;

    /** Angles per backward batch in the reference code, which its L^E_kappa number depends on. */
    public static final int REFERENCE_CURVE_BATCH = 6;

    private CurveGeometry(double[] speeds, double[] squaredSpeeds, double[] accelerations, double[] cross) {
        this.speeds = speeds;
        this.squaredSpeeds = squaredSpeeds;
        this.accelerations = accelerations;
        this.cross = cross;
    }

    /**
     * @param velocity     v, M rows of F values (row-major, M * F)
     * @param acceleration a, same layout, or null when only the length is wanted
     * @param features     F
     */
    public static CurveGeometry of(double[] velocity, double[] acceleration, int features) {
        int points = velocity.length / features;
        double[] speeds = new double[points];
        double[] squaredSpeeds = new double[points];
        double[] accelerations = acceleration == null ? null : new double[points];
        double[] cross = acceleration == null ? null : new double[points];
        for (int m = 0; m < points; m++) {
            double vv = 0;
            double aa = 0;
            double va = 0;
            for (int f = 0; f < features; f++) {
                double v = velocity[m * features + f];
                vv += v * v;
                if (acceleration != null) {
                    double a = acceleration[m * features + f];
                    aa += a * a;
                    va += v * a;
                }
            }
            speeds[m] = Math.sqrt(vv);
            squaredSpeeds[m] = vv;
            if (acceleration != null) {
                accelerations[m] = Math.sqrt(aa);
                // Cauchy-Schwarz makes the radicand non-negative; rounding can push it just below zero.
                cross[m] = Math.sqrt(Math.max(0.0, vv * aa - va * va));
            }
        }
        return new CurveGeometry(speeds, squaredSpeeds, accelerations, cross);
    }

    /** Why a metric of this curve is not finite: where the curve stands still, or overflow. */
    public String whyNotFinite() {
        for (int m = 0; m < speeds.length; m++) {
            if (speeds[m] == 0) {
                return "the output curve stands still at angle " + m + " (speed 0): its curvature is undefined";
            }
        }
        return "non-finite values in the curve pass (overflow)";
    }

    /** M, the number of angles. */
    public int points() {
        return speeds.length;
    }

    /** Whether the acceleration was computed (a second-order pass). */
    public boolean hasAcceleration() {
        return accelerations != null;
    }

    /** ||v(theta_m)|| for each angle. */
    public double[] speeds() {
        return speeds.clone();
    }

    /** v.v at angle m. */
    public double squaredSpeed(int m) {
        return squaredSpeeds[m];
    }

    /** ||a(theta_m)|| for each angle; null without acceleration. */
    public double[] accelerationNorms() {
        return accelerations == null ? null : accelerations.clone();
    }

    /** sqrt((v.v)(a.a) - (v.a)^2) at angle m (clamped at zero); only with acceleration. */
    public double cross(int m) {
        return cross[m];
    }

    public double lengthDistortion() {
        return LengthDistortionMetric.of(this);
    }

    /** NaN when no acceleration was given. */
    public double curvature() {
        return CurvatureMetric.of(this);
    }

    /** NaN when no acceleration was given. */
    public double lengthDistortionKappa() {
        return LengthDistortionKappaMetric.of(this);
    }

    /** The reference code's L^E_kappa number; NaN when no acceleration was given. */
    public double lengthDistortionKappaReference() {
        return ReferenceLengthDistortionKappaMetric.of(this);
    }
}
