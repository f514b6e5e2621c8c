package org.asvit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.OutputLock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class RunFolderTest {
    @TempDir
    Path root;

    private static final Map<String, String> OPTIONS = Map.of("--seed", "3", "--steps", "10");

    @Test
    void checkpointRoundTripsOnResume() throws IOException {
        Path dir = root.resolve("run");
        ObjectNode state = new ObjectMapper().createObjectNode().put("step", 4).put("x", 0.1 + 0.2);
        try (RunFolder run = RunFolder.open(dir, "search", OPTIONS, false)) {
            assertTrue(run.checkpoint().isEmpty());
            run.saveCheckpoint(state);
        }
        try (RunFolder resumed = RunFolder.open(dir, "search", OPTIONS, true)) {
            assertEquals(state, resumed.checkpoint().orElseThrow());
            assertEquals(0.1 + 0.2, resumed.checkpoint().orElseThrow().get("x").doubleValue(), 0.0, "doubles exact");
        }
    }

    @Test
    void anExistingRunIsNeverOverwritten() throws IOException {
        Path dir = root.resolve("run");
        saveEmptyCheckpoint(dir);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(dir, "search", OPTIONS, false));
        assertEquals("--out " + dir + " already holds files of a 'search' run; pass --resume to continue that run, "
                + "or choose another folder", e.getMessage());
    }

    @Test
    void resumeNamesTheOptionThatDiffers() throws IOException {
        Path dir = root.resolve("run");
        saveEmptyCheckpoint(dir);
        Map<String, String> other = new LinkedHashMap<>(OPTIONS);
        other.put("--steps", "20");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(dir, "search", other, true));
        assertEquals("--resume: option --steps is 20 but the run in " + dir + " was started with 10; resume with the "
                + "same options, or choose another --out", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(dir, "grow", OPTIONS, true));
        assertTrue(e.getMessage().contains("holds a 'search' run, not a 'grow' run"), e.getMessage());
    }

    private static void saveEmptyCheckpoint(Path dir) throws IOException {
        try (RunFolder run = RunFolder.open(dir, "search", OPTIONS, false)) {
            run.saveCheckpoint(new ObjectMapper().createObjectNode());
        }
    }

    @Test
    void resumeWithNothingToResumeIsRefused() throws IOException {
        Path missing = root.resolve("missing");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(missing, "search", OPTIONS, true));
        assertEquals("--resume: nothing to resume in " + missing + " (no such folder); leave out --resume to start a "
                + "run there", e.getMessage());
        assertFalse(Files.exists(missing), "a refused resume makes no folder");

        Path empty = Files.createDirectories(root.resolve("empty"));
        // A lock file left by a killed run does not count as a file of the run.
        Files.writeString(empty.resolve(OutputLock.IN_FOLDER), "123 x\n");
        e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(empty, "search", OPTIONS, true));
        assertEquals("--resume: nothing to resume in " + empty + " (the folder is empty); leave out --resume to start "
                + "a run there", e.getMessage());

        Path other = root.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(other, "search", OPTIONS, true));
        assertTrue(e.getMessage().contains("holds files but no checkpoint.json"), e.getMessage());
    }

    @Test
    void anEmptyCheckpointIsEmptyOrCorrupt() throws IOException {
        Path dir = Files.createDirectories(root.resolve("run"));
        Files.writeString(dir.resolve(RunFolder.CHECKPOINT), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(dir, "search", OPTIONS, true));
        assertTrue(e.getMessage().startsWith("--resume: " + dir.resolve(RunFolder.CHECKPOINT)
                + " is empty; the checkpoint is empty or corrupt"), e.getMessage());
    }

    @Test
    void anOpenFolderIsHeldUntilClosed() throws IOException {
        Path dir = root.resolve("run");
        try (RunFolder first = RunFolder.open(dir, "search", OPTIONS, false)) {
            first.saveCheckpoint(new ObjectMapper().createObjectNode());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> RunFolder.open(dir, "search", OPTIONS, true));
            assertEquals("--out " + dir + " is in use by another asvit run (process " + ProcessHandle.current().pid()
                    + "); wait for it to end, or choose another --out", e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve(OutputLock.IN_FOLDER)), "closing removes the lock file");
        try (RunFolder resumed = RunFolder.open(dir, "search", OPTIONS, true)) {
            assertTrue(resumed.checkpoint().isPresent());
        }
    }

    @Test
    void aFolderThatCannotBeMadeIsNamedWithTheCause() throws IOException {
        Path file = Files.writeString(root.resolve("file"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(file.resolve("run"), "search", OPTIONS, false));
        assertEquals("--out " + file.resolve("run") + ": cannot make the folder: " + file + " is a file", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(Path.of("/proc/asvit-run"), "search",
                OPTIONS, false));
        assertTrue(e.getMessage().startsWith("--out /proc/asvit-run: cannot make the folder: "), e.getMessage());
        assertFalse(e.getMessage().contains(".tmp"), e.getMessage());
    }

    @Test
    void corruptCheckpointIsReported() throws IOException {
        Path dir = root.resolve("run");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(RunFolder.CHECKPOINT), "{\"command\": \"search\", ");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(dir, "search", OPTIONS, true));
        assertTrue(e.getMessage().contains("is not valid JSON") && e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void writesCsvWithEmptyCellsForMissingAndNonFiniteValues() throws IOException {
        RunFolder run = RunFolder.open(root.resolve("run"), "search", OPTIONS, false);
        run.close();
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("step", 0);
        first.put("arch", "8,2,3|4,1,2|4,1,4|4,1,6|32");
        first.put("ntk", Double.NaN);
        run.writeCsv("t.csv", List.of("step", "arch", "ntk"), List.of(first, Map.of("step", 1, "ntk", 2.5)));
        assertEquals("step,arch,ntk\n0,8,2,3|4,1,2|4,1,4|4,1,6|32,\n1,,2.5\n".replace("8,2,3|4,1,2|4,1,4|4,1,6|32",
                        "\"8,2,3|4,1,2|4,1,4|4,1,6|32\""),
                Files.readString(run.file("t.csv")));
    }

    @Test
    void writesPng() throws IOException {
        RunFolder run = RunFolder.open(root.resolve("run"), "search", OPTIONS, false);
        run.writePng("p.png", Charts.render(Charts.Panel.of("t", "x", "y",
                Charts.Series.line("s", new double[]{0, 1, 2}, new double[]{1, Double.NaN, 3}))));
        BufferedImage image = javax.imageio.ImageIO.read(run.file("p.png").toFile());
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
    }
}
