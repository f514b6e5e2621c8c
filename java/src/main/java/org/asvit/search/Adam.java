package org.asvit.search;

import java.util.Arrays;

/**
 * Adam as PyTorch's {@code torch.optim.Adam} computes it with its defaults (betas 0.9 and 0.999,
 * eps 1e-8, no weight decay, no amsgrad), over a flat vector of parameters:
 * <pre>
 *   t += 1
 *   m = beta1 m + (1 - beta1) g
 *   v = beta2 v + (1 - beta2) g^2
 *   p -= (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Its whole state (m, v, t) is exposed through {@link State} so that a search can be checkpointed
 * and resumed exactly.
 */
public final class Adam {
    public static final double BETA1 = 0.9;
    public static final double BETA2 = 0.999;
    public static final double EPS = 1e-8;

    private final double lr;
    private final double[] m;
    private final double[] v;
    private long t;

    /**
     * The optimiser's moments and step count.
     *
     * @param m first moments
     * @param v second moments
     * @param t steps taken
     */
    public record State(double[] m, double[] v, long t) {
        public State {
            m = m.clone();
            v = v.clone();
        }
    }

    /** A fresh optimiser for {@code size} parameters. */
    public Adam(double lr, int size) {
        this(lr, new State(new double[size], new double[size], 0));
    }

    /** An optimiser continuing from a saved state. */
    public Adam(double lr, State state) {
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
        if (state.m().length != state.v().length) {
            throw new IllegalArgumentException("Adam moments differ in size: " + state.m().length + " and "
                    + state.v().length);
        }
        this.lr = lr;
        this.m = state.m();
        this.v = state.v();
        this.t = state.t();
    }

    /** One update of {@code params} (in place) along {@code gradient}, the gradient of the loss. */
    public void step(double[] params, double[] gradient) {
        if (params.length != m.length || gradient.length != m.length) {
            throw new IllegalArgumentException("Adam holds " + m.length + " parameters, got " + params.length
                    + " parameters and " + gradient.length + " gradients");
        }
        t++;
        double biasCorrection1 = 1 - Math.pow(BETA1, t);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(BETA2, t));
        double stepSize = lr / biasCorrection1;
        for (int i = 0; i < params.length; i++) {
            m[i] = BETA1 * m[i] + (1 - BETA1) * gradient[i];
            v[i] = BETA2 * v[i] + (1 - BETA2) * gradient[i] * gradient[i];
            double denominator = Math.sqrt(v[i]) / biasCorrection2Sqrt + EPS;
            params[i] -= stepSize * m[i] / denominator;
        }
    }

    public State state() {
        return new State(m, v, t);
    }

    @Override
    public String toString() {
        return "Adam(lr " + lr + ", t " + t + ", m " + Arrays.toString(m) + ")";
    }
}
