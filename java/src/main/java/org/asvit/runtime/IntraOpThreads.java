package org.asvit.runtime;

import org.bytedeco.pytorch.global.torch;

/**
 * libtorch's intra-op (OpenMP) thread count, which asvit sets to 1 by default.
 *
 * <p>Why: measured while OpenBLAS still ran a pool on every core (it is pinned to one thread now,
 * {@link BlasThreads}), OpenMP on every core as well made each elementwise operation wait for a time
 * slice: on 2 cores the metrics ran 7 to 12 times slower ({@code MetricsBenchmark -p threads=1,2}, README
 * section Performance). The count never changes a result ({@code OneAnswerTest}). Override with {@link #set}, the command line's {@code --threads}, the system
 * property {@code asvit.threads} or the environment variable {@code ASVIT_THREADS}.
 */
public final class IntraOpThreads {
    private static boolean configured;

    private IntraOpThreads() {
    }

    /** Sets the intra-op thread count for the whole process (new threads pick it up). */
    public static synchronized void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        torch.set_num_threads(threads);
        configured = true;
    }

    /**
     * Applies the default once, unless a count was already set: the system property {@code asvit.threads},
     * else the environment variable {@code ASVIT_THREADS}, else 1. Called before anything reports the count,
     * so that what is reported is what computes.
     *
     * @throws IllegalArgumentException naming the property or variable when its value is not a positive integer
     */
    public static synchronized void ensureConfigured() {
        if (configured) {
            return;
        }
        String property = System.getProperty("asvit.threads");
        String source = property != null ? "the system property asvit.threads" : "ASVIT_THREADS";
        String value = property != null ? property : System.getenv("ASVIT_THREADS");
        int threads = 1;
        if (value != null && !value.isBlank()) {
            try {
                threads = Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                threads = 0;
            }
            if (threads < 1) {
                throw new IllegalArgumentException(source + " must be a positive integer (libtorch intra-op threads), got '"
                        + value + "'");
            }
        }
        set(threads);
    }

    public static int current() {
        return torch.get_num_threads();
    }
}
