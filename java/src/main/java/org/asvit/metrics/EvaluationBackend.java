package org.asvit.metrics;

import org.asvit.topology.Topology;

import java.util.List;

/**
 * Where a list of evaluations runs: the search scores its samples and the growth step its candidates
 * through one of these, so that they can run on the calling thread, on a pool of workers or on a
 * cluster without the search or the growth knowing. Every implementation returns the results in the
 * order of the topologies, and each result is exactly what {@link Evaluator#evaluate} gives for it
 * (the evaluations are seeded by the settings and the repeat index only), whatever the parallelism.
 */
@FunctionalInterface
public interface EvaluationBackend {

    /** The metrics of each topology under {@code settings}, in order. */
    List<EvaluationResult> evaluate(EvaluationSettings settings, List<Topology> topologies);

    /** Evaluates one after another on the calling thread. */
    static EvaluationBackend callingThread() {
        return (settings, topologies) -> {
            Evaluator evaluator = new Evaluator(settings);
            return topologies.stream().map(evaluator::evaluate).toList();
        };
    }
}
