package org.asvit.spark;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationRow;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;
import org.asvit.metrics.MetricSummary;
import org.asvit.metrics.PortableSettings;
import org.asvit.topology.Topology;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Topologies in, metrics out, on Spark: a {@code Dataset<String>} of topology strings becomes a
 * {@code Dataset<Row>} of {@link #SCHEMA}, one row per topology in the same order, with the error of a
 * topology that does not parse or fails in its row. The settings travel as {@link PortableSettings};
 * each executor JVM builds one evaluator for them, lazily, inside {@code mapPartitions}
 * ({@link ExecutorEvaluator}).
 */
public final class SparkEvaluation {
    /** One metric of a row. */
    public static final StructType METRIC = new StructType()
            .add("name", DataTypes.StringType, false)
            .add("mean", DataTypes.DoubleType, false)
            .add("repeats", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
            .add("reasons", DataTypes.createArrayType(DataTypes.StringType, true), false)
            .add("seconds", DataTypes.DoubleType, false);

    /** A result row; the numbers and metrics are null in an error row. */
    public static final StructType SCHEMA = new StructType()
            .add("arch", DataTypes.StringType, false)
            .add("imageSize", DataTypes.IntegerType, true)
            .add("params", DataTypes.LongType, true)
            .add("flops", DataTypes.LongType, true)
            .add("metrics", DataTypes.createArrayType(METRIC, false), true)
            .add("device", DataTypes.StringType, true)
            .add("inputs", DataTypes.StringType, true)
            .add("seconds", DataTypes.DoubleType, false)
            .add("executor", DataTypes.StringType, false)
            .add("error", DataTypes.StringType, true);

    private SparkEvaluation() {
    }

    /** The metrics of every topology of {@code topologies} under {@code settings}, one row each, in order. */
    public static Dataset<Row> evaluate(Dataset<String> topologies, EvaluationSettings settings) {
        return topologies.mapPartitions(new EvaluatePartition(PortableSettings.of(settings)), Encoders.row(SCHEMA));
    }

    /** A result row back as the core's row (the driver side). */
    public static EvaluationRow toEvaluationRow(Row row) {
        String arch = row.getString(row.fieldIndex("arch"));
        double seconds = row.getDouble(row.fieldIndex("seconds"));
        String error = row.getString(row.fieldIndex("error"));
        if (error != null) {
            return new EvaluationRow(arch, null, error, seconds);
        }
        Map<Metric, MetricSummary> metrics = new EnumMap<>(Metric.class);
        for (Row m : row.<Row>getList(row.fieldIndex("metrics"))) {
            List<Double> repeats = m.getList(m.fieldIndex("repeats"));
            double[] values = repeats.stream().mapToDouble(Double::doubleValue).toArray();
            String[] reasons = m.<String>getList(m.fieldIndex("reasons")).toArray(String[]::new);
            metrics.put(Metric.parseList(m.getString(m.fieldIndex("name"))).iterator().next(),
                    new MetricSummary(m.getDouble(m.fieldIndex("mean")), values, reasons,
                            m.getDouble(m.fieldIndex("seconds"))));
        }
        EvaluationResult r = new EvaluationResult(Topology.parse(arch), row.getInt(row.fieldIndex("imageSize")),
                row.getLong(row.fieldIndex("params")), row.getLong(row.fieldIndex("flops")), metrics,
                row.getString(row.fieldIndex("device")), row.getString(row.fieldIndex("inputs")));
        return new EvaluationRow(arch, r, null, seconds);
    }

    /** A core row as a Spark row (the executor side). */
    static Row toRow(EvaluationRow r, String executor) {
        if (!r.ok()) {
            return RowFactory.create(r.arch(), null, null, null, null, null, null, r.seconds(), executor, r.error());
        }
        EvaluationResult e = r.result();
        List<Row> metrics = new ArrayList<>();
        for (Map.Entry<Metric, MetricSummary> m : e.metrics().entrySet()) {
            List<Double> repeats = new ArrayList<>();
            for (double v : m.getValue().repeats()) {
                repeats.add(v);
            }
            List<String> reasons = new ArrayList<>();
            for (int k = 0; k < m.getValue().repeats().length; k++) {
                reasons.add(m.getValue().reason(k));
            }
            metrics.add(RowFactory.create(m.getKey().cliName(), m.getValue().mean(), CollectionConverters.asScala(repeats),
                    CollectionConverters.asScala(reasons), m.getValue().seconds()));
        }
        return RowFactory.create(r.arch(), e.imageSize(), e.params(), e.flops(), CollectionConverters.asScala(metrics),
                e.device(), e.inputs(),
                r.seconds(), executor, null);
    }

    /** Evaluates one partition's topologies lazily, one at a time, with the executor's evaluator. */
    static final class EvaluatePartition implements MapPartitionsFunction<String, Row> {
        private final PortableSettings settings;

        EvaluatePartition(PortableSettings settings) {
            this.settings = settings;
        }

        @Override
        public Iterator<Row> call(Iterator<String> archs) {
            ExecutorEvaluator evaluator = ExecutorEvaluator.forSettings(settings);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return archs.hasNext();
                }

                @Override
                public Row next() {
                    return toRow(evaluator.run(archs.next()), evaluator.executor());
                }
            };
        }
    }
}
