package org.asvit.metrics;

/**
 * The curve metrics from the output curve's velocity v(theta_m) and acceleration a(theta_m), in float64
 * (reference-notes section 3):
 * <ul>
 *   <li>length distortion {@code L^E = sum_m ||v_m||} (a plain sum, as the reference code);</li>
 *   <li>extrinsic curvature {@code kappa = sum_m (v.v)^(-3/2) sqrt((v.v)(a.a) - (v.a)^2)};</li>
 *   <li>{@code L^E_kappa = sum_m sqrt((v.v)(a.a) - (v.a)^2) / (v.v)}, the length of the unit-tangent
 *       curve (the intended quantity, not the reference code's broadcasting accident).</li>
 *   <li>the reference code's own L^E_kappa number, for comparison only: it divides each batch of 6
 *       angles' derivatives (shape B) by a column of their norms (shape B x 1), which broadcasts to a
 *       B x B matrix, so it computes {@code sum over batches of (sum_j ||a_j||) * (sum_i 1/||v_i||)}
 *       (reference-notes section 3).</li>
 * </ul>
 */
public final class CurveGeometry {
    private final double[] speeds;
    private final double curvature;
    private final double lengthDistortionKappa;
    private final double[] accelerations;

    /** Angles per backward batch in the reference code, which its L^E_kappa number depends on. */
    public static final int REFERENCE_CURVE_BATCH = 6;

    private CurveGeometry(double[] speeds, double curvature, double lengthDistortionKappa, double[] accelerations) {
        this.speeds = speeds;
        this.curvature = curvature;
        this.lengthDistortionKappa = lengthDistortionKappa;
        this.accelerations = accelerations;
    }

    /**
     * @param velocity     v, M rows of F values (row-major, M * F)
     * @param acceleration a, same layout, or null when only the length is wanted
     * @param features     F
     */
    public static CurveGeometry of(double[] velocity, double[] acceleration, int features) {
        int points = velocity.length / features;
        double[] speeds = new double[points];
        double[] accelerations = new double[points];
        double kappa = 0;
        double turning = 0;
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
            accelerations[m] = Math.sqrt(aa);
            if (acceleration != null) {
                // Cauchy-Schwarz makes the radicand non-negative; rounding can push it just below zero.
                double cross = Math.sqrt(Math.max(0.0, vv * aa - va * va));
                kappa += cross / (vv * Math.sqrt(vv));
                turning += cross / vv;
            }
        }
        return acceleration == null ? new CurveGeometry(speeds, Double.NaN, Double.NaN, null)
                : new CurveGeometry(speeds, kappa, turning, accelerations);
    }

    /** Why a metric of this curve is not finite: where the curve stands still, or overflow. */
    String whyNotFinite() {
        for (int m = 0; m < speeds.length; m++) {
            if (speeds[m] == 0) {
                return "the output curve stands still at angle " + m + " (speed 0): its curvature is undefined";
            }
        }
        return "non-finite values in the curve pass (overflow)";
    }

    /** ||v(theta_m)|| for each angle. */
    public double[] speeds() {
        return speeds.clone();
    }

    public double lengthDistortion() {
        double sum = 0;
        for (double s : speeds) {
            sum += s;
        }
        return sum;
    }

    /** NaN when no acceleration was given. */
    public double curvature() {
        return curvature;
    }

    /** NaN when no acceleration was given. */
    public double lengthDistortionKappa() {
        return lengthDistortionKappa;
    }

    /**
     * The reference code's L^E_kappa number ({@code length-kappa-reference}): per batch of
     * {@value #REFERENCE_CURVE_BATCH} consecutive angles, (sum of ||a||) times (sum of 1/||v||), summed over
     * the batches. NaN when no acceleration was given.
     */
    public double lengthDistortionKappaReference() {
        if (accelerations == null) {
            return Double.NaN;
        }
        double total = 0;
        for (int start = 0; start < speeds.length; start += REFERENCE_CURVE_BATCH) {
            double accelerationSum = 0;
            double inverseSpeedSum = 0;
            for (int m = start; m < Math.min(speeds.length, start + REFERENCE_CURVE_BATCH); m++) {
                accelerationSum += accelerations[m];
                inverseSpeedSum += 1 / speeds[m];
            }
            total += accelerationSum * inverseSpeedSum;
        }
        return total;
    }
}
