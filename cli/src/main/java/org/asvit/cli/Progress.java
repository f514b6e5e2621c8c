package org.asvit.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a long command on standard error: a progress bar (the {@code progressbar} library: rate,
 * ETA and a status text) when standard error is a terminal, otherwise plain lines at most every
 * {@value #PLAIN_INTERVAL_SECONDS} seconds and at the end, which read well in a log file. Standard output
 * stays free for results.
 */
final class Progress implements AutoCloseable {
    static final long PLAIN_INTERVAL_SECONDS = 10;

    private final String task;
    private final long total;
    private final ProgressBar bar;
    private final PrintWriter plain;
    private final long startNanos = System.nanoTime();
    private long lastPlainNanos = startNanos;
    private long done;
    private String status = "";

    private Progress(String task, long total, ProgressBar bar, PrintWriter plain) {
        this.task = task;
        this.total = total;
        this.bar = bar;
        this.plain = plain;
    }

    /**
     * @param task   a short name ("search", "grow")
     * @param total  the number of units, or -1 when unknown
     * @param unit   what one unit is, for the rate ("step")
     * @param err    where plain lines go
     * @param quiet  true to print nothing at all (e.g. with --json)
     */
    static Progress start(String task, long total, String unit, PrintWriter err, boolean quiet) {
        if (quiet) {
            return new Progress(task, total, null, null);
        }
        if (System.console() != null) {
            PrintStream terminal = System.err;
            ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" " + unit, 1).showSpeed()
                    .setConsumer(new ConsoleProgressBarConsumer(terminal)).build();
            return new Progress(task, total, bar, null);
        }
        return new Progress(task, total, null, err);
    }

    /** {@code done} units are complete; {@code newStatus} is shown beside the bar (entropy, best reward, ...). */
    void update(long newDone, String newStatus) {
        done = newDone;
        status = newStatus;
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(" " + status);
        } else if (plain != null) {
            long now = System.nanoTime();
            if (done == total || now - lastPlainNanos >= Duration.ofSeconds(PLAIN_INTERVAL_SECONDS).toNanos()) {
                lastPlainNanos = now;
                printPlain(now);
            }
        }
    }

    private void printPlain(long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        String eta = total > 0 && rate > 0 ? ", ETA " + duration((total - done) / rate) : "";
        String of = total > 0 ? String.format(Locale.ROOT, "/%d (%.0f%%)", total, 100.0 * done / total) : "";
        plain.printf(Locale.ROOT, "%s: %d%s, %s elapsed, %.2f/s%s%s%n", task, done, of, duration(seconds), rate, eta,
                status.isEmpty() ? "" : ", " + status);
        plain.flush();
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
