package org.asvit.cli;

import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The progress bar on an 80-column terminal, Ctrl-C's line beside it, and progress inside a grow step. */
@Tag("fast")
class ProgressTest {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

    /** The lines a bar drew on a terminal {@code width} columns wide, colours removed. */
    private static List<String> drawn(int width, long total, long done, String status) throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream terminal = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress progress = Progress.onTerminal("search", total, terminal, width)) {
            assertTrue(Progress.barOnTerminal());
            Thread.sleep(1200);   // the rate needs time to pass; the library redraws every second
            progress.update(done, status);
            Thread.sleep(1200);
        }
        assertFalse(Progress.barOnTerminal());
        List<String> lines = new ArrayList<>();
        for (String line : ANSI.matcher(bytes.toString(StandardCharsets.UTF_8)).replaceAll("").split("[\r\n]")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    @Test
    void theBarAndItsStatisticsFit80Columns() throws InterruptedException {
        String status = "entropy 2.64, best reward 0.123, cache hits 176";
        List<String> lines = drawn(80, 500, 225, status);
        String last = lines.get(lines.size() - 1);
        for (String line : lines) {
            assertTrue(line.length() <= 80, line.length() + " columns: " + line);
        }
        Matcher bar = Pattern.compile("│([^│]*)│").matcher(last);
        assertTrue(bar.find(), last);
        assertTrue(bar.group(1).length() >= Progress.MIN_BAR_CELLS, "the bar keeps its cells: " + last);
        assertTrue(last.contains(" 225/500 ("), last);
        // Rates with a leading digit (0.1/s, never .1/s), the whole items of the status that fit.
        assertTrue(Pattern.compile(" [0-9]+\\.[0-9]/s entropy 2\\.64$").matcher(last).find(), last);

        String wide = drawn(160, 500, 225, status).stream().reduce((a, b) -> b).orElseThrow();
        assertTrue(wide.endsWith("/s " + status), "all of the status on a wide terminal: " + wide);
    }

    @Test
    void statusIsCutAtWholeItems() {
        assertEquals("a 1, b 2", Progress.fit("a 1, b 2, c 3", 9));
        assertEquals("", Progress.fit("entropy 2.64, best 1", 5));
        assertEquals("a 1, b 2, c 3", Progress.fit("a 1, b 2, c 3", 13));
    }

    @Test
    void anInterruptStartsItsOwnLineWhenABarIsDrawn() {
        String nl = System.lineSeparator();
        assertEquals("asvit: interrupted (SIGINT)" + nl, Interrupts.line("INT"));
        try (Progress progress = Progress.onTerminal("search", 10, new PrintStream(new ByteArrayOutputStream()), 80)) {
            assertEquals(nl + "asvit: interrupted (SIGINT)" + nl, Interrupts.line("INT"));
        }
        assertEquals("asvit: interrupted (SIGTERM)" + nl, Interrupts.line("TERM"));
    }

    @Test
    void aLongEvaluationReportsEachBatchAndReturnsTheSameResults() {
        List<Topology> topologies = List.of(Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32"),
                Topology.parse("4,2,2|2,4,6|3,2,2|4,1,5|32"), Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32"));
        List<Integer> calls = new ArrayList<>();
        EvaluationBackend counting = (settings, list) -> {
            calls.add(list.size());
            return EvaluationBackend.callingThread().evaluate(settings, list);
        };
        List<String> reports = new ArrayList<>();
        EvaluationSettings settings = EvaluationSettings.defaults(32).withRepeats(1).withBatch(4);
        var reported = new ReportingBackend(counting, 2, (done, total) -> reports.add(done + "/" + total))
                .evaluate(settings, topologies);
        assertEquals(List.of("0/3", "2/3", "3/3"), reports);
        assertEquals(List.of(2, 1), calls, "batches of the backend's width");
        var direct = EvaluationBackend.callingThread().evaluate(settings, topologies);
        for (int i = 0; i < 3; i++) {
            assertEquals(direct.get(i).metrics().toString(), reported.get(i).metrics().toString());
        }
    }
}
