package org.asvit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.metrics.MetricSummary;
import org.asvit.metrics.NtkInputs;
import org.asvit.runtime.IntraOpThreads;
import org.asvit.runtime.NativeKernelLibrary;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code asvit evaluate}: the training-free metrics of one topology at initialisation, through
 * {@link Evaluator}. Fresh seeded initialisations by default; fixed weights and fixed inputs (a
 * safetensors file, or a folder of images for the NTK batch) on request.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
                "Training-free metrics of a topology at initialisation (NTK condition number, length distortion, ...).",
                "The metrics: NTK condition number "
                        + "(ntk, lower = more trainable), length distortion (length, higher = more expressive), "
                        + "extrinsic curvature (curvature) and the unit-tangent length (length-kappa), each averaged "
                        + "over --repeat fresh initialisations."})
final class EvaluateCommand implements Callable<Integer> {
    static final int DEFAULT_BATCH = 16;
    static final int DEFAULT_CLASSES = 1000;

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, paramLabel = "TOPOLOGY", description = Converters.TOPOLOGY_DESCRIPTION)
    Topology topology;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "224",
            description = "Image side in pixels, a multiple of 32. Default: ${DEFAULT-VALUE}.")
    int imageSize;

    @Option(names = "--metrics", paramLabel = "LIST", split = ",", defaultValue = "ntk,length",
            completionCandidates = Converters.MetricNames.class,
            description = "Comma-separated metrics, from: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Set<Metric> metrics;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "5",
            description = "Fresh initialisations to average over (one with --weights). Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--batch", paramLabel = "B",
            description = "NTK batch size, at least 2. Default: " + DEFAULT_BATCH
                    + ", or the batch of --inputs' inputs.ntk.")
    Integer batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the initialisations, the NTK batch and the circles; the same seed gives the same "
                    + "numbers. Default: ${DEFAULT-VALUE}.")
    long seed;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    InputChoice inputs;

    /** Where the fixed inputs come from, if not seeded: at most one of the two. */
    static final class InputChoice {
        @Option(names = "--data", paramLabel = "DIR",
                description = "NTK batch from the first B images (.jpg/.jpeg/.png) of DIR, a flat folder (sorted by name) or an "
                        + "ImageFolder tree (classes by name, then paths), "
                        + "resized and normalised as ImageNet evaluation images. Default: seeded standard normal values.")
        Path data;

        @Option(names = "--inputs", paramLabel = "FILE",
                description = "Fixed inputs from a safetensors file: inputs.ntk (B,3,I,I) for the NTK, and "
                        + "inputs.curve_basis (2,3,I,I) with inputs.theta (angles) for the circle, when present.")
        Path file;
    }

    @Option(names = "--weights", paramLabel = "FILE",
            description = "Fixed parameters from a safetensors file, named as the reference module tree "
                    + "(patch_embed.proj.weight, ...), bare or prefixed 'weights.'. One repeat is run.")
    Path weights;

    @Mixin
    DeviceOptions device;

    @Option(names = "--classes", paramLabel = "N",
            description = "Classes of the head (affects params and FLOPs only). Default: the 'classes' metadata of "
                    + "--weights, else " + DEFAULT_CLASSES + ".")
    Integer classes;

    @Option(names = "--json", description = "Print one JSON object (docs/commands.md lists its fields).")
    boolean json;

    @Override
    public Integer call() throws IOException {
        topology.validateImageSize(imageSize);
        EvaluationSettings settings = settings();
        if (((AsvitCommand) spec.root().userObject()).verbose()) {
            describe(settings, spec.commandLine().getErr());
        }

        long start = System.nanoTime();
        EvaluationResult result = new Evaluator(settings).evaluate(topology);
        double total = (System.nanoTime() - start) / 1e9;

        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? Json.write(toJson(result, settings, total)) + System.lineSeparator()
                : table(result, settings, total));
        out.flush();
        return 0;
    }

    /** The options as evaluation settings: files read, device resolved (the first use of libtorch). */
    private EvaluationSettings settings() throws IOException {
        EvaluationSettings settings = EvaluationSettings.defaults(imageSize)
                .withSeed(seed, true)
                .withMetrics(EnumSet.copyOf(metrics))
                .withRepeats(repeats);

        InputFiles.Weights fixedWeights = weights == null ? null : InputFiles.Weights.read(weights);
        int classCount = classes != null ? classes
                : fixedWeights != null && fixedWeights.classes() != null ? fixedWeights.classes() : DEFAULT_CLASSES;
        settings = settings.withClasses(classCount);
        if (fixedWeights != null && spec.commandLine().getParseResult().hasMatchedOption("--repeat") && repeats != 1) {
            warn("--repeat " + repeats + " does not apply with --weights: fixed weights give one repeat");
        }

        InputFiles.Inputs fixedInputs = inputs != null && inputs.file != null
                ? InputFiles.Inputs.read(inputs.file, settings.metrics().contains(Metric.NTK), imageSize) : null;
        int batchSize = batch != null ? batch
                : fixedInputs != null && fixedInputs.batch() != null ? fixedInputs.batch() : DEFAULT_BATCH;
        settings = settings.withBatch(batchSize);

        TensorKind kind = device.apply();
        settings = device.configure(settings.withKind(kind));
        if (fixedInputs != null) {
            if (fixedInputs.ntk() != null) {
                settings = settings.withNtkInputs(fixedInputs.ntk());
            }
            if (fixedInputs.circle() != null) {
                settings = settings.withCircles(fixedInputs.circle());
            }
        }
        if (inputs != null && inputs.data != null) {
            if (settings.metrics().contains(Metric.NTK)) {
                NtkInputs images = InputFiles.imageFolder(inputs.data, batchSize, batch != null, imageSize);
                settings = settings.withNtkInputs(images);
            } else {
                warn("--data is only used by the ntk metric, which was not asked for; ignoring it");
            }
        }
        if (fixedWeights != null) {
            settings = settings.withWeights(fixedWeights.supplier(topology, classCount, kind, this::warn));
        }
        return settings;
    }

    private void warn(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("asvit: warning: " + message);
        err.flush();
    }

    private String weightsDescription(EvaluationSettings settings) {
        return weights == null
                ? "fresh initialisations, " + settings.effectiveRepeats() + " repeat"
                  + (settings.effectiveRepeats() == 1 ? "" : "s") + ", seed " + seed
                : "fixed, from " + weights + " (one repeat)";
    }

    private void describe(EvaluationSettings s, PrintWriter err) {
        err.println("asvit: evaluating " + topology + " at " + s.imageSize() + " px, " + s.classes() + " classes, on "
                + s.kind().deviceName() + " (" + Text.count(IntraOpThreads.current(), "thread", "threads") + ")");
        err.println("asvit:   metrics " + s.metrics().stream().sorted().map(Metric::cliName)
                .collect(Collectors.joining(",")) + "; weights: " + weightsDescription(s));
        err.println("asvit:   NTK batch: " + s.batch() + " x " + s.ntkInputs().describe()
                + "; circles: " + s.circles().describe());
        err.flush();
    }

    private ObjectNode toJson(EvaluationResult r, EvaluationSettings s, double total) {
        ObjectNode node = Json.object();
        node.put("arch", r.topology().format());
        node.put("imageSize", r.imageSize());
        node.put("classes", s.classes());
        node.put("params", r.params());
        node.put("flops", r.flops());
        for (Map.Entry<Metric, MetricSummary> e : r.metrics().entrySet()) {
            Json.putFinite(node, e.getKey().jsonName(), e.getValue().mean());
        }
        ObjectNode repeatsNode = node.putObject("repeats");
        r.metrics().forEach((m, v) -> repeatsNode.set(m.jsonName(), Json.finiteArray(v.repeats())));
        if (r.metrics().values().stream().anyMatch(v -> v.badRepeats() > 0)) {
            ObjectNode bad = node.putObject("badRepeats");
            r.metrics().forEach((m, v) -> {
                if (v.badRepeats() > 0) {
                    ArrayNode list = bad.putArray(m.jsonName());
                    for (int i = 0; i < v.repeats().length; i++) {
                        if (v.reason(i) != null) {
                            list.addObject().put("repeat", i + 1).put("reason", v.reason(i));
                        }
                    }
                }
            });
        }
        ObjectNode seconds = node.putObject("seconds");
        r.metrics().forEach((m, v) -> seconds.put(m.jsonName(), v.seconds()));
        seconds.put("total", total);
        node.put("device", r.device());
        node.put("threads", IntraOpThreads.current());
        node.set("kernels", kernelsJson(r, s));
        node.put("inputs", r.inputs());
        node.put("circle", s.circles().describe());
        if (weights == null) {
            node.putNull("weights");
        } else {
            node.put("weights", weights.toString());
        }
        node.put("seed", seed);
        return node;
    }

    private String table(EvaluationResult r, EvaluationSettings s, double total) {
        StringBuilder b = new StringBuilder();
        line(b, "arch", r.topology().format());
        line(b, "image", r.imageSize() + " px, " + s.classes() + " classes");
        line(b, "params", String.format(Locale.ROOT, "%,d", r.params()));
        line(b, "flops", String.format(Locale.ROOT, "%,d", r.flops()));
        line(b, "device", r.device() + ", " + Text.count(IntraOpThreads.current(), "thread", "threads"));
        line(b, "kernels", s.kernels().cliName() + " -> " + r.kernels().entrySet().stream()
                .map(e -> e.getKey().cliName() + ": " + e.getValue()).collect(Collectors.joining(", ")));
        line(b, "weights", weightsDescription(s));
        if (r.metrics().containsKey(Metric.NTK)) {
            line(b, "ntk batch", s.batch() + " x " + r.inputs());
        }
        if (r.metrics().keySet().stream().anyMatch(Metric::isCurveMetric)) {
            line(b, "circle", s.circles().describe());
        }
        b.append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "%-14s %12s %9s  %s%n", "metric", "mean", "seconds", "per repeat"));
        r.metrics().forEach((m, v) -> b.append(String.format(Locale.ROOT, "%-14s %12s %9.2f  %s%s%n",
                m.cliName(), number(v.mean()), v.seconds(),
                Arrays.stream(v.repeats()).mapToObj(EvaluateCommand::number).collect(Collectors.joining(" ")),
                v.badRepeats() == 0 ? "" : "  (" + v.badRepeats() + " bad)")));
        b.append(String.format(Locale.ROOT, "%-14s %12s %9.2f%n", "total", "", total));
        r.metrics().forEach((m, v) -> {
            for (int i = 0; i < v.repeats().length; i++) {
                if (v.reason(i) != null) {
                    b.append(String.format(Locale.ROOT, "bad: %s repeat %d: %s%n", m.cliName(), i + 1, v.reason(i)));
                }
            }
        });
        if (r.metrics().keySet().stream().filter(Metric::isCurveMetric).count() > 1) {
            b.append("(the curve metrics share one pass per repeat; each shows that pass's time)")
                    .append(System.lineSeparator());
        }
        return b.toString();
    }

    /**
     * {@code {"requested": "auto", "ntk": "libtorch", "length": "native", ..., "cpuIsa": "avx2-fma"}}: the
     * choice, then per metric the attention kernels that ran, then the native kernels' instruction set
     * (or why the library is unavailable).
     */
    private static ObjectNode kernelsJson(EvaluationResult r, EvaluationSettings s) {
        ObjectNode node = Json.object();
        node.put("requested", s.kernels().cliName());
        r.kernels().forEach((m, k) -> node.put(m.jsonName(), k));
        if (NativeKernelLibrary.available()) {
            node.put("cpuIsa", NativeKernelLibrary.cpuIsa());
        } else {
            node.put("nativeUnavailable", NativeKernelLibrary.unavailableReason());
        }
        return node;
    }

    private static void line(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "%-10s %s%n", key, value));
    }

    private static String number(double v) {
        return Double.isNaN(v) ? "bad" : String.format(Locale.ROOT, "%.6g", v);
    }
}
