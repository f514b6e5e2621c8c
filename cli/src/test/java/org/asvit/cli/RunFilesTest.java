package org.asvit.cli;

import org.asvit.io.RunFolder;
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

@Tag("fast")
class RunFilesTest {
    @TempDir
    Path root;

    private static final Map<String, String> OPTIONS = Map.of("--seed", "3", "--steps", "10");

    @Test
    void writesCsvWithEmptyCellsForMissingAndNonFiniteValues() throws IOException {
        RunFolder run = RunFolder.open(root.resolve("run"), "search", OPTIONS, false);
        run.close();
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("step", 0);
        first.put("arch", "8,2,3|4,1,2|4,1,4|4,1,6|32");
        first.put("ntk", Double.NaN);
        RunFiles.writeCsv(run, "t.csv", List.of("step", "arch", "ntk"), List.of(first, Map.of("step", 1, "ntk", 2.5)));
        assertEquals("step,arch,ntk\n0,8,2,3|4,1,2|4,1,4|4,1,6|32,\n1,,2.5\n".replace("8,2,3|4,1,2|4,1,4|4,1,6|32",
                        "\"8,2,3|4,1,2|4,1,4|4,1,6|32\""),
                Files.readString(run.file("t.csv")));
    }

    @Test
    void writesPng() throws IOException {
        RunFolder run = RunFolder.open(root.resolve("run"), "search", OPTIONS, false);
        RunFiles.writePng(run, "p.png", Charts.render(Charts.Panel.of("t", "x", "y",
                Charts.Series.line("s", new double[]{0, 1, 2}, new double[]{1, Double.NaN, 3}))));
        BufferedImage image = javax.imageio.ImageIO.read(run.file("p.png").toFile());
        assertEquals(Charts.WIDTH, image.getWidth());
        assertEquals(Charts.HEIGHT, image.getHeight());
    }
}
