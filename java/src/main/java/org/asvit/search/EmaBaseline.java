package org.asvit.search;

/**
 * The REINFORCE baseline: an exponential moving average of the rewards with bias correction, as the
 * reference computes it. Numerator and denominator both decay, so the first value is the first
 * reward itself rather than a tenth of it:
 * <pre>
 *   numerator   = momentum * numerator   + (1 - momentum) * reward
 *   denominator = momentum * denominator + (1 - momentum)
 *   value       = numerator / denominator
 * </pre>
 * The search updates it with the current reward before forming the advantage {@code reward - value}.
 *
 * @param momentum    0.9 in the reference
 * @param numerator   the decayed sum of rewards
 * @param denominator the decayed sum of weights
 */
public record EmaBaseline(double momentum, double numerator, double denominator) {
    public EmaBaseline {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("baseline momentum must be in [0, 1), got " + momentum);
        }
    }

    /** No reward seen yet. */
    public static EmaBaseline empty(double momentum) {
        return new EmaBaseline(momentum, 0, 0);
    }

    /** The baseline after one more reward. */
    public EmaBaseline update(double reward) {
        return new EmaBaseline(momentum, momentum * numerator + (1 - momentum) * reward,
                momentum * denominator + (1 - momentum));
    }

    /** The current average (NaN before the first update). */
    public double value() {
        return numerator / denominator;
    }
}
