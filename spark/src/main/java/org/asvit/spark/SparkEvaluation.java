package org.asvit.spark;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.asvit.io.ParquetTables;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationRow;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;
import org.asvit.metrics.MetricSummary;
import org.asvit.metrics.PortableSettings;
import org.asvit.metrics.ResultRowSchema;
import org.asvit.topology.Topology;
import scala.jdk.javaapi.CollectionConverters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Topologies in, metrics out, on Spark: a {@code Dataset<String>} of topology strings becomes a
 * {@code Dataset<Row>} of {@link #schema}, one row per topology in the same order, with the error of a
 * topology that does not parse or fails in its row. The settings travel as {@link PortableSettings};
 * each executor JVM builds one evaluator for them, lazily, inside {@code mapPartitions}
 * ({@link ExecutorEvaluator}).
 *
 * <p>A row's columns are the core's {@link ResultRowSchema} (the columns of evaluate-many's tables, with
 * the same names and types), followed by the details a table leaves out ({@value #INPUTS}, each metric's
 * {@code <name>}{@value #REASONS} and {@code <name>}{@value #SECONDS}, then {@value #EXECUTOR}), so that the
 * driver rebuilds each evaluation exactly ({@link #toEvaluationRow}). Unlike the text tables, a Spark row
 * keeps a bad repeat and an all-bad mean as NaN.
 */
public final class SparkEvaluation {
    /** Where the NTK batch came from (the result's {@code inputs}). */
    public static final String INPUTS = "inputs";
    /** Suffix of a metric's column of per-repeat reasons (null for a good repeat). */
    public static final String REASONS = "Reasons";
    /** Suffix of a metric's column of compute seconds. */
    public static final String SECONDS = "Seconds";
    /** The executor that computed the row. */
    public static final String EXECUTOR = "executor";

    private SparkEvaluation() {
    }

    /** The row type for rows holding {@code metrics}: the core's columns, then the details. */
    public static StructType schema(Collection<Metric> metrics) {
        ResultRowSchema core = ResultRowSchema.of(metrics);
        StructType type = new StructType();
        for (ParquetTables.Column c : core.columns()) {
            type = type.add(c.name(), dataType(c.type()), !c.name().equals(ResultRowSchema.ARCH));
        }
        type = type.add(INPUTS, DataTypes.StringType, true);
        for (Metric m : core.metrics()) {
            type = type.add(m.jsonName() + REASONS, DataTypes.createArrayType(DataTypes.StringType, true), true)
                    .add(m.jsonName() + SECONDS, DataTypes.DoubleType, true);
        }
        return type.add(EXECUTOR, DataTypes.StringType, false);
    }

    /** Spark's type for a column of the core's schema. */
    static DataType dataType(ParquetTables.ColumnType type) {
        return switch (type) {
            case STRING -> DataTypes.StringType;
            case INT -> DataTypes.IntegerType;
            case LONG -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case DOUBLE_LIST -> DataTypes.createArrayType(DataTypes.DoubleType, true);
        };
    }

    /** The metrics of every topology of {@code topologies} under {@code settings}, one row each, in order. */
    public static Dataset<Row> evaluate(Dataset<String> topologies, EvaluationSettings settings) {
        return topologies.mapPartitions(new EvaluatePartition(PortableSettings.of(settings),
                new ArrayList<>(settings.metrics())), Encoders.row(schema(settings.metrics())));
    }

    /** A result row back as the core's row (the driver side); its metrics are those its columns name. */
    public static EvaluationRow toEvaluationRow(Row row) {
        String arch = row.getString(row.fieldIndex(ResultRowSchema.ARCH));
        double seconds = row.getDouble(row.fieldIndex("seconds"));
        String error = row.getString(row.fieldIndex("error"));
        if (error != null) {
            return new EvaluationRow(arch, null, error, seconds);
        }
        Set<String> fields = Set.of(row.schema().fieldNames());
        Map<Metric, MetricSummary> metrics = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            String name = m.jsonName();
            if (!fields.contains(name)) {
                continue;
            }
            List<Double> repeats = row.getList(row.fieldIndex(name + ResultRowSchema.REPEATS));
            double[] values = repeats.stream().mapToDouble(Double::doubleValue).toArray();
            String[] reasons = row.<String>getList(row.fieldIndex(name + REASONS)).toArray(String[]::new);
            metrics.put(m, new MetricSummary(row.getDouble(row.fieldIndex(name)), values, reasons,
                    row.getDouble(row.fieldIndex(name + SECONDS))));
        }
        EvaluationResult r = new EvaluationResult(Topology.parse(arch), row.getInt(row.fieldIndex("imageSize")),
                row.getLong(row.fieldIndex("params")), row.getLong(row.fieldIndex("flops")), metrics,
                row.getString(row.fieldIndex("device")), row.getString(row.fieldIndex(INPUTS)));
        return new EvaluationRow(arch, r, null, seconds);
    }

    /** A core row as a Spark row of {@code schema} (the executor side). */
    static Row toRow(ResultRowSchema schema, EvaluationRow r, String executor) {
        List<Object> cells = new ArrayList<>();
        for (Object v : schema.values(r)) {
            cells.add(v instanceof List<?> list ? CollectionConverters.asScala(list) : v);
        }
        cells.add(r.ok() ? r.result().inputs() : null);
        for (Metric m : schema.metrics()) {
            if (r.ok()) {
                MetricSummary s = r.result().get(m);
                cells.add(CollectionConverters.asScala(Arrays.asList(s.reasons())));
                cells.add(s.seconds());
            } else {
                cells.add(null);
                cells.add(null);
            }
        }
        cells.add(executor);
        return RowFactory.create(cells.toArray());
    }

    /** Evaluates one partition's topologies lazily, one at a time, with the executor's evaluator. */
    static final class EvaluatePartition implements MapPartitionsFunction<String, Row> {
        private final PortableSettings settings;
        private final ArrayList<Metric> metrics;

        EvaluatePartition(PortableSettings settings, ArrayList<Metric> metrics) {
            this.settings = settings;
            this.metrics = metrics;
        }

        @Override
        public Iterator<Row> call(Iterator<String> archs) {
            ExecutorEvaluator evaluator = ExecutorEvaluator.forSettings(settings);
            ResultRowSchema schema = ResultRowSchema.of(metrics);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return archs.hasNext();
                }

                @Override
                public Row next() {
                    return toRow(schema, evaluator.run(archs.next()), evaluator.executor());
                }
            };
        }
    }
}
