package org.asvit.metrics;

import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a list of evaluations runs: the search scores its samples and the growth step its candidates
 * through one of these, so that they can run on the calling thread, on a pool of workers
 * ({@link ThreadPoolBackend}) or on a cluster (the {@code asvit-spark} module, found through
 * {@link EvaluationBackendProvider}) without the search or the growth knowing. Every implementation
 * returns the results in the order of the topologies, and each result is exactly what
 * {@link Evaluator#evaluate} gives for it (the evaluations are seeded by the settings and the repeat
 * index only), whatever the parallelism.
 *
 * <p>A backend that holds workers or a cluster connection releases them in {@link #close}.
 */
@FunctionalInterface
public interface EvaluationBackend extends AutoCloseable {

    /** The metrics of each topology under {@code settings}, in order; the first failure is thrown. */
    List<EvaluationResult> evaluate(EvaluationSettings settings, List<Topology> topologies);

    /**
     * One row per topology string, in order: its result, or its error (an invalid string or a failed
     * evaluation), never stopping the others. This default runs one job after another through
     * {@link #evaluate}; the parallel backends run them side by side.
     */
    default List<EvaluationRow> evaluateRows(EvaluationSettings settings, List<String> archs) {
        List<EvaluationRow> rows = new ArrayList<>(archs.size());
        for (String arch : archs) {
            long start = System.nanoTime();
            try {
                EvaluationResult r = evaluate(settings, List.of(Topology.parse(arch))).get(0);
                rows.add(new EvaluationRow(arch, r, null, (System.nanoTime() - start) / 1e9));
            } catch (RuntimeException e) {
                rows.add(EvaluationRow.failed(arch, e, (System.nanoTime() - start) / 1e9));
            }
        }
        return rows;
    }

    /** Releases workers or connections; nothing by default. */
    @Override
    default void close() {
    }

    /** Evaluates one after another on the calling thread. */
    static EvaluationBackend callingThread() {
        return (settings, topologies) -> {
            Evaluator evaluator = new Evaluator(settings);
            return topologies.stream().map(evaluator::evaluate).toList();
        };
    }

    /** Results of rows that must all have succeeded (the search and growth need every number). */
    static List<EvaluationResult> resultsOf(List<EvaluationRow> rows) {
        List<EvaluationResult> out = new ArrayList<>(rows.size());
        for (EvaluationRow row : rows) {
            if (!row.ok()) {
                throw new IllegalStateException("evaluation of " + row.arch() + " failed: " + row.error());
            }
            out.add(row.result());
        }
        return out;
    }
}
