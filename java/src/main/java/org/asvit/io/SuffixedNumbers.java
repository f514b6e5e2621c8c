package org.asvit.io;

import java.util.Locale;

/** Numbers written with a unit suffix, such as {@code 80M} parameters or {@code 8g} of memory. */
public final class SuffixedNumbers {
    private static final String SUFFIXES = "kmgt";

    private SuffixedNumbers() {
    }

    /**
     * {@code text} as a number, a final k, m, g or t (any case) multiplying it by {@code base},
     * {@code base^2}, {@code base^3} or {@code base^4}: {@code 1.5G} with base 1000 is 1.5e9, {@code 8g} with
     * base 1024 is 8 GiB. Plain decimal digits and an optional point only (no sign, no exponent after a suffix).
     *
     * @return the value, or NaN when {@code text} is not of that form
     */
    public static double parse(String text, double base) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        int suffix = value.isEmpty() ? -1 : SUFFIXES.indexOf(value.charAt(value.length() - 1));
        String number = suffix >= 0 ? value.substring(0, value.length() - 1) : value;
        boolean plain = number.matches("[0-9]*\\.?[0-9]+|[0-9]+\\.");
        boolean scientific = suffix < 0 && number.matches("[0-9]*\\.?[0-9]+e[0-9]+");
        if (!plain && !scientific) {
            return Double.NaN;
        }
        return Double.parseDouble(number) * (suffix >= 0 ? Math.pow(base, suffix + 1) : 1);
    }
}
