package org.asvit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions with the fixtures' tolerances. */
public final class Approx {
    private Approx() {
    }

    /** Every element within {@code relative * max|expected|} of the expected tensor. */
    public static void assertCloseToMax(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= relative * scale,
                what + ": largest difference " + worst + " exceeds " + relative + " x " + scale);
    }

    /** Each element within {@code relative} of itself. */
    public static void assertRelative(double[] expected, double[] actual, double relative, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertRelative(expected[i], actual[i], relative, what + "[" + i + "]");
        }
    }

    public static void assertRelative(double expected, double actual, double relative, String what) {
        assertTrue(Math.abs(expected - actual) <= relative * Math.abs(expected),
                what + ": expected " + expected + " got " + actual + " (relative tolerance " + relative + ")");
    }
}
