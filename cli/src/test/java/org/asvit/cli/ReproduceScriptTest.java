package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scripts/reproduce.sh --quick}, the whole reproduction at tiny settings, run with this build's classes
 * through a stand-in for {@code ./asvit}: every part runs, the document holds the expected tables and rows,
 * the figures are PNG files, and a second run resumes the finished searches instead of redoing them.
 */
@Tag("child-jvm")
@Tag("slow")
class ReproduceScriptTest {
    private static final String LARGE_ROW = "| As-ViT Large | `8,2,3,5\\|4,1,2,2\\|4,1,4,5\\|4,1,6,2\\|32,180` | 87.58 M | 88.1 M "
            + "| -0.6% | 22.36 | 22.6 | -1.1% |";

    @Test
    void quickModeWritesTheDocumentAndFiguresAndResumes(@TempDir Path dir) throws Exception {
        Path asvit = standIn(dir);
        Path runs = dir.resolve("runs");
        String first = reproduce(asvit, dir, "--quick", "--out", runs.toString());

        Path doc = runs.resolve("reproduction.md");
        String md = Files.readString(doc);
        assertTrue(first.contains("wrote " + doc), first);
        for (String heading : List.of("## Table 5: parameters and FLOPs", "## Table 6: FLOPs saved",
                "## Table 4 and Figure 3", "### Setting: 32 px, R = 1, stop at 3.0 M", "### Why the scaling differs",
                "## Table 3: the searched topology", "### Setting: 32 px, R = 1, 10 steps", "## Table 2: the metrics' cost",
                "## Not yet run")) {
            assertTrue(md.contains(heading), "missing '" + heading + "' in\n" + md);
        }
        // Counts and schedules are analytic: exact rows.
        assertTrue(md.contains(LARGE_ROW), md);
        assertTrue(md.contains("| `paper-18` | 16:40,8:70 | 20.1% | 18.7% | +1.4 points |"), md);
        assertTrue(md.contains("| `paper-56` | 16:120,8:210 | 60.2% | 56.2% | +4.0 points |"), md);
        // The searches: one row per seed with the topology its run derived, and the 12 factors.
        for (int seed = 0; seed < 2; seed++) {
            JsonNode search = Json.MAPPER.readTree(runs.resolve("search-32px-r1-10steps/seed-" + seed + "/search.json").toFile());
            assertTrue(search.path("completed").asBoolean());
            String derived = search.path("derived").path("arch").asText().replace("|", "\\|");
            assertTrue(md.contains("| " + seed + " | `" + derived + "` | 15.33 -> "), "seed " + seed + " row in\n" + md);
        }
        for (String factor : ReproductionReportCommand.FACTORS) {
            assertTrue(md.contains("\n| " + factor + " | "), "factor " + factor);
        }
        assertTrue(md.contains("Finished seeds: 0, 1 by the metrics, 0, 1 at random."), md);
        assertTrue(md.contains("| by the metrics | 2 | ") && md.contains("| random | 2 | "), md);
        assertTrue(md.contains("| kappa | ") && md.contains("| 38.3 s | -0.49 |"), md);
        // Every table names the command beside it.
        assertTrue(md.contains("Command (seed 0): `asvit grow --arch 8,2,3|4,1,2|4,1,4|4,1,6|32 --image-size 32 --repeat 1 "
                + "--stop-params 3e6 --rank metrics --seed 0"), md);

        Path figures = runs.resolve("reproduction");
        for (String png : List.of("grow-1-depth-width.png", "grow-1-ntk-length.png", "search-1-entropy.png")) {
            BufferedImage image = ImageIO.read(figures.resolve(png).toFile());
            assertNotNull(image, png);
            assertEquals(640, image.getWidth(), png);
            assertEquals(420, image.getHeight(), png);
            assertTrue(md.contains("](reproduction/" + png + ")"), png + " linked from the document");
        }
        // The NTK along seed 0's path, again on noise and on shapes: every network of the path in both tables,
        // and the noise column the growth's own values to the bit (the same seed gives the same numbers).
        int pathLength = Json.MAPPER.readTree(runs.resolve("grow-32px-r1-stop3e6/metrics-seed-0/grow.json").toFile())
                .path("steps").size();
        assertTrue(md.contains("### The NTK along the path: noise against images (32 px, R = 1)"), md);
        assertTrue(md.contains("The noise column equals the growth's own values bit for bit in " + pathLength + " of "
                + pathLength + " networks."), md);
        for (String batch : List.of("noise", "images")) {
            assertEquals(pathLength + 1, Files.readAllLines(runs.resolve("ntk-path-32px-r1/" + batch + ".csv")).size(), batch);
        }
        assertTrue(md.contains("--data " + runs.resolve("shapes32/train")), md);

        // 2 searches, 4 growths, 1 image set and 2 path evaluations, 1 evaluation, 3 counts, 3 schedules.
        List<String> logged = Files.readAllLines(runs.resolve("commands.tsv"));
        assertEquals(16, logged.size(), String.join("\n", logged));

        // Again, searches and report only: the finished runs are resumed as they are, not redone.
        Path search0 = runs.resolve("search-32px-r1-10steps/seed-0/search.json");
        String before = Files.readString(search0);
        reproduce(asvit, dir, "--quick", "--out", runs.toString(), "--parts", "search,report");
        assertEquals(before, Files.readString(search0));
        assertEquals(18, Files.readAllLines(runs.resolve("commands.tsv")).size());
        assertTrue(Files.readString(doc).contains(LARGE_ROW));
    }

    @Test
    void reportRefusesAMissingRunsFolderInOneLine(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        CommandLine cli = AsvitCommand.newCommandLine();
        cli.setErr(new PrintWriter(err));
        int status = cli.execute("reproduction-report", "--runs", dir.resolve("none").toString(), "--doc",
                dir.resolve("r.md").toString());
        assertEquals(2, status);
        assertEquals("asvit: error: --runs " + dir.resolve("none") + " is not a folder (run scripts/reproduce.sh first)",
                err.toString().strip());
    }

    /** A stand-in for ./asvit: this JVM's classes, without the launcher's maven build. */
    private static Path standIn(Path dir) throws IOException {
        Path script = dir.resolve("asvit");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.writeString(script, "#!/usr/bin/env bash\nexec '" + java + "' -Xss8m -Xmx512m -cp '"
                + System.getProperty("java.class.path") + "' " + AsvitCommand.class.getName() + " \"$@\"\n");
        assertTrue(script.toFile().setExecutable(true));
        return script;
    }

    private static String reproduce(Path asvit, Path dir, String... args) throws Exception {
        Path repository = Path.of("").toAbsolutePath();
        while (!Files.exists(repository.resolve("scripts/reproduce.sh"))) {
            repository = repository.getParent();
            assertNotNull(repository, "scripts/reproduce.sh not found above " + Path.of("").toAbsolutePath());
        }
        List<String> command = new java.util.ArrayList<>(List.of("bash", repository.resolve("scripts/reproduce.sh").toString()));
        command.addAll(List.of(args));
        Path output = dir.resolve("reproduce-output.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("ASVIT", asvit.toString());
        Process process = builder.start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("reproduce.sh did not end within 15 minutes");
        }
        String text = Files.readString(output);
        assertEquals(0, process.exitValue(), text);
        return text;
    }
}
