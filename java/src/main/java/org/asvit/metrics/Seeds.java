package org.asvit.metrics;

import java.util.SplittableRandom;

/**
 * Derives independent seeds for each purpose and repeat from one user seed, so that the same seed gives
 * the same result and no two uses share a stream.
 */
final class Seeds {
    private Seeds() {
    }

    static long initialisation(long seed, int repeat) {
        return derive(seed, 2L * repeat + 1);
    }

    static long circle(long seed, int repeat) {
        return derive(seed, 2L * repeat + 2);
    }

    static long ntkBatch(long seed) {
        return derive(seed, 0);
    }

    private static long derive(long seed, long stream) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream).nextLong() & Long.MAX_VALUE;
    }
}
