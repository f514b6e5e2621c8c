package org.asvit.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationRow;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.topology.Topology;

import java.util.List;

/**
 * {@code --backend spark}: each list of evaluations becomes one Spark job of {@link SparkEvaluation}
 * over the topologies, split into a few partitions per task slot so that a lost executor costs little;
 * the rows come back in order. A failed task is retried by Spark and recomputes the same numbers (every
 * evaluation is seeded by the settings alone).
 */
public final class SparkBackend implements EvaluationBackend {
    /** Partitions per task slot: small enough to keep the job short, enough to balance and to lose little. */
    static final int PARTITIONS_PER_SLOT = 2;

    private final SparkSession spark;
    private final boolean owned;

    /**
     * @param spark the session to run on
     * @param owned whether {@link #close} stops it (true for a session this backend started)
     */
    public SparkBackend(SparkSession spark, boolean owned) {
        this.spark = spark;
        this.owned = owned;
    }

    public SparkSession session() {
        return spark;
    }

    @Override
    public List<EvaluationResult> evaluate(EvaluationSettings settings, List<Topology> topologies) {
        return EvaluationBackend.resultsOf(evaluateRows(settings, topologies.stream().map(Topology::format).toList()));
    }

    @Override
    public List<EvaluationRow> evaluateRows(EvaluationSettings settings, List<String> archs) {
        if (archs.isEmpty()) {
            return List.of();
        }
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = Math.min(archs.size(), Math.max(1, context.defaultParallelism() * PARTITIONS_PER_SLOT));
        Dataset<String> topologies = spark.createDataset(context.parallelize(archs, slices).rdd(), Encoders.STRING());
        List<Row> rows = SparkEvaluation.evaluate(topologies, settings).collectAsList();
        if (rows.size() != archs.size()) {
            throw new IllegalStateException("Spark returned " + rows.size() + " rows for " + archs.size() + " topologies");
        }
        return rows.stream().map(SparkEvaluation::toEvaluationRow).toList();
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
