package org.asvit.testing;

import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;
import org.asvit.metrics.MetricSummary;
import org.asvit.model.Complexity;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * An evaluation backend with crafted metrics (no network is built), for testing the search and growth
 * logic quickly and exactly: NTK and L^E are given functions of the topology; every evaluated topology
 * is recorded.
 */
public final class FakeBackend implements EvaluationBackend {
    private final ToDoubleFunction<Topology> ntk;
    private final ToDoubleFunction<Topology> length;
    private final List<Topology> evaluated = new ArrayList<>();

    public FakeBackend(ToDoubleFunction<Topology> ntk, ToDoubleFunction<Topology> length) {
        this.ntk = ntk;
        this.length = length;
    }

    @Override
    public List<EvaluationResult> evaluate(EvaluationSettings settings, List<Topology> topologies) {
        List<EvaluationResult> out = new ArrayList<>();
        for (Topology t : topologies) {
            evaluated.add(t);
            Map<Metric, MetricSummary> metrics = new EnumMap<>(Metric.class);
            metrics.put(Metric.NTK, MetricSummary.of(new double[]{ntk.applyAsDouble(t)}, 0));
            metrics.put(Metric.LENGTH, MetricSummary.of(new double[]{length.applyAsDouble(t)}, 0));
            out.add(new EvaluationResult(t, settings.imageSize(), Complexity.params(t, settings.classes()),
                    Complexity.flops(t, settings.imageSize(), settings.classes()), metrics, "fake", "fake"));
        }
        return out;
    }

    /** Every topology evaluated so far, in order. */
    public List<Topology> evaluated() {
        return List.copyOf(evaluated);
    }
}
