package org.asvit.spark;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.asvit.io.ParquetTables;
import org.asvit.metrics.EvaluationRow;
import org.asvit.metrics.Metric;
import org.asvit.metrics.ResultRowSchema;
import org.asvit.testing.BackendScenarios;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Spark's result rows and evaluate-many's Parquet files have the core's result-row columns, names and types. */
@Tag("spark")
class ResultRowSchemaSparkTest {
    @TempDir
    Path dir;

    @Test
    void sparkRowsAreTheCoreColumnsThenTheirDetails() {
        ResultRowSchema core = ResultRowSchema.of(BackendScenarios.SETTINGS.metrics());
        Dataset<String> none = TestSpark.session().createDataset(List.<String>of(), Encoders.STRING());
        StructType type = SparkEvaluation.evaluate(none, BackendScenarios.SETTINGS).schema();
        assertEquals(SparkEvaluation.schema(BackendScenarios.SETTINGS.metrics()), type);

        List<String> expected = new ArrayList<>(core.names());
        expected.add("inputs");
        for (Metric m : core.metrics()) {
            expected.add(m.jsonName() + "Reasons");
            expected.add(m.jsonName() + "Seconds");
        }
        expected.add("executor");
        assertEquals(expected, Arrays.asList(type.fieldNames()));
        for (ParquetTables.Column c : core.columns()) {
            StructField f = type.apply(c.name());
            assertEquals(SparkEvaluation.dataType(c.type()), f.dataType(), c.name());
            assertEquals(!c.name().equals("arch"), f.nullable(), c.name());
        }
        assertEquals(DataTypes.createArrayType(DataTypes.DoubleType, true), type.apply("ntkCondRepeats").dataType());
    }

    @Test
    void evaluateManysParquetSchemaIsTheCoreColumns() throws IOException {
        ResultRowSchema core = ResultRowSchema.of(List.of(Metric.NTK, Metric.LENGTH));
        Path file = dir.resolve("rows.parquet");
        ObjectNode row = core.json(new EvaluationRow("nope", null, "no topology", 0.25));
        ParquetTables.find().write(file, core.columns(), List.of(row));
        StructType read = TestSpark.session().read().parquet(file.toString()).schema();
        assertEquals(core.names(), Arrays.asList(read.fieldNames()));
        for (ParquetTables.Column c : core.columns()) {
            assertEquals(SparkEvaluation.dataType(c.type()), read.apply(c.name()).dataType(), c.name());
        }
    }
}
