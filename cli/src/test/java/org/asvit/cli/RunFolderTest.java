package org.asvit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        RunFolder run = RunFolder.open(dir, "search", OPTIONS, false);
        assertTrue(run.checkpoint().isEmpty());
        ObjectNode state = new ObjectMapper().createObjectNode().put("step", 4).put("x", 0.1 + 0.2);
        run.saveCheckpoint(state);

        RunFolder resumed = RunFolder.open(dir, "search", OPTIONS, true);
        assertEquals(state, resumed.checkpoint().orElseThrow());
        assertEquals(0.1 + 0.2, resumed.checkpoint().orElseThrow().get("x").doubleValue(), 0.0, "doubles exact");
    }

    @Test
    void anExistingRunIsNeverOverwritten() throws IOException {
        Path dir = root.resolve("run");
        RunFolder.open(dir, "search", OPTIONS, false).saveCheckpoint(new ObjectMapper().createObjectNode());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(dir, "search", OPTIONS, false));
        assertEquals("--out " + dir + " already holds files of a 'search' run; pass --resume to continue that run, "
                + "or choose another folder", e.getMessage());
    }

    @Test
    void resumeNamesTheOptionThatDiffers() throws IOException {
        Path dir = root.resolve("run");
        RunFolder.open(dir, "search", OPTIONS, false).saveCheckpoint(new ObjectMapper().createObjectNode());
        Map<String, String> other = new LinkedHashMap<>(OPTIONS);
        other.put("--steps", "20");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(dir, "search", other, true));
        assertEquals("--resume: option --steps is 20 but the run in " + dir + " was started with 10; resume with the "
                + "same options, or choose another --out", e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> RunFolder.open(dir, "grow", OPTIONS, true));
        assertTrue(e.getMessage().contains("holds a 'search' run, not a 'grow' run"), e.getMessage());
    }

    @Test
    void resumeWithoutCheckpointStartsFreshOnlyInAnEmptyFolder() throws IOException {
        Path empty = root.resolve("empty");
        assertTrue(RunFolder.open(empty, "search", OPTIONS, true).checkpoint().isEmpty());

        Path other = root.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunFolder.open(other, "search", OPTIONS, true));
        assertTrue(e.getMessage().contains("holds files but no checkpoint.json"), e.getMessage());
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
