package org.asvit.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGINT and SIGTERM at many moments of a real run in a child JVM: exit 130 or 143, one line saying so,
 * no crash file. The NTK and curve passes run back to back, so every moment lands in libtorch or between
 * calls into it.
 */
@Tag("child-jvm")
class CliInterruptTest {
    private static final String TINY = "4,2,2,1|2,1,2,1|2,1,2,1|2,1,2,1|8,8";
    /** The last line --verbose prints before computing: the handlers are in place and libtorch is loaded. */
    private static final String READY = "asvit:   NTK batch";
    /** When each run is signalled after it is ready; the signals alternate, SIGTERM first. */
    private static final long[] MOMENTS_MILLIS = {0, 250, 600};

    @TempDir
    Path dir;

    @Test
    void signalsEndEveryRunWithTheirStatusAndOneLine() throws Exception {
        boolean sigint = !ChildAsvit.sigintIgnored();
        if (!sigint) {
            System.err.println("CliInterruptTest: this JVM ignores SIGINT (a background job?); testing SIGTERM only");
        }
        for (int run = 0; run < MOMENTS_MILLIS.length; run++) {
            String signal = run % 2 == 1 && sigint ? "INT" : "TERM";
            long moment = MOMENTS_MILLIS[run];
            int status = signal.equals("INT") ? 130 : 143;
            ChildAsvit child = ChildAsvit.start(dir.resolve("run" + run), "--verbose", "evaluate", "--arch", TINY,
                    "--image-size", "64", "--repeat", "100000", "--batch", "4", "--metrics", "ntk,length,curvature");
            assertTrue(child.awaitErr(READY, 60_000), () -> "never got ready: " + stderrOf(child));
            Thread.sleep(moment);
            assertTrue(child.isAlive(), "the run ended before the signal");
            child.signal(signal);
            assertEquals(status, child.waitFor(60), () -> "SIG" + signal + " after " + moment + " ms: " + stderrOf(child));
            List<String> lines = child.stderr().lines().filter(l -> !l.startsWith("asvit:   ")
                    && !l.startsWith("asvit: evaluating")).toList();
            assertEquals(List.of("asvit: interrupted (SIG" + signal + ")"), lines, () -> stderrOf(child));
            assertEquals(List.of("stderr.txt", "stdout.txt"), files(child.folder()), "no crash file, no temporary");
        }
    }

    /**
     * {@code search --out} checkpoints after every step: signalled at several moments (signals alternating),
     * every file in the folder is complete (JSON parses, the CSV has whole rows, the PNG decodes), no
     * temporary is left, and {@code --resume} then completes the run.
     */
    @Test
    void interruptedSearchLeavesCompleteFilesAndResumes() throws Exception {
        // 60 steps: several seconds at 32 px on 2 cores (about 9 steps/s), so that every signal lands mid-run.
        String[] search = {"search", "--steps", "60", "--image-size", "32", "--repeat", "1", "--batch", "4"};
        long[] moments = {0, 300, 900};
        int interrupted = 0;
        for (int i = 0; i < moments.length; i++) {
            String signal = i % 2 == 0 || ChildAsvit.sigintIgnored() ? "TERM" : "INT";
            Path folder = dir.resolve("search" + i);
            Path out = folder.resolve("out");
            ChildAsvit child = ChildAsvit.start(folder, concat(search, "--out", out.toString()));
            Path checkpoint = out.resolve("checkpoint.json");
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (!Files.exists(checkpoint) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            Thread.sleep(moments[i]);
            if (!child.isAlive()) {
                continue; // finished before the signal: nothing interrupted (the files are checked by search's tests)
            }
            child.signal(signal);
            int code = child.waitFor(60);
            if (code == 0 && child.stderr().contains("search: 60/60")) {
                continue; // finished between the check above and the signal: nothing interrupted
            }
            assertEquals(signal.equals("INT") ? 130 : 143, code, () -> stderrOf(child));
            assertTrue(child.stderr().strip().endsWith("asvit: interrupted (SIG" + signal + ")"), () -> stderrOf(child));
            assertEquals(List.of("out", "stderr.txt", "stdout.txt"), files(folder), "no crash file");
            for (String name : files(out)) {
                assertComplete(out.resolve(name));
            }
            AsvitRun resumed = AsvitRun.of(concat(search, "--out", out.toString(), "--resume", "--json"));
            assertEquals(0, resumed.exitCode(), resumed::toString);
            assertTrue(resumed.json().get("completed").asBoolean(), resumed::toString);
            assertEquals(60, resumed.json().get("steps").asInt(), resumed::toString);
            interrupted++;
        }
        assertTrue(interrupted >= 2, "most runs must still be running when signalled, got " + interrupted);
    }

    private static void assertComplete(Path file) throws IOException {
        String name = file.getFileName().toString();
        assertFalse(name.startsWith("."), "a temporary file was left: " + name);
        if (name.endsWith(".json")) {
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } else if (name.endsWith(".csv")) {
            assertTrue(Files.readString(file).endsWith("\n"), name + " ends mid-row");
            com.fasterxml.jackson.dataformat.csv.CsvMapper csv = new com.fasterxml.jackson.dataformat.csv.CsvMapper();
            csv.enable(com.fasterxml.jackson.dataformat.csv.CsvParser.Feature.WRAP_AS_ARRAY);
            List<List<String>> rows = new ArrayList<>();
            try (var it = csv.readerFor(List.class).<List<String>>readValues(file.toFile())) {
                it.forEachRemaining(rows::add);
            }
            for (List<String> row : rows) {
                assertEquals(rows.get(0).size(), row.size(), name + ": " + row);
            }
        } else if (name.endsWith(".png")) {
            assertNotNull(javax.imageio.ImageIO.read(file.toFile()), name + " does not decode");
        } else {
            throw new AssertionError("unexpected file in the run folder: " + name);
        }
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    /** Before the handlers are installed (while the JVM boots) the JVM's own handling applies: the same status. */
    @Test
    void aSignalDuringStartupGivesTheSameStatus() throws Exception {
        ChildAsvit child = ChildAsvit.start(dir.resolve("early"), "evaluate", "--arch", TINY, "--image-size", "64",
                "--repeat", "100000");
        Thread.sleep(200);
        child.signal("TERM");
        assertEquals(143, child.waitFor(60), () -> stderrOf(child));
        String err = child.stderr();
        assertTrue(err.isEmpty() || err.equals("asvit: interrupted (SIGTERM)" + System.lineSeparator()), err);
        assertEquals(List.of("stderr.txt", "stdout.txt"), files(child.folder()));
    }

    private static String stderrOf(ChildAsvit child) {
        try {
            return child.stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
