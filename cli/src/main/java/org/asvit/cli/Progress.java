package org.asvit.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.text.DecimalFormat;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

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
    /** Columns left for the status beside a bar. */
    private int statusWidth = Integer.MAX_VALUE;

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
            return onTerminal(task, total, terminal, new ConsoleProgressBarConsumer(terminal).getMaxRenderedLength());
        }
        return new Progress(task, total, null, err);
    }

    /**
     * A progress bar drawn on {@code terminal}, {@code width} columns wide: the bar, the count, the elapsed time
     * and ETA and the rate ({@code 0.1/s}: with a leading digit) always fit, with at least
     * {@value #MIN_BAR_CELLS} cells of bar; the status gets the columns left, whole items ("a, b, c") first.
     */
    static Progress onTerminal(String task, long total, PrintStream terminal, int width) {
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit("", 1).showSpeed(new DecimalFormat("0.0"))
                .setConsumer(new ConsoleProgressBarConsumer(terminal, width)).build();
        Progress progress = new Progress(task, total, bar, null);
        progress.statusWidth = width - fixedWidth(task, total) - MIN_BAR_CELLS;
        barsOnTerminal.incrementAndGet();
        return progress;
    }

    /** Cells the bar keeps, however long the status. */
    static final int MIN_BAR_CELLS = 10;

    /** Bars drawn on the terminal now: a line printed meanwhile (Ctrl-C's) must start on a line of its own. */
    private static final AtomicInteger barsOnTerminal = new AtomicInteger();

    /** Whether a progress bar is on the terminal's current line. */
    static boolean barOnTerminal() {
        return barsOnTerminal.get() > 0;
    }

    /**
     * The columns the bar line takes besides the bar and the status, at their widest (the progressbar library's
     * layout): "TASK 100% |" and "| DONE/TOTAL (H:MM:SS / H:MM:SS) RRRRR.R/s", plus a space before the status.
     */
    private static int fixedWidth(String task, long total) {
        int digits = Long.toString(Math.max(total, 0)).length();
        return task.length() + " 100% │".length() + "│ ".length() + (total > 0 ? 2 * digits + 1 : digits + 1)
                + " (0:00:00 / 0:00:00)".length() + " 99999.9/s".length() + 1;
    }

    /** {@code status} cut to {@code width} columns: the whole ", "-separated items that fit, else nothing. */
    static String fit(String status, int width) {
        if (status.length() <= width) {
            return status;
        }
        StringBuilder kept = new StringBuilder();
        for (String item : status.split(", ")) {
            int more = (kept.length() == 0 ? 0 : 2) + item.length();
            if (kept.length() + more > width) {
                break;
            }
            kept.append(kept.length() == 0 ? "" : ", ").append(item);
        }
        return kept.toString();
    }

    /** {@code done} units are complete; {@code newStatus} is shown beside the bar (entropy, best reward, ...). */
    void update(long newDone, String newStatus) {
        done = newDone;
        status = newStatus;
        if (bar != null) {
            bar.stepTo(done);
            String shown = fit(status, statusWidth);
            bar.setExtraMessage(shown.isEmpty() ? "" : " " + shown);
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
            barsOnTerminal.decrementAndGet();
        }
    }
}
