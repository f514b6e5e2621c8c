package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.SafeTensors;
import org.asvit.io.SafeTensorsFormatException;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** {@code asvit evaluate}: golden fixtures, determinism, and clear errors for bad input. */
@Tag("native")
class CliEvaluateTest {
    /** A small topology that builds at 32 px (grids 8, 4, 2, 1). */
    private static final String TINY = "4,2,2,1|2,1,2,1|2,1,2,1|2,1,2,1|8,8";

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "seed_c16_64; 8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16",
            "rand_c20_64; 5,4,2,2|3,2,5,1|2,2,3,1|3,1,4,2|64,20"})
    void reproducesTheReferenceFixture(String name, String arch) throws IOException {
        Path file = AsvitRun.fixture(name + ".safetensors");
        JsonNode expected = new ObjectMapper().readTree(AsvitRun.fixture(name + ".json").toFile());
        AsvitRun run = AsvitRun.of("evaluate", "--arch", arch, "--image-size", "64", "--weights", file.toString(),
                "--inputs", file.toString(), "--metrics", "ntk,length,curvature,length-kappa", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err(), run::toString);
        JsonNode json = run.json();
        assertEquals(arch, json.get("arch").asText());
        assertEquals(64, json.get("imageSize").asInt());
        assertEquals(10, json.get("classes").asInt(), "classes from the weights' metadata");
        assertEquals(expected.get("params").asLong(), json.get("params").asLong());
        assertEquals(expected.get("flops").asLong(), json.get("flops").asLong());
        assertRelative(expected.get("ntk_cond").asDouble(), json.get("ntkCond").asDouble(), 1e-3, "ntk");
        assertRelative(expected.get("length_distortion").asDouble(), json.get("lengthDistortion").asDouble(), 1e-4,
                "length");
        assertRelative(expected.get("curvature").asDouble(), json.get("curvature").asDouble(), 1e-3, "curvature");
        assertRelative(expected.get("length_distortion_kappa").asDouble(),
                json.get("lengthDistortionKappa").asDouble(), 1e-3, "length-kappa");
        assertEquals(1, json.get("repeats").get("ntkCond").size(), "one repeat with fixed weights");
        assertEquals(json.get("ntkCond").asDouble(), json.get("repeats").get("ntkCond").get(0).asDouble());
        assertFalse(json.has("badRepeats"));
        assertEquals(file.toString(), json.get("weights").asText());
        assertTrue(json.get("inputs").asText().contains("inputs.ntk from"), run::toString);
        assertEquals("cpu", json.get("device").asText());
        assertTrue(json.get("seconds").has("total"));
    }

    /** An all-zero NTK batch: bad repeats with the same reasons in the table and in JSON, never a number. */
    @Test
    void degenerateBatchIsBadWithTheSameReasonInTextAndJson() throws IOException {
        Path file = dir.resolve("zeros.safetensors");
        SafeTensors.write(file, java.util.Map.of("inputs.ntk",
                org.asvit.io.TensorData.of(new long[] {2, 3, 32, 32}, new float[2 * 3 * 32 * 32])), java.util.Map.of());
        String[] args = {"evaluate", "--arch", TINY, "--image-size", "32", "--repeat", "2", "--inputs", file.toString()};
        AsvitRun text = AsvitRun.of(args);
        AsvitRun json = AsvitRun.of(concat(args, "--json"));
        assertEquals(0, text.exitCode(), text::toString);
        assertEquals(0, json.exitCode(), json::toString);
        JsonNode bad = json.json().get("badRepeats");
        assertEquals(List.of("ntkCond"), keys(bad), json::toString);
        assertTrue(json.json().get("ntkCond").isNull());
        assertTrue(json.json().get("repeats").get("ntkCond").get(0).isNull());
        assertEquals(2, bad.get("ntkCond").size());
        for (JsonNode entry : bad.get("ntkCond")) {
            String reason = entry.get("reason").asText();
            assertTrue(reason.startsWith("the NTK Gram matrix is singular or numerically indefinite"), reason);
            assertTrue(text.out().contains("bad: ntk repeat " + entry.get("repeat").asInt() + ": " + reason + "\n"),
                    text::toString);
        }
        assertTrue(text.out().contains("bad bad  (2 bad)"), text::toString);
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    @Test
    void jsonShape() {
        int threads = torch.get_num_threads(); // leave the rest of the suite's setting alone
        AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--repeat", "2", "--json",
                "--threads", Integer.toString(threads));
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = run.json();
        assertEquals(List.of("arch", "imageSize", "classes", "params", "flops", "ntkCond", "lengthDistortion",
                "repeats", "seconds", "device", "threads", "kernels", "inputs", "circle", "weights", "seed"), keys(json));
        assertEquals(List.of("ntkCond", "lengthDistortion"), keys(json.get("repeats")));
        assertEquals(List.of("ntkCond", "lengthDistortion", "total"), keys(json.get("seconds")));
        assertEquals(2, json.get("repeats").get("lengthDistortion").size());
        assertEquals(1000, json.get("classes").asInt());
        assertEquals(threads, json.get("threads").asInt());
        assertTrue(json.get("weights").isNull());
        assertTrue(json.get("inputs").asText().contains("not images"), run::toString);
        assertEquals(1, run.out().strip().lines().count(), "one JSON object on one line");
    }

    @Test
    void sameSeedSameNumbersOtherSeedOtherNumbers() {
        String[] args = {"evaluate", "--arch", TINY, "--image-size", "32", "--repeat", "2",
                "--metrics", "ntk,length,curvature,length-kappa", "--json"};
        JsonNode first = withoutSeconds(AsvitRun.of(args));
        JsonNode second = withoutSeconds(AsvitRun.of(args));
        assertEquals(first, second);
        JsonNode seed7 = withoutSeconds(AsvitRun.of(append(args, "--seed", "7")));
        for (String metric : List.of("ntkCond", "lengthDistortion", "curvature", "lengthDistortionKappa")) {
            assertTrue(first.get(metric).isNumber(), metric);
            assertNotEquals(first.get(metric).asDouble(), seed7.get(metric).asDouble(), metric);
        }
        assertEquals(7, seed7.get("seed").asInt());
    }

    /** The JSON names the attention kernels that ran, per metric; both kernels give the same numbers. */
    @Test
    void kernelsThatRanAreNamed() {
        org.asvit.testing.NativeKernelsBuild.requireKernels();
        String[] args = {"evaluate", "--arch", TINY, "--image-size", "32", "--repeat", "1",
                "--metrics", "ntk,length,curvature", "--json"};
        JsonNode auto = AsvitRun.of(args).json();
        JsonNode nativeRun = AsvitRun.of(append(args, "--kernels", "native")).json();
        JsonNode libtorch = AsvitRun.of(append(args, "--kernels", "LibTorch")).json();
        assertEquals(List.of("requested", "ntkCond", "lengthDistortion", "curvature", "cpuIsa"),
                keys(auto.get("kernels")));
        assertEquals("auto", auto.get("kernels").get("requested").asText());
        assertEquals("native", auto.get("kernels").get("curvature").asText());
        assertEquals("native", nativeRun.get("kernels").get("lengthDistortion").asText());
        // The NTK pass runs the native forward and backward kernels with its graph cut at each attention.
        assertEquals("native", auto.get("kernels").get("ntkCond").asText());
        assertEquals("native", nativeRun.get("kernels").get("ntkCond").asText());
        assertEquals("libtorch", libtorch.get("kernels").get("ntkCond").asText());
        assertEquals("libtorch", libtorch.get("kernels").get("curvature").asText());
        assertEquals("libtorch", libtorch.get("kernels").get("requested").asText());
        for (String metric : List.of("ntkCond", "lengthDistortion", "curvature")) {
            assertRelative(libtorch.get(metric).asDouble(), nativeRun.get(metric).asDouble(), 1e-4, metric);
        }
        AsvitRun bad = AsvitRun.of(append(args, "--kernels", "fast"));
        assertEquals(2, bad.exitCode(), bad::toString);
        assertEquals(1, bad.errLines().length, bad::toString);
        assertTrue(bad.err().contains("unknown kernels 'fast'; accepted: auto, native, libtorch"), bad::toString);
    }

    @Test
    void humanOutputSaysWhatWasComputed() {
        Path file = AsvitRun.fixture("seed_c16_64.safetensors");
        AsvitRun run = AsvitRun.of("evaluate", "--arch", "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16", "--image-size", "64",
                "--weights", file.toString(), "--metrics", "length", "--repeat", "3");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("one repeat"), run::toString);
        assertTrue(run.out().contains("length"), run::toString);
        assertTrue(run.err().contains("asvit: warning: --repeat 3 does not apply with --weights"), run::toString);
    }

    @Test
    void unknownMetricListsTheAcceptedNames() {
        AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--metrics", "ntk,lenght");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().length, run::toString);
        assertTrue(run.err().contains("unknown metric 'lenght'"), run::toString);
        assertTrue(run.err().contains("ntk, length, curvature, length-kappa"), run::toString);
    }

    @Test
    void missingWeightsFile() {
        Path missing = dir.resolve("nope.safetensors");
        AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--weights", missing.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("asvit: error: --weights: no such file: " + missing, run.err().strip());
    }

    @Test
    void corruptWeightsFile() throws IOException {
        Path corrupt = Files.write(dir.resolve("corrupt.safetensors"), new byte[] {7, 8, 9});
        SafeTensorsFormatException expected = assertThrows(SafeTensorsFormatException.class,
                () -> SafeTensors.read(corrupt));
        AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--weights", corrupt.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("asvit: error: --weights: " + expected.getMessage(), run.err().strip());
    }

    @Test
    void weightsOfAnotherArchitecture() {
        Path file = AsvitRun.fixture("seed_c16_64.safetensors");
        AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--weights", file.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().length, run::toString);
        assertTrue(run.err().contains("weights do not fit this architecture"), run::toString);
        assertTrue(run.err().contains("its metadata says it holds arch '8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16'"),
                run::toString);
    }

    @Test
    void inputsWithoutTheNtkBatch() throws IOException {
        Path file = dir.resolve("weights-only.safetensors");
        SafeTensors fixture = SafeTensors.read(AsvitRun.fixture("seed_c16_64.safetensors"));
        SafeTensors.write(file, fixture.withPrefix("expected.").tensors(), fixture.metadata());
        AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--inputs", file.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().length, run::toString);
        assertTrue(run.err().contains("has no tensor 'inputs.ntk'"), run::toString);
    }

    @Test
    void inputsForAnotherImageSize() {
        Path file = AsvitRun.fixture("seed_c16_64.safetensors");
        AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--inputs", file.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("not --image-size 32"), run::toString);
    }

    @Test
    void ntkBatchFromAFolderOfImages() throws IOException {
        Path images = Files.createDirectory(dir.resolve("images"));
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 3; i++) {
            java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(40, 36,
                    java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 36; y++) {
                for (int x = 0; x < 40; x++) {
                    image.setRGB(x, y, random.nextInt(1 << 24));
                }
            }
            assertTrue(javax.imageio.ImageIO.write(image, "png", images.resolve("img" + i + ".png").toFile()));
        }
        AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--data", images.toString(),
                "--batch", "3", "--metrics", "ntk", "--repeat", "1", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("images from " + images, run.json().get("inputs").asText());
        assertTrue(run.json().get("ntkCond").isNumber(), run::toString);

        AsvitRun tooFew = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--data", images.toString(),
                "--metrics", "ntk");
        assertEquals(2, tooFew.exitCode(), tooFew::toString);
        assertEquals(1, tooFew.errLines().length, tooFew::toString);
        assertTrue(tooFew.err().endsWith("holds 3 images, fewer than the 16 asked for (the NTK batch; 16 is the default"
                + " of --batch)" + System.lineSeparator()), tooFew::toString);
        AsvitRun tooFewAsked = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--data", images.toString(),
                "--metrics", "ntk", "--batch", "4");
        assertTrue(tooFewAsked.err().endsWith("fewer than the 4 asked for" + System.lineSeparator()), tooFewAsked::toString);
    }

    /** Empty and truncated files are errors naming the option that gave them. */
    @Test
    void emptyOrTruncatedFilesNameTheirOption() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.safetensors"));
        byte[] fixture = Files.readAllBytes(AsvitRun.fixture("seed_c16_64.safetensors"));
        Path truncated = Files.write(dir.resolve("truncated.safetensors"), java.util.Arrays.copyOf(fixture, 100));
        for (String option : new String[] {"--weights", "--inputs"}) {
            for (Path file : new Path[] {empty, truncated}) {
                AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", option, file.toString());
                assertEquals(2, run.exitCode(), run::toString);
                assertEquals(1, run.errLines().length, run::toString);
                assertTrue(run.err().startsWith("asvit: error: " + option + ": " + file), run::toString);
            }
        }
    }

    /** The README's one-file pattern with bare weight names: the inputs.* tensors are inputs, not unexpected weights. */
    @Test
    void oneFileWithBareWeightNamesServesWeightsAndInputs() throws IOException {
        SafeTensors fixture = SafeTensors.read(AsvitRun.fixture("seed_c16_64.safetensors"));
        java.util.Map<String, org.asvit.io.TensorData> tensors = new java.util.LinkedHashMap<>(
                fixture.withPrefix("weights.").tensors());
        fixture.tensors().forEach((name, data) -> {
            if (name.startsWith("inputs.")) {
                tensors.put(name, data);
            }
        });
        Path file = dir.resolve("bare.safetensors");
        SafeTensors.write(file, tensors, fixture.metadata());
        JsonNode expected = new ObjectMapper().readTree(AsvitRun.fixture("seed_c16_64.json").toFile());
        AsvitRun run = AsvitRun.of("evaluate", "--arch", "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16", "--image-size", "64",
                "--weights", file.toString(), "--inputs", file.toString(), "--metrics", "ntk", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        assertRelative(expected.get("ntk_cond").asDouble(), run.json().get("ntkCond").asDouble(), 1e-3, "ntk");
    }

    /** --verbose reports the thread count the table reports (it used to show libtorch's default before it was set). */
    @Test
    void verboseAndTableAgreeOnThreads() {
        AsvitRun run = AsvitRun.of("--verbose", "evaluate", "--arch", TINY, "--image-size", "32", "--repeat", "1",
                "--metrics", "length");
        assertEquals(0, run.exitCode(), run::toString);
        int threads = torch.get_num_threads();
        String counted = threads + (threads == 1 ? " thread" : " threads");
        assertTrue(run.err().contains("on cpu (" + counted + ")"), run::toString);
        assertTrue(run.out().contains("device     cpu, " + counted + System.lineSeparator()), run::toString);
    }

    @Test
    void dataAndInputsAreExclusive() {
        Path file = AsvitRun.fixture("seed_c16_64.safetensors");
        AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--inputs", file.toString(),
                "--data", dir.toString());
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("asvit: error: --data=DIR, --inputs=FILE are mutually exclusive"), run::toString);
    }

    @Test
    void badNumbers() {
        AsvitRun repeats = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--repeat", "0");
        assertEquals(2, repeats.exitCode(), repeats::toString);
        assertTrue(repeats.err().contains("repeats must be at least 1"), repeats::toString);
        AsvitRun threads = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--threads", "0");
        assertEquals(2, threads.exitCode(), threads::toString);
        assertTrue(threads.err().contains("--threads must be at least 1"), threads::toString);
        AsvitRun device = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--device", "gpu");
        assertEquals(2, device.exitCode(), device::toString);
        assertTrue(device.err().contains("accepted: cpu, cuda, auto"), device::toString);
    }

    @Test
    void runTooBigForTheMemoryLimitIsRefusedInOneLineBeforeAnythingRuns() {
        AsvitRun run = AsvitRun.of("evaluate", "--arch", "8,2,3|4,1,2|4,1,4|4,1,6|32", "--image-size", "224",
                "--max-memory", "300m");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out(), run::toString);
        assertEquals(1, run.err().strip().lines().count(), run::toString);
        assertTrue(run.err().matches("(?s)asvit: error: evaluating '8,2,3\\|4,1,2\\|4,1,4\\|4,1,6\\|32' at 224 px needs "
                + "about [0-9.]+ [MG]B \\(NTK [0-9.]+ [MG]B, curve pass [0-9]+ MB, weights [0-9.]+ MB\\), more than the 300 MB "
                + "allowed by --max-memory; shrink it with a smaller --image-size, --batch \\(now 16, for the NTK\\) or "
                + "--metrics \\(now ntk,length\\).*--max-memory SIZE \\(or off\\)\\s*"), run::toString);

        AsvitRun bad = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--max-memory", "12x");
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("'12x' is not a memory size; accepted: a size such as 512m, 8g or 1.5t"),
                bad::toString);
    }

    @Test
    void cudaWithoutCuda() {
        assumeFalse(torch.cuda_is_available(), "this machine has CUDA");
        AsvitRun run = AsvitRun.of("evaluate", "--arch", TINY, "--image-size", "32", "--device", "cuda");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().length, run::toString);
        assertTrue(run.err().contains("cpu, cuda, auto"), run::toString);
    }

    private static void assertRelative(double expected, double actual, double tolerance, String what) {
        double error = Math.abs(actual - expected) / Math.abs(expected);
        assertTrue(error <= tolerance, what + ": expected " + expected + ", got " + actual + " (relative error "
                + error + " > " + tolerance + ")");
    }

    private static JsonNode withoutSeconds(AsvitRun run) {
        assertEquals(0, run.exitCode(), run::toString);
        ObjectNode json = (ObjectNode) run.json();
        json.remove("seconds");
        return json;
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static String[] append(String[] args, String... more) {
        String[] out = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, out, args.length, more.length);
        return out;
    }
}
