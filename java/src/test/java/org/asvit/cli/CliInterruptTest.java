package org.asvit.cli;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGINT and SIGTERM at many moments of a real run in a child JVM: exit 130 or 143, one line saying so,
 * no crash file. The NTK and curve passes run back to back, so every moment lands in libtorch or between
 * calls into it.
 */
class CliInterruptTest {
    private static final String TINY = "4,2,2,1|2,1,2,1|2,1,2,1|2,1,2,1|8,8";
    /** The last line --verbose prints before computing: the handlers are in place and libtorch is loaded. */
    private static final String READY = "asvit:   NTK batch";
    private static final long[] MOMENTS_MILLIS = {0, 150, 500};

    @TempDir
    Path dir;

    @Test
    void signalsEndEveryRunWithTheirStatusAndOneLine() throws Exception {
        List<String> signals = new ArrayList<>(List.of("TERM"));
        if (!ChildAsvit.sigintIgnored()) {
            signals.add("INT");
        } else {
            System.err.println("CliInterruptTest: this JVM ignores SIGINT (a background job?); testing SIGTERM only");
        }
        int run = 0;
        for (String signal : signals) {
            int status = signal.equals("INT") ? 130 : 143;
            for (long moment : MOMENTS_MILLIS) {
                ChildAsvit child = ChildAsvit.start(dir.resolve("run" + run++), "--verbose", "evaluate", "--arch", TINY,
                        "--image-size", "64", "--repeat", "100000", "--batch", "4",
                        "--metrics", "ntk,length,curvature");
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
