package org.asvit.cli;

import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationBackends;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * {@code --backend} and {@code --spark-master}: where the evaluations of search, grow and evaluate-many
 * run. The choice never changes a result (every backend returns what the calling thread would), so it
 * is not one of a run folder's recorded options and a run may be resumed on another backend.
 */
final class BackendOptions {
    @Option(names = "--backend", paramLabel = "local|threads:N|spark", defaultValue = "local",
            description = "Where evaluations run: local (this thread), threads:N (N worker threads in this JVM; "
                    + "N x --threads at most the cores, or one per GPU share) or spark (Apache Spark: local mode "
                    + "in this JVM, or the cluster of --spark-master). Results are the same on every backend. "
                    + "Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--spark-master", paramLabel = "URL",
            description = "Spark master for --backend spark, e.g. spark://host:7077 or local[2]. Default: local mode "
                    + "in this JVM, one task per core.")
    String sparkMaster;

    /** Spark's batches: big enough to spread over a cluster's tasks. */
    static final int SPARK_BATCH = 64;

    /**
     * How many evaluations the backend runs side by side, so callers can hand it that many at a time and
     * report (or save) after each batch without slowing it: 1 for local, N for threads:N, {@value #SPARK_BATCH}
     * for spark. An unparsable spec gives 1 ({@link #open} names the problem).
     */
    int parallelWidth() {
        String s = backend.strip();
        if (s.startsWith("threads:")) {
            try {
                return Math.max(1, Integer.parseInt(s.substring("threads:".length())));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
        return s.equals("spark") ? SPARK_BATCH : 1;
    }

    /** The chosen backend, started; the caller closes it. */
    EvaluationBackend open() {
        if (sparkMaster != null && !backend.strip().equals("spark")) {
            throw new IllegalArgumentException("--spark-master needs --backend spark, got --backend " + backend);
        }
        return EvaluationBackends.open(backend, sparkMaster == null ? Map.of() : Map.of("master", sparkMaster));
    }
}
