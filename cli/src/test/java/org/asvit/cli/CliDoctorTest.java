package org.asvit.cli;

import org.asvit.runtime.TorchBuild;
import org.asvit.runtime.PresetVersions;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** {@code asvit doctor} and {@code asvit --version} where libtorch has no GPU (the CPU build, as in CI). */
@Tag("native")
class CliDoctorTest {

    @Test
    void withoutAGpuTheCpuPathIsCheckedAndExitCodeThreeSaysNoGpu() {
        assumeFalse(torch.cuda_is_available(), "a GPU is present: the doctor compares it instead");
        // A GPU build on a machine without the CUDA libraries (its CPU part still runs) fails instead, naming them.
        TorchBuild build = TorchBuild.inspect();
        boolean cudaMissing = build.cudaError() != null;
        AsvitRun run = AsvitRun.of("doctor", "--image-size", "32");
        assertEquals(cudaMissing ? DoctorCommand.FAILED : DoctorCommand.NO_GPU, run.exitCode(), run::toString);
        String[] lines = run.out().split("\\R");
        assertTrue(lines[0].startsWith("asvit "), run::toString);
        // The version lines (four in the CPU build, five in a CUDA build: one more on its devices), then the check.
        int check = 2 + build.describe().size();
        assertEquals(VersionProvider.lines(build), List.of(lines).subList(0, check));
        assertEquals("check: " + DoctorCommand.ARCH + " at 32 px, every metric, seed 0, one repeat", lines[check]);

        // The numbers printed are the evaluator's for the same settings.
        EvaluationResult expected = new Evaluator(EvaluationSettings.defaults(32).withSeed(0, true)
                .withMetrics(EnumSet.allOf(Metric.class)).withRepeats(1).withKind(TensorKind.CPU_FLOAT))
                .evaluate(Topology.parse(DoctorCommand.ARCH));
        String numbers = expected.metrics().entrySet().stream()
                .map(e -> e.getKey().cliName() + " " + String.format(Locale.ROOT, "%.6g", e.getValue().mean()))
                .collect(Collectors.joining("  "));
        assertEquals(EnumSet.allOf(Metric.class), expected.metrics().keySet());
        assertTrue(lines[check + 1].matches("cpu {11}\\Q" + numbers + "\\E  \\(\\d+\\.\\d\\d s\\)"), lines[check + 1]);
        assertTrue(lines[check + 2].matches("cpu \\(again\\) {3}\\Q" + numbers + "\\E  \\(\\d+\\.\\d\\d s\\)"), lines[check + 2]);
        assertEquals("cpu vs cpu    identical (same seed, same numbers)", lines[check + 3]);
        String verdict = lines[lines.length - 1];
        if (cudaMissing) {
            assertTrue(verdict.startsWith("verdict: FAILED: CPU path OK, but this CUDA build cannot use CUDA: "
                    + build.cudaError()), verdict);
        } else {
            assertTrue(verdict.startsWith("verdict: CPU path OK; no GPU found: "), verdict);
            assertTrue(verdict.contains(build.cudaBuild() ? "sees no device" : "this is the CPU build of libtorch"),
                    verdict);
        }
    }

    @Test
    void versionNamesLibtorchAndSaysWhenThereIsNoCuda() {
        AsvitRun run = AsvitRun.of("--version");
        assertEquals(0, run.exitCode(), run::toString);
        String[] lines = run.out().split("\\R");
        assertEquals("asvit " + VersionProvider.FALLBACK_VERSION, lines[0]);
        assertTrue(lines[1].startsWith("Java " + System.getProperty("java.version")), lines[1]);
        PresetVersions presets = PresetVersions.onClassPath();
        String libtorch = "libtorch " + presets.libtorch() + " (Bytedeco presets " + presets.release() + "), ";
        if (TorchBuild.inspect().cudaBuild()) {
            assertEquals(libtorch + "CUDA build", lines[2]);
            assertTrue(lines[3].startsWith("CUDA "), lines[3]);
        } else {
            assertEquals(libtorch + "CPU build", lines[2]);
            assertEquals("CUDA: none (CPU build)", lines[3]);
            assertEquals(4, lines.length, run::toString);
        }
        // Every command answers --version the same way.
        assertEquals(run.out(), AsvitRun.of("count", "--version").out());
    }

    @Test
    void anImageSizeTheSeedTopologyCannotTileIsAUsageError() {
        AsvitRun run = AsvitRun.of("doctor", "--image-size", "48");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("asvit: error: "), run::toString);
    }
}
