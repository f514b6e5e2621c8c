package org.asvit.cli;

import org.asvit.runtime.CudaDevice;
import org.asvit.runtime.TorchBuild;
import org.asvit.runtime.TorchRuntime;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.metrics.MetricSummary;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code asvit doctor}: checks that this machine can run asvit. Loads the libtorch natives, names the
 * CUDA devices, evaluates every metric of the seed topology on the CPU (twice: the numbers must be finite
 * and identical) and, where a GPU is found, on CUDA, and compares the two within the golden fixtures'
 * tolerances ({@link MetricAgreement}). Exit code 0 when the GPU agrees with the CPU, {@value #NO_GPU} when
 * the CPU path works but no GPU can be used, 1 when a check fails.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Check this machine: load libtorch, name the GPUs, evaluate on the CPU and on CUDA and compare.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:the natives load, and CUDA and the CPU give the same metrics",
                "1:a check failed (natives or CUDA libraries, an evaluation, CPU and CUDA disagree)",
                "2:bad usage",
                "3:no GPU can be used (CPU build, or no device); the CPU path passed"})
final class DoctorCommand implements Callable<Integer> {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int NO_GPU = 3;
    /** The paper's seed topology: small enough to evaluate in well under a second on a CPU at 64 px. */
    static final String ARCH = "8,2,3|4,1,2|4,1,4|4,1,6|32";
    /** CUDA 13 dropped compute capabilities below 7.5 (Volta and older). */
    static final int FIRST_CUDA_WITHOUT_VOLTA = 13;

    @Spec
    CommandSpec spec;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "64",
            description = "Image side of the check's evaluation, a multiple of 32. Default: ${DEFAULT-VALUE}.")
    int imageSize;

    private PrintWriter out;

    @Override
    public Integer call() {
        Topology topology = Topology.parse(ARCH);
        topology.validateImageSize(imageSize);
        out = spec.commandLine().getOut();
        TorchBuild build = TorchBuild.inspect();
        VersionProvider.lines(build).forEach(out::println);
        if (!build.loaded()) {
            return verdict(FAILED, "the libtorch natives do not load: " + build.loadError() + (build.cudaBuild()
                    ? ". This CUDA build needs the CUDA " + build.presets().cudaMajor() + " libraries and cuDNN 9 on "
                      + "LD_LIBRARY_PATH (docs/gpu.md)" : ""));
        }

        EvaluationSettings settings = EvaluationSettings.defaults(imageSize).withSeed(0, true)
                .withMetrics(EnumSet.allOf(Metric.class)).withRepeats(1);
        out.println("check: " + topology + " at " + imageSize + " px, every metric, seed 0, one repeat");
        EvaluationResult cpu = evaluate("cpu", topology, settings, TensorKind.CPU_FLOAT);
        EvaluationResult cpuAgain = evaluate("cpu (again)", topology, settings, TensorKind.CPU_FLOAT);
        if (!allFinite(cpu)) {
            return verdict(FAILED, "the CPU evaluation gave a non-finite metric");
        }
        if (!sameRepeats(cpu, cpuAgain)) {
            return verdict(FAILED, "the CPU gave different numbers for the same seed");
        }
        out.println("cpu vs cpu    identical (same seed, same numbers)");

        List<CudaDevice> devices = build.devices();
        if (build.cudaError() != null) {
            return verdict(FAILED, "CPU path OK, but this CUDA build cannot use CUDA: " + build.cudaError()
                    + ". It needs the NVIDIA driver, and the CUDA " + build.presets().cudaMajor()
                    + " runtime libraries and cuDNN 9 on LD_LIBRARY_PATH (docs/gpu.md)");
        }
        if (devices.isEmpty()) {
            return verdict(NO_GPU, "CPU path OK; no GPU found: " + (build.cudaBuild()
                    ? "this CUDA build of libtorch sees no device; check the driver (nvidia-smi) and CUDA_VISIBLE_DEVICES"
                    : "this is the CPU build of libtorch; for a GPU build: ASVIT_GPU=1 (CUDA 13, compute capability "
                    + "7.5+) or ASVIT_GPU=cuda12 (CUDA 12, V100 included)"));
        }
        CudaDevice first = devices.get(0);
        String cudaMajor = build.presets().cudaMajor();
        boolean tooOld = cudaMajor.matches("\\d+") && Integer.parseInt(cudaMajor) >= FIRST_CUDA_WITHOUT_VOLTA
                && first.major() * 10 + first.minor() < 75;
        if (tooOld) {
            out.println("warning: compute capability " + first.capability() + " is below 7.5, which the CUDA 13 build "
                    + "does not support; use the CUDA 12 build (ASVIT_GPU=cuda12, -Pgpu-cuda12)");
        }
        TorchRuntime.ensureReady();
        EvaluationResult cuda;
        try {
            cuda = evaluate("cuda:0", topology, settings, TensorKind.CUDA_FLOAT);
        } catch (RuntimeException e) {
            return verdict(FAILED, "the evaluation on cuda:0 (" + first.name() + ") failed: "
                    + ErrorReporter.oneLine(String.valueOf(e.getMessage()))
                    + (tooOld ? "; use the CUDA 12 build (ASVIT_GPU=cuda12)" : ""));
        }
        List<MetricAgreement.Difference> differences = MetricAgreement.compare(cpu, cuda);
        differences.forEach(d -> out.println("cpu vs cuda   " + d.describe()));
        List<String> failed = differences.stream().filter(d -> !d.ok()).map(d -> d.metric().cliName()).toList();
        return failed.isEmpty()
                ? verdict(OK, "cuda:0 (" + first.name() + ", compute capability " + first.capability()
                        + ") gives the CPU's metrics within the fixtures' tolerances")
                : verdict(FAILED, "cuda:0 and the CPU disagree on " + String.join(", ", failed));
    }

    private EvaluationResult evaluate(String label, Topology topology, EvaluationSettings settings, TensorKind kind) {
        long start = System.nanoTime();
        EvaluationResult r = new Evaluator(settings.withKind(kind)).evaluate(topology);
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "%-13s %s  (%.2f s)%n", label, r.metrics().entrySet().stream()
                .map(e -> e.getKey().cliName() + " " + String.format(Locale.ROOT, "%.6g", e.getValue().mean()))
                .collect(Collectors.joining("  ")), seconds);
        out.flush();
        return r;
    }

    private static boolean allFinite(EvaluationResult r) {
        return r.metrics().values().stream().mapToDouble(MetricSummary::mean).allMatch(Double::isFinite);
    }

    private static boolean sameRepeats(EvaluationResult a, EvaluationResult b) {
        return a.metrics().keySet().stream().allMatch(m ->
                Arrays.equals(a.get(m).repeats(), b.get(m).repeats()));
    }

    private int verdict(int code, String message) {
        out.println("verdict: " + (code == OK ? "OK: " : code == NO_GPU ? "" : "FAILED: ") + message);
        out.flush();
        return code;
    }
}
