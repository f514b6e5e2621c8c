package org.asvit.runtime;

import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationBackends;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;
import org.asvit.metrics.MetricSummary;
import org.asvit.model.KernelChoice;
import org.asvit.topology.RandomTopologies;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A child JVM's view of one evaluation, as an embedder would run it: the library alone, no command line,
 * nothing configured beforehand. Prints every repeat of every metric as the hexadecimal bits of its double,
 * one line per topology, metric and kernel choice, so that two runs compare bit for bit as text.
 *
 * <p>Arguments: the backend ({@code local}, {@code threads:2}). The topologies are the paper's seed and
 * two random ones, at 64 px, where OpenBLAS splits the NTK's products over threads when it may.
 */
public final class EvaluationFingerprint {
    static final String SEED = "8,2,3|4,1,2|4,1,4|4,1,6|32";

    private EvaluationFingerprint() {
    }

    public static void main(String[] args) {
        List<Topology> topologies = new ArrayList<>(List.of(Topology.parse(SEED)));
        RandomTopologies random = new RandomTopologies(17);
        topologies.add(random.next());
        topologies.add(random.next());
        StringBuilder out = new StringBuilder();
        for (KernelChoice kernels : List.of(KernelChoice.AUTO, KernelChoice.LIBTORCH)) {
            EvaluationSettings settings = EvaluationSettings.defaults(64).withRepeats(1).withBatch(8)
                    .withMetrics(Metric.parseList("ntk,length,curvature,length-kappa")).withKernels(kernels);
            try (EvaluationBackend backend = EvaluationBackends.open(args[0], Map.of())) {
                for (EvaluationResult r : backend.evaluate(settings, topologies)) {
                    for (Map.Entry<Metric, MetricSummary> e : r.metrics().entrySet()) {
                        out.append(kernels).append(' ').append(r.topology().format()).append(' ').append(e.getKey());
                        for (double v : e.getValue().repeats()) {
                            out.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(v)));
                        }
                        out.append('\n');
                    }
                }
            }
        }
        System.out.print(out);
        // After the evaluations: what the library left OpenBLAS at (the parent checks it is pinned).
        System.out.println("openblas-threads " + BlasThreads.current());
    }
}
