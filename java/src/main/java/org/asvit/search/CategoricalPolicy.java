package org.asvit.search;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The REINFORCE policy over the search space (paper Algorithm 1): one independent categorical
 * distribution per factor, parameterised by unnormalised logits. Plain Java in double precision: the
 * policy has 37 numbers, far too few to be worth a tensor library.
 *
 * <p>The reference initialises every logit as {@code 0.001 * N(0, 1)} and samples each factor from
 * {@code softmax(logits)}. The log-probability of a sample is the sum over factors; its gradient with
 * respect to a factor's logits is {@code onehot(choice) - softmax(logits)}, which is what
 * {@link #logProbGradient} returns.
 */
public final class CategoricalPolicy {
    /** Standard deviation of the initial logits, as in the reference. */
    public static final double INITIAL_SCALE = 1e-3;

    private final double[][] logits;

    private CategoricalPolicy(double[][] logits) {
        this.logits = new double[logits.length][];
        for (int f = 0; f < logits.length; f++) {
            this.logits[f] = logits[f].clone();
        }
    }

    /** Logits {@code 0.001 * N(0, 1)} for factors of the given sizes, drawn from {@code random}. */
    public static CategoricalPolicy initial(List<Integer> factorSizes, RandomGenerator random) {
        double[][] logits = new double[factorSizes.size()][];
        for (int f = 0; f < logits.length; f++) {
            logits[f] = new double[factorSizes.get(f)];
            for (int c = 0; c < logits[f].length; c++) {
                logits[f][c] = INITIAL_SCALE * random.nextGaussian();
            }
        }
        return new CategoricalPolicy(logits);
    }

    /** A policy with these logits (one array per factor, copied). */
    public static CategoricalPolicy of(double[][] logits) {
        for (double[] factor : logits) {
            if (factor.length == 0) {
                throw new IllegalArgumentException("every factor needs at least one choice");
            }
        }
        return new CategoricalPolicy(logits);
    }

    /** Number of factors. */
    public int factors() {
        return logits.length;
    }

    /** The logits, one array per factor (a copy). */
    public double[][] logits() {
        return of(logits).logits;
    }

    /** softmax(logits) of every factor. */
    public double[][] probabilities() {
        double[][] p = new double[logits.length][];
        for (int f = 0; f < logits.length; f++) {
            p[f] = softmax(logits[f]);
        }
        return p;
    }

    /** One choice index per factor, each drawn by inverse transform from one uniform number. */
    public int[] sample(RandomGenerator random) {
        double[][] p = probabilities();
        int[] choice = new int[p.length];
        for (int f = 0; f < p.length; f++) {
            double u = random.nextDouble();
            double cumulative = 0;
            int c = 0;
            for (; c < p[f].length - 1; c++) {
                cumulative += p[f][c];
                if (u < cumulative) {
                    break;
                }
            }
            choice[f] = c;
        }
        return choice;
    }

    /** log P(choice) = sum over factors of log softmax(logits)[choice]. */
    public double logProb(int[] choice) {
        requireChoice(choice);
        double sum = 0;
        for (int f = 0; f < logits.length; f++) {
            sum += logits[f][choice[f]] - logSumExp(logits[f]);
        }
        return sum;
    }

    /** d log P(choice) / d logits: {@code onehot(choice) - softmax(logits)} per factor. */
    public double[][] logProbGradient(int[] choice) {
        requireChoice(choice);
        double[][] gradient = probabilities();
        for (int f = 0; f < gradient.length; f++) {
            for (int c = 0; c < gradient[f].length; c++) {
                gradient[f][c] = (c == choice[f] ? 1 : 0) - gradient[f][c];
            }
        }
        return gradient;
    }

    /** The policy's entropy: the sum of the factors' entropies (ln of the space's size when uniform). */
    public double entropy() {
        double total = 0;
        for (double[] factor : logits) {
            double[] p = softmax(factor);
            double lse = logSumExp(factor);
            for (int c = 0; c < p.length; c++) {
                total -= p[c] * (factor[c] - lse);
            }
        }
        return total;
    }

    /** The most probable choice of every factor (the first one where several are equally probable). */
    public int[] argmax() {
        int[] best = new int[logits.length];
        for (int f = 0; f < logits.length; f++) {
            for (int c = 1; c < logits[f].length; c++) {
                if (logits[f][c] > logits[f][best[f]]) {
                    best[f] = c;
                }
            }
        }
        return best;
    }

    private void requireChoice(int[] choice) {
        if (choice.length != logits.length) {
            throw new IllegalArgumentException("a choice needs one index per factor (" + logits.length + "), got "
                    + choice.length);
        }
        for (int f = 0; f < choice.length; f++) {
            if (choice[f] < 0 || choice[f] >= logits[f].length) {
                throw new IllegalArgumentException("choice " + choice[f] + " of factor " + f + " is outside 0.."
                        + (logits[f].length - 1));
            }
        }
    }

    private static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }

    private static double[] softmax(double[] x) {
        double lse = logSumExp(x);
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            p[i] = Math.exp(x[i] - lse);
        }
        return p;
    }
}
