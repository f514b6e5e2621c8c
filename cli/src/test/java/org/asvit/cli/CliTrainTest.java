package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code asvit make-dataset} and {@code asvit train} end to end on a small generated data set. */
@Tag("slow")
class CliTrainTest {
    private static final String ARCH = "4,2,2,1|2,1,2,1|2,1,2,1|2,1,2,1|8,16";
    private static final String[] COMMON = {"train", "--arch", ARCH, "--epochs", "6", "--batch", "16", "--lr", "2e-3",
            "--warmup", "1", "--retokenize", "16:1,8:2", "--image-size", "32", "--seed", "0", "--loader-threads", "2"};

    @TempDir
    static Path dir;
    static Path data;

    @BeforeAll
    static void makeData() {
        data = dir.resolve("stripes");
        AsvitRun made = AsvitRun.of("make-dataset", "--classes", "4", "--per-class", "64", "--val-per-class", "16",
                "--size", "32", "--seed", "5", "--out", data.toString());
        assertEquals(0, made.exitCode(), made.toString());
    }

    private static String[] train(Path out, String... more) {
        String[] tail = {"--data", data.resolve("train").toString(), "--val", data.resolve("val").toString(),
                "--out", out.toString(), "--json"};
        String[] args = Arrays.copyOf(COMMON, COMMON.length + tail.length + more.length);
        System.arraycopy(tail, 0, args, COMMON.length, tail.length);
        System.arraycopy(more, 0, args, COMMON.length + tail.length, more.length);
        return args;
    }

    @Test
    void makeDatasetWritesSeededPngTrees() throws IOException {
        try (Stream<Path> files = Files.walk(data)) {
            assertEquals(4 * 64 + 4 * 16, files.filter(p -> p.toString().endsWith(".png")).count());
        }
        Path again = dir.resolve("again");
        assertEquals(0, AsvitRun.of("make-dataset", "--classes", "4", "--per-class", "64", "--val-per-class", "16",
                "--size", "32", "--seed", "5", "--out", again.toString()).exitCode());
        Path file = Path.of("train", "class02", "0007.png");
        assertArrayEquals(Files.readAllBytes(data.resolve(file)), Files.readAllBytes(again.resolve(file)), "same seed");
        AsvitRun bad = AsvitRun.of("make-dataset", "--classes", "40", "--out", dir.resolve("bad").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--classes must be in 2..8"), bad.err());
        assertFalse(Files.exists(dir.resolve("bad")), "refused before its folder is made");
    }

    @Test
    void trainsWithRetokenisationResumesExactlyAndItsWeightsEvaluate() throws IOException {
        Path full = dir.resolve("full");
        AsvitRun run = AsvitRun.of(train(full));
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode result = run.json();
        JsonNode epochs = result.path("epochRecords");
        assertEquals(6, epochs.size());
        assertEquals(16, epochs.get(0).path("stride").asInt());
        assertEquals(5, epochs.get(0).path("dilation").asInt(), "K1 = 4 at stride 16: dilation 5");
        assertEquals(4, epochs.get(0).path("tokens").asInt(), "32 px at stride 16: a 2 x 2 grid");
        assertEquals(8, epochs.get(1).path("stride").asInt());
        assertEquals(2, epochs.get(1).path("dilation").asInt());
        assertEquals(4, epochs.get(2).path("stride").asInt());
        assertEquals(4, epochs.get(5).path("stride").asInt());
        assertEquals(64, epochs.get(5).path("tokens").asInt());
        assertTrue(result.path("flopsSaved").asDouble() > 0.2, "coarse epochs save FLOPs: " + result.path("flopsSaved"));
        double firstLoss = epochs.get(0).path("trainLoss").asDouble();
        double lastLoss = epochs.get(5).path("trainLoss").asDouble();
        assertTrue(lastLoss < firstLoss - 0.1, "training loss falls: " + firstLoss + " -> " + lastLoss);
        double accuracy = result.path("valAccuracy").asDouble();
        assertTrue(accuracy >= 0.5, "held-out accuracy well above the 0.25 of chance: " + accuracy);
        for (String name : new String[] {"train.json", "train.csv", "train.png", "weights.safetensors", "checkpoint.json",
                "checkpoint-0006.safetensors"}) {
            assertTrue(Files.isRegularFile(full.resolve(name)), name);
        }
        assertFalse(Files.exists(full.resolve("checkpoint-0005.safetensors")), "older checkpoints are removed");
        assertEquals(7, Files.readAllLines(full.resolve("train.csv")).size(), "header and 6 epochs");

        // Killed after epoch 3 (simulated), then resumed: the same numbers and the same weights.
        Path parted = dir.resolve("parted");
        AsvitRun first = AsvitRun.of(train(parted, "--stop-after", "3"));
        assertEquals(0, first.exitCode(), first.toString());
        AsvitRun refused = AsvitRun.of(train(parted));
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("pass --resume"), refused.err());
        String[] otherLr = train(parted, "--resume");
        otherLr[Arrays.asList(otherLr).indexOf("--lr") + 1] = "1e-3";
        AsvitRun mismatch = AsvitRun.of(otherLr);
        assertEquals(2, mismatch.exitCode());
        assertTrue(mismatch.err().contains("option --lr is 0.001 but the run"), mismatch.err());
        AsvitRun resumed = AsvitRun.of(train(parted, "--resume"));
        assertEquals(0, resumed.exitCode(), resumed.toString());
        JsonNode continued = resumed.json().path("epochRecords");
        assertEquals(6, continued.size());
        for (int e = 0; e < 6; e++) {
            for (String field : new String[] {"stride", "learningRate", "trainLoss", "trainAccuracy", "valLoss",
                    "valAccuracy", "flops"}) {
                assertEquals(epochs.get(e).path(field).asText(), continued.get(e).path(field).asText(),
                        "epoch " + (e + 1) + " " + field);
            }
        }
        assertArrayEquals(Files.readAllBytes(full.resolve("weights.safetensors")),
                Files.readAllBytes(parted.resolve("weights.safetensors")), "same final weights");

        // The weights load in evaluate, and so does the checkpoint (its weights.* tensors).
        for (String file : new String[] {"weights.safetensors", "checkpoint-0006.safetensors"}) {
            AsvitRun evaluated = AsvitRun.of("evaluate", "--arch", ARCH, "--image-size", "32", "--weights",
                    full.resolve(file).toString(), "--metrics", "length", "--json");
            assertEquals(0, evaluated.exitCode(), evaluated.toString());
            assertEquals(4, evaluated.json().path("classes").asInt(), "classes from the weights' metadata");
        }
        JsonNode saved = new ObjectMapper().readTree(full.resolve("train.json").toFile());
        assertEquals(result.path("valAccuracy").asDouble(), saved.path("valAccuracy").asDouble());
    }

    @Test
    void differentClassSetsAreRefused() throws IOException {
        Path other = dir.resolve("fewer");
        assertEquals(0, AsvitRun.of("make-dataset", "--classes", "3", "--per-class", "2", "--size", "32",
                "--out", other.toString()).exitCode());
        AsvitRun run = AsvitRun.of("train", "--arch", ARCH, "--data", data.resolve("train").toString(), "--val",
                other.resolve("val").toString(), "--out", dir.resolve("never").toString());
        assertEquals(2, run.exitCode(), run.toString());
        assertTrue(run.err().contains("different classes") && run.err().contains("only in training: [class03]"),
                run.err());
    }
}
