package org.asvit.cli;

import org.asvit.io.OutputLock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outputs of every writing command: checked before any work, held by one run at a time (a killed run
 * leaving no stuck hold), resumed only when there is something to resume, and evaluate-many's rows kept as
 * they finish.
 */
@Tag("child-jvm")
@Tag("slow")
class CliOutputsTest {
    private static final String[] SMALL = {"--image-size", "32", "--repeat", "1", "--batch", "4"};

    @TempDir
    Path dir;

    private static String[] with(String[] head, String... more) {
        return Stream.concat(Stream.of(head), Stream.of(more)).toArray(String[]::new);
    }

    private static String[] many(String... more) {
        return with(with(new String[]{"evaluate-many"}, SMALL), more);
    }

    private static String[] search(String... more) {
        return with(with(new String[]{"search"}, SMALL), more);
    }

    @Test
    void aSampleLargerThanTheSpaceIsRefusedAtOnce() {
        long start = System.nanoTime();
        AsvitRun run = AsvitRun.of(many("--sample", "100000000", "--out", dir.resolve("huge.csv").toString()));
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("asvit: error: --sample must be from 1 to 4,556,250 (the topologies in the search space), got "
                + "100,000,000", run.err().strip());
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "refused before drawing anything");
        assertFalse(Files.exists(dir.resolve("huge.csv")));
    }

    @Test
    void anOutputThatCannotBeWrittenIsRefusedBeforeAnyWorkNamingTheUsersPath() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        AsvitRun run = AsvitRun.of(many("--sample", "20", "--out", file.resolve("rows.csv").toString()));
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("asvit: error: --out " + file.resolve("rows.csv") + ": cannot make its folder " + file + ": "
                + file + " is a file", run.err().strip());

        run = AsvitRun.of(many("--sample", "20", "--out", "/proc/x.csv"));
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("asvit: error: --out /proc/x.csv: cannot write in /proc: "), run::toString);
        assertFalse(run.err().contains(".tmp"), run::toString);
        assertEquals(1, run.errLines().length, run::toString);

        run = AsvitRun.of(search("--steps", "2", "--out", "/proc/x"));
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("asvit: error: --out /proc/x: cannot make the folder: "), run::toString);
        assertEquals(1, run.errLines().length, "one line, no preset banner first: " + run);

        // A missing folder is made, as the output needs it.
        Path nested = dir.resolve("missing/dir/rows.csv");
        run = AsvitRun.of(many("--sample", "2", "--out", nested.toString()));
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(3, Files.readAllLines(nested).size());
        assertEquals(List.of(nested), listing(nested.getParent()), "the lock file is gone after the run");
    }

    @Test
    void resumeWithNothingToResumeIsRefused() throws IOException {
        Path rows = dir.resolve("rows.csv");
        AsvitRun run = AsvitRun.of(many("--sample", "2", "--out", rows.toString(), "--resume"));
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("asvit: error: --resume: nothing to resume in " + rows + " (no such file); leave out --resume to "
                + "start it", run.err().strip());
        assertFalse(Files.exists(rows));

        Path none = dir.resolve("runs/none");
        run = AsvitRun.of(search("--steps", "30", "--out", none.toString(), "--resume"));
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("asvit: error: --resume: nothing to resume in " + none + " (no such folder); leave out --resume "
                + "to start a run there", run.err().strip());

        Files.createDirectories(none);
        Files.writeString(none.resolve("checkpoint.json"), "");
        run = AsvitRun.of(search("--steps", "30", "--out", none.toString(), "--resume"));
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("checkpoint.json is empty; the checkpoint is empty or corrupt"), run::toString);
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefusedNamingTheFirstAndAKillLeavesNoStuckHold() throws Exception {
        Path rows = dir.resolve("rows.csv");
        ChildAsvit first = ChildAsvit.start(dir.resolve("first"), many("--sample", "400", "--out", rows.toString()));
        try {
            Path lock = dir.resolve(".rows.csv.asvit.lock");
            awaitRows(rows, 2, first);
            assertTrue(Files.exists(lock));
            AsvitRun second = AsvitRun.of(many("--sample", "4", "--out", rows.toString(), "--resume"));
            assertEquals(2, second.exitCode(), second::toString);
            assertEquals("asvit: error: --out " + rows + " is in use by another asvit run (process " + first.pid()
                    + "); wait for it to end, or choose another --out", second.err().strip());

            Path run = dir.resolve("run");
            ChildAsvit search = ChildAsvit.start(dir.resolve("search"), search("--steps", "400", "--out", run.toString()));
            try {
                awaitFile(run.resolve("checkpoint.json"), search);
                AsvitRun other = AsvitRun.of(search("--steps", "400", "--out", run.toString(), "--resume"));
                assertEquals(2, other.exitCode(), other::toString);
                assertTrue(other.err().contains("--out " + run + " is in use by another asvit run (process "
                        + search.pid() + ")"), other::toString);
                assertEquals(1, other.errLines().length, other::toString);
            } finally {
                search.kill();
            }
        } finally {
            first.kill();   // SIGKILL: the lock file stays, the system's lock goes
        }
        assertTrue(Files.exists(dir.resolve(".rows.csv.asvit.lock")), "kill -9 leaves the lock file");
        int kept = Files.readAllLines(rows).size() - 1;
        assertTrue(kept >= 2, "rows written before the kill are kept: " + kept);
        Path few = Files.writeString(dir.resolve("few.txt"), String.join("\n", firstArchs(rows, kept)) + "\n");
        AsvitRun resumed = AsvitRun.of(many("--arch-file", few.toString(), "--out", rows.toString(), "--resume"));
        assertEquals(0, resumed.exitCode(), "the killed run's hold is not stuck: " + resumed);
        assertTrue(resumed.err().contains("0 evaluated (0 failed), " + kept + " already in"), resumed::toString);
    }

    @Test
    void evaluateManyKeepsEveryFinishedRowWhenKilled() throws Exception {
        Path rows = dir.resolve("rows.jsonl");
        ChildAsvit child = ChildAsvit.start(dir.resolve("child"), many("--sample", "400", "--out", rows.toString()));
        try {
            // With the default chunk (local: 1) each row is saved as it finishes, long before 64.
            awaitRows(rows, 3, child);
        } finally {
            child.kill();
        }
        List<String> lines = Files.readAllLines(rows);
        assertTrue(lines.size() >= 3 && lines.size() < 64, "rows kept: " + lines.size());
        for (String line : lines) {
            assertTrue(line.startsWith("{\"arch\":") && line.endsWith("}"), line);
        }
    }

    @Test
    void trainingDataThatHoldsSplitsIsRefusedWithTheFoldersToGive() throws IOException {
        Path d = dir.resolve("d");
        AsvitRun made = AsvitRun.of("make-dataset", "--classes", "3", "--per-class", "8", "--out", d.toString());
        assertEquals(0, made.exitCode(), made::toString);

        AsvitRun train = AsvitRun.of("train", "--arch", "8,2,3|4,1,2|4,1,4|4,1,6|32", "--data", d.toString(),
                "--epochs", "1", "--out", dir.resolve("tr1").toString());
        assertEquals(2, train.exitCode(), train::toString);
        assertEquals("asvit: error: --data " + d + " holds the split folders train/, val/, not one folder per class; "
                + "did you mean --data " + d.resolve("train") + " --val " + d.resolve("val") + "?", train.err().strip());
        assertFalse(Files.exists(dir.resolve("tr1")), "nothing written");

        AsvitRun study = AsvitRun.of("study", "--data", d.resolve("train").toString(), "--val", d.toString(),
                "--out", dir.resolve("st").toString());
        assertEquals(2, study.exitCode(), study::toString);
        assertTrue(study.err().contains("--val " + d + " holds the split folders train/, val/, not one folder per class; "
                + "did you mean --val " + d.resolve("val") + "?"), study::toString);

        AsvitRun search = AsvitRun.of(search("--steps", "1", "--data", d.toString()));
        assertEquals(2, search.exitCode(), search::toString);
        assertEquals("asvit: error: --data " + d + " holds the split folders train/, val/, not one folder per class; "
                + "did you mean --data " + d.resolve("train") + "?", search.err().strip());

        // A class that happens to be named "test" with its images is still a class.
        Path classes = dir.resolve("classes");
        assertEquals(0, AsvitRun.of("make-dataset", "--classes", "2", "--per-class", "4", "--val-per-class", "0",
                "--out", classes.toString()).exitCode());
        Files.move(classes.resolve("train/class00"), classes.resolve("train/test"));
        AsvitRun fine = AsvitRun.of(search("--steps", "1", "--data", classes.resolve("train").toString()));
        assertEquals(0, fine.exitCode(), fine::toString);
    }

    @Test
    void countsNameTheImageSizeThatOverflows() {
        AsvitRun run = AsvitRun.of("count", "--arch", "8,2,3|4,1,2|4,1,4|4,1,6|32", "--image-size", "100000");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("asvit: error: --image-size 100000: the number of FLOPs exceeds 9,223,372,036,854,775,807, the "
                + "largest count a 64-bit integer holds; use smaller values", run.err().strip());
    }

    @Test
    void makeDatasetHoldsItsFolder() throws IOException {
        Path out = Files.createDirectories(dir.resolve("d"));
        try (OutputLock held = OutputLock.folder(out, "--out")) {
            AsvitRun run = AsvitRun.of("make-dataset", "--classes", "2", "--per-class", "2", "--out", out.toString());
            assertEquals(2, run.exitCode(), run::toString);
            assertTrue(run.err().contains("--out " + out + " is in use by another asvit run (process "
                    + ProcessHandle.current().pid() + ")"), run::toString);
        }
        assertEquals(0, AsvitRun.of("make-dataset", "--classes", "2", "--per-class", "2", "--out", out.toString())
                .exitCode(), "a left-over empty folder with its lock released is fine");
    }

    private static List<Path> listing(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        }
    }

    private static List<String> firstArchs(Path csv, int count) throws IOException {
        return Files.readAllLines(csv).subList(1, count + 1).stream().map(l -> l.substring(1, l.indexOf('"', 1))).toList();
    }

    /** Waits until {@code file} holds at least {@code lines} lines (a CSV's header counts). */
    private static void awaitRows(Path file, int lines, ChildAsvit child) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readAllLines(file).size() >= lines + (file.toString().endsWith(".csv") ? 1 : 0)) {
                return;
            }
            assertTrue(child.isAlive(), () -> "the child ended early: " + stderr(child));
            Thread.sleep(50);
        }
        throw new AssertionError("no " + lines + " rows in " + file + " within 120 s: " + stderr(child));
    }

    private static void awaitFile(Path file, ChildAsvit child) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline && !Files.exists(file)) {
            assertTrue(child.isAlive(), () -> "the child ended early: " + stderr(child));
            Thread.sleep(50);
        }
        assertTrue(Files.exists(file), () -> "no " + file + " within 120 s: " + stderr(child));
    }

    private static String stderr(ChildAsvit child) {
        try {
            return child.stderr();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
