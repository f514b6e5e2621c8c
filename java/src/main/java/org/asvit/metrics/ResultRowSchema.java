package org.asvit.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.ParquetTables;
import org.asvit.io.ParquetTables.Column;
import org.asvit.io.ParquetTables.ColumnType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The one table row of an evaluated topology, for every table that holds such rows: evaluate-many's CSV,
 * JSON lines and Parquet, and the Spark module's datasets. The columns, in order:
 * {@code arch} (string), {@code imageSize} (int), {@code params}, {@code flops} (long), then for each metric
 * asked for, in the order of {@link Metric}, its mean under its JSON name (double) and its repeats under
 * {@code <name>Repeats} (list of doubles), then {@code seconds} (double), {@code device} and {@code error}
 * (strings).
 *
 * <p>An error row holds {@code arch}, {@code seconds} and {@code error}; every other cell is null. Every
 * column but {@code arch} may be null.
 */
public final class ResultRowSchema {
    /** The first column, the topology as given; the key of a row. */
    public static final String ARCH = "arch";
    /** The suffix of a metric's repeats column. */
    public static final String REPEATS = "Repeats";
    /** The columns an error row's JSON object holds (the others are left out of it). */
    private static final Set<String> IN_ERROR_ROWS = Set.of(ARCH, "seconds", "device", "error");

    private final List<Metric> metrics;
    private final List<Column> columns;

    private ResultRowSchema(List<Metric> metrics) {
        this.metrics = metrics;
        List<Column> c = new ArrayList<>(List.of(new Column(ARCH, ColumnType.STRING),
                new Column("imageSize", ColumnType.INT), new Column("params", ColumnType.LONG),
                new Column("flops", ColumnType.LONG)));
        for (Metric m : metrics) {
            c.add(new Column(m.jsonName(), ColumnType.DOUBLE));
            // One value per repeat; a bad repeat is NaN, or null where the format has no NaN.
            c.add(new Column(m.jsonName() + REPEATS, ColumnType.DOUBLE_LIST));
        }
        c.addAll(List.of(new Column("seconds", ColumnType.DOUBLE), new Column("device", ColumnType.STRING),
                new Column("error", ColumnType.STRING)));
        this.columns = List.copyOf(c);
    }

    /** The schema of rows holding {@code metrics}, which are put in the order of {@link Metric}. */
    public static ResultRowSchema of(Collection<Metric> metrics) {
        return new ResultRowSchema(metrics.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(metrics)));
    }

    /** The metrics, in column order. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** The columns in order, with their types. */
    public List<ParquetTables.Column> columns() {
        return columns;
    }

    /** The column names in order. */
    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * The cells of {@code row} in column order, as Java values: String, Integer, Long, Double, and a
     * {@code List<Double>} for repeats; null for an empty cell. Non-finite numbers are kept as they are
     * (a bad repeat is NaN); the text formats write them as null ({@link #json}).
     *
     * @throws IllegalArgumentException if the row's result lacks a metric of this schema
     */
    public List<Object> values(EvaluationRow row) {
        List<Object> v = new ArrayList<>(columns.size());
        v.add(row.arch());
        EvaluationResult r = row.result();
        if (row.ok()) {
            v.add(r.imageSize());
            v.add(r.params());
            v.add(r.flops());
            for (Metric m : metrics) {
                MetricSummary s = r.get(m);
                v.add(s.mean());
                v.add(Arrays.stream(s.repeats()).boxed().toList());
            }
        } else {
            for (int i = 0; i < 3 + 2 * metrics.size(); i++) {
                v.add(null);
            }
        }
        v.add(row.seconds());
        v.add(row.ok() ? r.device() : null);
        v.add(row.error());
        return v;
    }

    /**
     * {@code row} as one JSON object with the columns as keys, in order (evaluate-many's JSON lines, and the
     * rows its CSV and Parquet files are written from). A non-finite number is null: JSON has no NaN. An error
     * row holds only {@code arch}, {@code seconds}, {@code device} (null) and {@code error}.
     */
    public ObjectNode json(EvaluationRow row) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        List<Object> values = values(row);
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            Object v = values.get(i);
            if (v == null) {
                if (row.ok() || IN_ERROR_ROWS.contains(name)) {
                    n.putNull(name);
                }
            } else if (v instanceof String s) {
                n.put(name, s);
            } else if (v instanceof Integer k) {
                n.put(name, k);
            } else if (v instanceof Long k) {
                n.put(name, k);
            } else if (v instanceof Double d) {
                if (Double.isFinite(d)) {
                    n.put(name, d);
                } else {
                    n.putNull(name);
                }
            } else {
                ArrayNode array = n.putArray(name);
                for (Object e : (List<?>) v) {
                    double d = (Double) e;
                    if (Double.isFinite(d)) {
                        array.add(d);
                    } else {
                        array.addNull();
                    }
                }
            }
        }
        return n;
    }
}
