package org.asvit.metrics;

import org.asvit.topology.Topology;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The metrics of one topology at one image size.
 *
 * @param topology  what was evaluated
 * @param imageSize image side
 * @param params    parameters (exact, for the evaluator's class count)
 * @param flops     FLOPs by the reference's counting
 * @param metrics   the metrics asked for
 * @param device    "cpu" or "cuda"
 * @param inputs    where the NTK batch came from (e.g. "seeded standard normal, seed 0")
 * @param kernels   per metric, the attention kernels that ran: "native", "libtorch" (or "libtorch+native")
 */
public record EvaluationResult(Topology topology, int imageSize, long params, long flops,
                               Map<Metric, MetricSummary> metrics, String device, String inputs,
                               Map<Metric, String> kernels) {

    public EvaluationResult {
        metrics = Collections.unmodifiableMap(new EnumMap<>(metrics));
        kernels = kernels.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(kernels));
    }

    /** A result that names no kernels (computed elsewhere, or by a test double). */
    public EvaluationResult(Topology topology, int imageSize, long params, long flops, Map<Metric, MetricSummary> metrics,
                            String device, String inputs) {
        this(topology, imageSize, params, flops, metrics, device, inputs, Map.of());
    }

    public MetricSummary get(Metric metric) {
        MetricSummary s = metrics.get(metric);
        if (s == null) {
            throw new IllegalArgumentException("metric " + metric.cliName() + " was not computed");
        }
        return s;
    }
}
