package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.topology.SearchSpace;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code asvit search} end to end on tiny settings: outputs, refusals, resume (kill -9 included), bad data. */
@Tag("child-jvm")
class CliSearchTest {
    private static final String[] TINY = {"search", "--image-size", "32", "--repeat", "1", "--batch", "4"};

    @TempDir
    Path dir;

    private static String[] args(String... more) {
        List<String> all = new ArrayList<>(List.of(TINY));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void writesItsOutputsAndEndsWithTheDerivedTopology() throws IOException {
        Path out = dir.resolve("run");
        AsvitRun run = AsvitRun.of(args("--steps", "4", "--out", out.toString()));
        assertEquals(0, run.exitCode(), run::toString);
        String[] lines = run.out().strip().split("\\R");
        Topology derived = Topology.parse(lines[lines.length - 1]);
        assertTrue(SearchSpace.contains(derived));
        assertTrue(run.err().contains("quick preset"), run::toString);

        JsonNode json = new ObjectMapper().readTree(out.resolve("search.json").toFile());
        assertEquals(4, json.get("steps").size());
        assertEquals(derived.format(), json.get("derived").get("arch").asText());
        assertEquals(32, json.get("config").get("imageSize").asInt());
        JsonNode step = json.get("steps").get(1);
        for (String field : List.of("step", "arch", "ntk", "lengthDistortion", "bad", "reward", "baseline", "advantage",
                "entropy", "params", "flops", "seconds", "cacheHit")) {
            assertTrue(step.has(field), field);
        }
        List<String> csv = Files.readAllLines(out.resolve("search.csv"));
        assertEquals(5, csv.size());
        assertEquals("step,sample,arch,ntk,lengthDistortion,bad,reward,baseline,advantage,entropy,params,flops,seconds,cacheHit",
                csv.get(0));
        BufferedImage png = ImageIO.read(out.resolve("search.png").toFile());
        assertNotNull(png);
        assertTrue(png.getWidth() > 1000);
    }

    @Test
    void jsonOutputIsOneObject() {
        AsvitRun run = AsvitRun.of(args("--steps", "2", "--json"));
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = run.json();
        assertEquals(2, json.get("steps").asInt());
        assertTrue(SearchSpace.contains(Topology.parse(json.get("derived").get("arch").asText())));
        assertEquals("", run.err(), "no progress lines with --json");
    }

    @Test
    void anExistingRunIsNotOverwrittenAndResumeChecksOptions() {
        Path out = dir.resolve("run");
        assertEquals(0, AsvitRun.of(args("--steps", "2", "--out", out.toString())).exitCode());

        AsvitRun again = AsvitRun.of(args("--steps", "2", "--out", out.toString()));
        assertEquals(2, again.exitCode(), again::toString);
        assertTrue(again.err().contains("already holds files of a 'search' run; pass --resume"), again::toString);

        AsvitRun otherLr = AsvitRun.of(args("--steps", "2", "--lr", "0.1", "--out", out.toString(), "--resume"));
        assertEquals(2, otherLr.exitCode(), otherLr::toString);
        assertTrue(otherLr.err().contains("option --lr is 0.1 but the run in " + out + " was started with 0.08"),
                otherLr::toString);

        AsvitRun noOut = AsvitRun.of(args("--resume"));
        assertEquals(2, noOut.exitCode());
        assertTrue(noOut.err().contains("--resume needs --out"), noOut::toString);
    }

    @Test
    void killedWithSigkillAndResumedEqualsUninterrupted() throws Exception {
        Path straight = dir.resolve("straight");
        AsvitRun whole = AsvitRun.of(args("--steps", "24", "--out", straight.toString()));
        assertEquals(0, whole.exitCode(), whole::toString);

        Path killed = dir.resolve("killed");
        Process child = new ProcessBuilder(javaCommand(args("--steps", "24", "--out", killed.toString())))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            waitForSteps(killed, 3, child);
        } finally {
            child.destroyForcibly();   // SIGKILL: no shutdown hook, no chance to tidy up
            child.waitFor(30, TimeUnit.SECONDS);
        }
        int doneBeforeKill = stepsIn(killed);
        AsvitRun resumed = AsvitRun.of(args("--steps", "24", "--out", killed.toString(), "--resume"));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        if (doneBeforeKill < 24) {
            assertTrue(resumed.err().contains("resuming " + killed + " at step"), resumed::toString);
        }
        assertEquals(withoutTimes(straight), withoutTimes(killed));
        assertEquals(lastLine(whole.out()), lastLine(resumed.out()));
    }

    @Test
    void dataFolderErrorsAreBadInput() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        AsvitRun run = AsvitRun.of(args("--steps", "1", "--data", empty.toString()));
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--data") && run.err().contains("holds no images"), run::toString);

        Path few = Files.createDirectories(dir.resolve("few/cats"));
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(image, "png", few.resolve("a.png").toFile());
        run = AsvitRun.of(args("--steps", "1", "--data", dir.resolve("few").toString()));
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("holds 1 image, fewer than the 4 asked for"), run::toString);

        Files.writeString(few.resolve("b.png"), "not a png");
        Files.writeString(few.resolve("c.png"), "not a png");
        Files.writeString(few.resolve("d.png"), "not a png");
        run = AsvitRun.of(args("--steps", "1", "--data", dir.resolve("few").toString()));
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("cannot decode image"), run::toString);
    }

    @Test
    void imageFolderTreeFeedsTheNtkBatch() throws IOException {
        for (String cls : List.of("a", "b")) {
            Path folder = Files.createDirectories(dir.resolve("data").resolve(cls));
            for (int i = 0; i < 3; i++) {
                BufferedImage image = new BufferedImage(12, 12, BufferedImage.TYPE_INT_RGB);
                image.setRGB(i, i, 0xFF00FF);
                ImageIO.write(image, "png", folder.resolve(i + ".png").toFile());
            }
        }
        AsvitRun run = AsvitRun.of(args("--steps", "2", "--json", "--data", dir.resolve("data").toString()));
        assertEquals(0, run.exitCode(), run::toString);
    }

    static List<String> javaCommand(String... cliArgs) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xss8m",
                "-cp", System.getProperty("java.class.path"), AsvitCommand.class.getName()));
        command.addAll(List.of(cliArgs));
        return command;
    }

    private static void waitForSteps(Path out, int steps, Process child) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && child.isAlive()) {
            if (stepsIn(out) >= steps) {
                return;
            }
            Thread.sleep(20);
        }
        assertTrue(stepsIn(out) >= steps || !child.isAlive(), "the child run made no progress");
    }

    private static int stepsIn(Path out) throws IOException {
        File checkpoint = out.resolve("checkpoint.json").toFile();
        if (!checkpoint.exists()) {
            return 0;
        }
        return new ObjectMapper().readTree(checkpoint).get("state").get("steps").size();
    }

    /** search.json's steps without the wall-clock seconds, and the derived topology. */
    private static String withoutTimes(Path out) throws IOException {
        JsonNode json = new ObjectMapper().readTree(out.resolve("search.json").toFile());
        for (JsonNode step : json.get("steps")) {
            ((ObjectNode) step).remove("seconds");
        }
        ((ObjectNode) json.get("config")).remove("threads");
        assertFalse(json.get("derived").isNull());
        return json.get("steps").toString() + json.get("derived").toString();
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\\R");
        return lines[lines.length - 1];
    }
}
