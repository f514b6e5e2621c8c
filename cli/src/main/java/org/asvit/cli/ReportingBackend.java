package org.asvit.cli;

import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationRow;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Hands a backend its evaluations in batches of its parallel width and reports after each batch, so that
 * one long call (a grow step's candidates) shows progress as it goes. The results are the backend's, in
 * order: batching changes neither a result nor how many run side by side.
 */
final class ReportingBackend implements EvaluationBackend {
    /** Told after each batch: {@code done} of the call's {@code total} evaluations are finished. */
    @FunctionalInterface
    interface Listener {
        void progress(int done, int total);
    }

    private final EvaluationBackend backend;
    private final int width;
    private final Listener listener;

    ReportingBackend(EvaluationBackend backend, int width, Listener listener) {
        if (width < 1) {
            throw new IllegalArgumentException("batch width must be at least 1, got " + width);
        }
        this.backend = backend;
        this.width = width;
        this.listener = listener;
    }

    @Override
    public List<EvaluationResult> evaluate(EvaluationSettings settings, List<Topology> topologies) {
        List<EvaluationResult> out = new ArrayList<>(topologies.size());
        listener.progress(0, topologies.size());
        for (int from = 0; from < topologies.size(); from += width) {
            out.addAll(backend.evaluate(settings, topologies.subList(from, Math.min(topologies.size(), from + width))));
            listener.progress(out.size(), topologies.size());
        }
        return out;
    }

    @Override
    public List<EvaluationRow> evaluateRows(EvaluationSettings settings, List<String> archs) {
        List<EvaluationRow> out = new ArrayList<>(archs.size());
        listener.progress(0, archs.size());
        for (int from = 0; from < archs.size(); from += width) {
            out.addAll(backend.evaluateRows(settings, archs.subList(from, Math.min(archs.size(), from + width))));
            listener.progress(out.size(), archs.size());
        }
        return out;
    }

    /** The wrapped backend stays open: its owner closes it. */
    @Override
    public void close() {
    }
}
