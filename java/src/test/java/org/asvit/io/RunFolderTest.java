package org.asvit.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.InvalidSettingException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
                + "or choose another folder", asFlags(e));
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
                + "same options, or choose another --out", asFlags(e));

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
                + "run there", asFlags(e));
        assertFalse(Files.exists(missing), "a refused resume makes no folder");

        Path empty = Files.createDirectories(root.resolve("empty"));
        // A lock file left by a killed run does not count as a file of the run.
        Files.writeString(empty.resolve(OutputLock.IN_FOLDER), "123 x\n");
        e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(empty, "search", OPTIONS, true));
        assertEquals("--resume: nothing to resume in " + empty + " (the folder is empty); leave out --resume to start "
                + "a run there", asFlags(e));

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
        assertTrue(asFlags(e).startsWith("--resume: " + dir.resolve(RunFolder.CHECKPOINT)
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
                    + "); wait for it to end, or choose another --out", asFlags(e));
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
        assertEquals("--out " + file.resolve("run") + ": cannot make the folder: " + file + " is a file", asFlags(e));
        e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(Path.of("/proc/asvit-run"), "search",
                OPTIONS, false));
        assertTrue(asFlags(e).startsWith("--out /proc/asvit-run: cannot make the folder: "), e.getMessage());
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
    void messagesNameTheLibrarysSettings() throws IOException {
        Path missing = root.resolve("missing");
        IllegalArgumentException e = assertThrows(InvalidSettingException.class,
                () -> RunFolder.open(missing, "search", OPTIONS, true));
        assertEquals("resume: nothing to resume in " + missing + " (no such folder); leave out resume to start a "
                + "run there", e.getMessage());
        e = assertThrows(InvalidSettingException.class, () -> RunFolder.requireFolderToResume(null, true));
        assertEquals("resume needs runFolder DIR, the folder of the run to continue", e.getMessage());
    }

    /** The message as the command line shows it, which calls the run folder --out. */
    private static String asFlags(IllegalArgumentException e) {
        return ((InvalidSettingException) e).messageNaming(s -> s.equals("runFolder") ? "--out" : "--" + s);
    }
}
