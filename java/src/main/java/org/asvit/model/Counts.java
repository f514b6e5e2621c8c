package org.asvit.model;

import java.util.Locale;

/**
 * Exact arithmetic for counts and sizes computed from user values (kernels, expansions, image sizes,
 * batches): a count that does not fit in a {@code long} is an error naming the quantity, never a
 * silently wrapped, negative number.
 */
public final class Counts {
    private Counts() {
    }

    /** A count (parameters, FLOPs, bytes, elements) too large for a 64-bit integer. */
    public static final class OverflowException extends IllegalArgumentException {
        OverflowException(String quantity) {
            super(String.format(Locale.ROOT, "%s exceeds %,d, the largest count a 64-bit integer holds;"
                    + " use smaller values", quantity, Long.MAX_VALUE));
        }
    }

    /** The product of {@code factors}, or an {@link OverflowException} naming {@code quantity}. */
    public static long product(String quantity, long... factors) {
        long p = 1;
        try {
            for (long f : factors) {
                p = Math.multiplyExact(p, f);
            }
        } catch (ArithmeticException e) {
            throw new OverflowException(quantity);
        }
        return p;
    }

    /** The sum of {@code terms}, or an {@link OverflowException} naming {@code quantity}. */
    public static long sum(String quantity, long... terms) {
        long s = 0;
        try {
            for (long t : terms) {
                s = Math.addExact(s, t);
            }
        } catch (ArithmeticException e) {
            throw new OverflowException(quantity);
        }
        return s;
    }
}
