package org.asvit.metrics;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.Complexity;
import org.asvit.model.KernelLog;
import org.asvit.model.ParameterStore;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

import java.util.EnumMap;
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
        int repeats = settings.effectiveRepeats();
        Map<Metric, double[]> values = new EnumMap<>(Metric.class);
        Map<Metric, String[]> reasons = new EnumMap<>(Metric.class);
        Map<Metric, Double> seconds = new EnumMap<>(Metric.class);
        Map<Metric, String> kernels = new EnumMap<>(Metric.class);
        for (Metric m : settings.metrics()) {
            values.put(m, new double[repeats]);
            reasons.put(m, new String[repeats]);
            seconds.put(m, 0.0);
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor ntkBatch = settings.metrics().contains(Metric.NTK)
                    ? settings.ntkInputs().batch(settings.batch(), settings.imageSize(), settings.kind()) : null;
            for (int r = 0; r < repeats; r++) {
                try (AsVitNetwork network = network(topology, r)) {
                    if (ntkBatch != null) {
                        long start = System.nanoTime();
                        KernelLog ran = new KernelLog();
                        NtkCondition.Result ntk = NtkCondition.compute(network, ntkBatch, settings.kernels(), ran);
                        values.get(Metric.NTK)[r] = ntk.condition();
                        reasons.get(Metric.NTK)[r] = ntk.reason();
                        seconds.merge(Metric.NTK, elapsed(start), Double::sum);
                        kernels.put(Metric.NTK, ran.describe());
                    }
                    evaluateCurve(network, r, values, reasons, seconds, kernels);
                }
            }
        }
        Map<Metric, MetricSummary> summaries = new EnumMap<>(Metric.class);
        values.forEach((m, v) -> summaries.put(m, MetricSummary.of(v, reasons.get(m), seconds.get(m))));
        return new EvaluationResult(topology, settings.imageSize(), Complexity.params(topology, settings.classes()),
                Complexity.flops(topology, settings.imageSize(), settings.classes()), summaries,
                settings.kind().deviceName(), settings.ntkInputs().describe(), kernels);
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

    private void evaluateCurve(AsVitNetwork network, int repeat, Map<Metric, double[]> values,
                               Map<Metric, String[]> reasons, Map<Metric, Double> seconds,
                               Map<Metric, String> kernels) {
        boolean curve = settings.metrics().stream().anyMatch(Metric::isCurveMetric);
        if (!curve) {
            return;
        }
        boolean acceleration = settings.metrics().stream().anyMatch(Metric::needsAcceleration);
        long start = System.nanoTime();
        CurveGeometry g = null;
        String nonFinite;
        try (PointerScope scope = new PointerScope()) {
            Circle circle = settings.circles().circle(repeat, settings.imageSize(), settings.kind());
            nonFinite = NonFinite.reason("the circle", circle.basis(), network.parameters());
            if (nonFinite == null) {
                CurveDerivatives.Result result = CurveDerivatives.compute(network, circle, acceleration,
                        settings.kernels());
                g = result.geometry();
                for (Metric m : settings.metrics()) {
                    if (m.isCurveMetric()) {
                        kernels.put(m, result.kernels());
                    }
                }
            }
        }
        double time = elapsed(start);
        put(values, reasons, seconds, Metric.LENGTH, repeat, g == null ? Double.NaN : g.lengthDistortion(),
                nonFinite, g, time);
        put(values, reasons, seconds, Metric.CURVATURE, repeat, g == null ? Double.NaN : g.curvature(),
                nonFinite, g, time);
        put(values, reasons, seconds, Metric.LENGTH_KAPPA, repeat, g == null ? Double.NaN : g.lengthDistortionKappa(),
                nonFinite, g, time);
        put(values, reasons, seconds, Metric.LENGTH_KAPPA_REFERENCE, repeat,
                g == null ? Double.NaN : g.lengthDistortionKappaReference(), nonFinite, g, time);
    }

    private static void put(Map<Metric, double[]> values, Map<Metric, String[]> reasons, Map<Metric, Double> seconds,
                            Metric m, int repeat, double value, String nonFinite, CurveGeometry g, double time) {
        if (values.containsKey(m)) {
            values.get(m)[repeat] = value;
            reasons.get(m)[repeat] = nonFinite != null ? nonFinite
                    : Double.isFinite(value) ? null : g.whyNotFinite();
            seconds.merge(m, time, Double::sum);
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
