package org.asvit.metrics;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.Complexity;
import org.asvit.model.KernelLog;
import org.asvit.model.ParameterStore;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Evaluates the training-free metrics of topologies: the embedding API.
 *
 * <p>For each topology and each of R repeats a fresh network is initialised from a seed derived from
 * the settings' seed and the repeat index; the NTK uses one batch for all repeats (as the reference),
 * the curve metrics use each repeat's own circle. Length distortion, curvature and L^E_kappa come from
 * one shared curve pass per repeat (second order only when curvature or L^E_kappa is asked for).
 *
 * <p>A repeat whose value means nothing is bad: its value is NaN and {@link MetricSummary#reason} says why
 * (a NaN or infinity in the inputs or weights, naming the first such tensor; a singular NTK Gram matrix,
 * {@link NtkCondition}; a curve that stands still). Nothing of that aborts an evaluation.
 *
 * <p>Before anything is built, the evaluation's peak memory is estimated ({@link MemoryEstimate}) and an
 * evaluation that would exceed the settings' {@link MemoryBudget} is refused with a
 * {@link MemoryBudget.MemoryLimitException} saying what would shrink it.
 *
 * <p>Every native tensor of an evaluation lives in a pointer scope closed before {@link #evaluate}
 * returns, and each network is closed after its repeat, so thousands of topologies can be evaluated in
 * one JVM with flat memory. An evaluator holds no mutable state: one instance may be reused for any
 * number of topologies and shared between threads (each call runs on the calling thread, which gets
 * its own pointer scope and grad mode; libtorch's intra-op thread pool is shared by all).
 */
public final class Evaluator {
    private final EvaluationSettings settings;

    public Evaluator(EvaluationSettings settings) {
        this.settings = settings;
    }

    public EvaluationSettings settings() {
        return settings;
    }

    /**
     * All requested metrics of one topology.
     *
     * @throws org.asvit.topology.TopologyException if the topology cannot run at the image size
     * @throws MemoryBudget.MemoryLimitException if it would take more memory than the budget allows
     */
    public EvaluationResult evaluate(Topology topology) {
        topology.validateImageSize(settings.imageSize());
        settings.memory().check(topology, settings);
        Run run = run(topology, settings.metrics().stream().map(Metric::definition).toList());
        Map<Metric, MetricSummary> summaries = new EnumMap<>(Metric.class);
        Map<Metric, String> kernels = new EnumMap<>(Metric.class);
        run.summaries().forEach((d, summary) -> summaries.put(Metric.of(d), summary));
        run.kernels().forEach((d, kernel) -> kernels.put(Metric.of(d), kernel));
        return new EvaluationResult(topology, settings.imageSize(), Complexity.params(topology, settings.classes()),
                Complexity.flops(topology, settings.imageSize(), settings.classes()), summaries,
                settings.kind().deviceName(), settings.ntkInputs().describe(), kernels);
    }

    /**
     * The given metrics of one topology, built-in ({@link Metric#definition()}) or not, in the order given:
     * the same passes, seeds and memory check as {@link #evaluate(Topology)}; the settings' own metric set
     * is not used.
     *
     * @throws org.asvit.topology.TopologyException if the topology cannot run at the image size
     * @throws MemoryBudget.MemoryLimitException if it would take more memory than the budget allows
     */
    public Map<MetricDefinition, MetricSummary> evaluate(Topology topology, List<? extends MetricDefinition> metrics) {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metric given");
        }
        topology.validateImageSize(settings.imageSize());
        settings.memory().check(topology, settings.withMetrics(Metric.withPasses(metrics)));
        return run(topology, metrics).summaries();
    }

    /** Evaluates each topology in turn, handing every result to {@code sink} as soon as it is ready. */
    public void evaluateAll(Iterable<Topology> topologies, Consumer<EvaluationResult> sink) {
        for (Topology t : topologies) {
            sink.accept(evaluate(t));
        }
    }

    /** {@link #evaluateAll(Iterable, Consumer)} over a stream, consumed lazily in order. */
    public void evaluateAll(Stream<Topology> topologies, Consumer<EvaluationResult> sink) {
        topologies.forEachOrdered(t -> sink.accept(evaluate(t)));
    }

    /** Summaries and kernel descriptions of each metric, in the order asked. */
    private record Run(Map<MetricDefinition, MetricSummary> summaries, Map<MetricDefinition, String> kernels) {
    }

    /** Each pass that some metric reads runs once per repeat; every metric then reads its pass's results. */
    private Run run(Topology topology, List<? extends MetricDefinition> metrics) {
        int repeats = settings.effectiveRepeats();
        Map<MetricDefinition, double[]> values = new LinkedHashMap<>();
        Map<MetricDefinition, String[]> reasons = new LinkedHashMap<>();
        Map<MetricDefinition, Double> seconds = new LinkedHashMap<>();
        Map<MetricDefinition, String> kernels = new LinkedHashMap<>();
        for (MetricDefinition m : metrics) {
            values.put(m, new double[repeats]);
            reasons.put(m, new String[repeats]);
            seconds.put(m, 0.0);
        }
        boolean ntkPass = metrics.stream().anyMatch(m -> m.pass() == MetricDefinition.Pass.NTK);
        try (PointerScope scope = new PointerScope()) {
            Tensor ntkBatch = ntkPass
                    ? settings.ntkInputs().batch(settings.batch(), settings.imageSize(), settings.kind()) : null;
            for (int r = 0; r < repeats; r++) {
                try (AsVitNetwork network = network(topology, r)) {
                    // Scanned once for both passes: a scan is a few milliseconds of a small evaluation.
                    String weightsReason = NonFinite.weightsReason(network.parameters());
                    NtkCondition.Result ntk = null;
                    double ntkSeconds = 0;
                    if (ntkBatch != null) {
                        long start = System.nanoTime();
                        KernelLog ran = new KernelLog();
                        ntk = NtkCondition.compute(network, ntkBatch, settings.kernels(), ran, weightsReason);
                        ntkSeconds = elapsed(start);
                        putKernels(kernels, metrics, false, ran.describe());
                    }
                    CurvePass curve = curvePass(network, r, metrics, kernels, weightsReason);
                    MetricDefinition.PassResults passes = new MetricDefinition.PassResults(ntk,
                            curve == null ? null : curve.geometry());
                    for (MetricDefinition m : metrics) {
                        boolean onCurve = m.pass().isCurve();
                        double value;
                        String reason;
                        if (onCurve && curve.nonFinite() != null) {
                            value = Double.NaN;
                            reason = curve.nonFinite();
                        } else {
                            value = m.value(passes);
                            reason = m.reason(passes, value);
                        }
                        values.get(m)[r] = value;
                        reasons.get(m)[r] = reason;
                        seconds.merge(m, onCurve ? curve.seconds() : ntkSeconds, Double::sum);
                    }
                }
            }
        }
        Map<MetricDefinition, MetricSummary> summaries = new LinkedHashMap<>();
        values.forEach((m, v) -> summaries.put(m, MetricSummary.of(v, reasons.get(m), seconds.get(m))));
        return new Run(summaries, kernels);
    }

    /**
     * One repeat's curve: its geometry, or why its inputs are not finite (then no geometry), and its time;
     * null when no metric reads the curve.
     */
    private record CurvePass(CurveGeometry geometry, String nonFinite, double seconds) {
    }

    private CurvePass curvePass(AsVitNetwork network, int repeat, List<? extends MetricDefinition> metrics,
                                Map<MetricDefinition, String> kernels, String weightsReason) {
        boolean curve = metrics.stream().anyMatch(m -> m.pass().isCurve());
        if (!curve) {
            return null;
        }
        boolean acceleration = metrics.stream().anyMatch(m -> m.pass() == MetricDefinition.Pass.CURVE_WITH_ACCELERATION);
        long start = System.nanoTime();
        CurveGeometry g = null;
        String nonFinite;
        try (PointerScope scope = new PointerScope()) {
            Circle circle = settings.circles().circle(repeat, settings.imageSize(), settings.kind());
            nonFinite = NonFinite.reason("the circle", circle.basis(), weightsReason);
            if (nonFinite == null) {
                CurveDerivatives.Result result = CurveDerivatives.compute(network, circle, acceleration,
                        settings.kernels());
                g = result.geometry();
                putKernels(kernels, metrics, true, result.kernels());
            }
        }
        return new CurvePass(g, nonFinite, elapsed(start));
    }

    private static void putKernels(Map<MetricDefinition, String> kernels, List<? extends MetricDefinition> metrics,
                                   boolean curve, String description) {
        for (MetricDefinition m : metrics) {
            if (m.pass().isCurve() == curve) {
                kernels.put(m, description);
            }
        }
    }

    private AsVitNetwork network(Topology topology, int repeat) {
        if (settings.weights() != null) {
            ParameterStore params = settings.weights().get();
            return AsVitNetwork.over(topology, settings.imageSize(), settings.classes(), params);
        }
        return AsVitNetwork.initialised(topology, settings.imageSize(), settings.classes(),
                Seeds.initialisation(settings.seed(), repeat), settings.kind());
    }

    private static double elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
