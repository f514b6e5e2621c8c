package org.asvit.cli;

import java.util.Locale;

/** Small pieces of the commands' human-readable output. */
final class Text {
    private Text() {
    }

    /** "1 thread", "2 threads": a count with its noun in the right number. */
    static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%d %s", n, n == 1 ? one : many);
    }
}
