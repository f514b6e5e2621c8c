package org.asvit.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.asvit.io.TensorData;
import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationBackends;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationRow;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.NtkInputs;
import org.asvit.scaling.GrowStep;
import org.asvit.search.SearchResult;
import org.asvit.testing.BackendScenarios;
import org.asvit.topology.RandomTopologies;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.asvit.testing.BackendScenarios.SETTINGS;
import static org.asvit.testing.BackendScenarios.assertSameResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spark in local mode gives a direct Evaluator's numbers exactly, keeps errors in their rows, and runs grow and search unchanged. */
@Tag("spark")
class SparkBackendTest {

    private static List<Topology> topologies(int n) {
        RandomTopologies random = new RandomTopologies(11);
        List<Topology> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(random.next());
        }
        return out;
    }

    private static List<EvaluationResult> direct(EvaluationSettings settings, List<Topology> topologies) {
        Evaluator evaluator = new Evaluator(settings);
        return topologies.stream().map(evaluator::evaluate).toList();
    }

    @Test
    void resultsEqualADirectEvaluatorExactlyAndInOrder() {
        List<Topology> topologies = topologies(4);
        assertSameResults(direct(SETTINGS, topologies), TestSpark.backend().evaluate(SETTINGS, topologies));
    }

    @Test
    void theDatasetApiGivesOneRowPerTopologyWithItsErrors() {
        List<Topology> good = topologies(2);
        List<String> archs = List.of(good.get(0).format(), "not a topology", good.get(1).format());
        Dataset<String> in = TestSpark.session().createDataset(archs, Encoders.STRING());
        List<Row> rows = SparkEvaluation.evaluate(in, SETTINGS).collectAsList();
        assertEquals(3, rows.size());
        assertEquals(archs, rows.stream().map(r -> r.getString(r.fieldIndex("arch"))).toList());
        Row bad = rows.get(1);
        assertTrue(bad.getString(bad.fieldIndex("error")).contains("not a topology"), bad.toString());
        assertTrue(bad.isNullAt(bad.fieldIndex("params")));

        List<EvaluationRow> back = rows.stream().map(SparkEvaluation::toEvaluationRow).toList();
        assertTrue(back.get(0).ok() && back.get(2).ok());
        assertFalse(back.get(1).ok());
        assertSameResults(direct(SETTINGS, good), List.of(back.get(0).result(), back.get(2).result()));
    }

    @Test
    void anInvalidTopologyFillsItsRowAndTheOthersSucceed() {
        List<Topology> good = topologies(2);
        // Stage 1 needs three numbers: this string is no topology. Its neighbours must still be computed.
        List<String> archs = List.of(good.get(0).format(), "8,2|4,1,2|4,1,4|4,1,6|32", good.get(1).format());
        List<EvaluationRow> rows = TestSpark.backend().evaluateRows(SETTINGS, archs);
        assertEquals(List.of(true, false, true), rows.stream().map(EvaluationRow::ok).toList());
        assertEquals(EvaluationBackend.callingThread().evaluateRows(SETTINGS, archs).get(1).error(), rows.get(1).error());
        assertSameResults(direct(SETTINGS, good), List.of(rows.get(0).result(), rows.get(2).result()));
    }

    @Test
    void failedEvaluationsOnExecutorsBecomeErrorRows() {
        // An NTK batch of the wrong size: every evaluation fails on its executor; each row says why, and the job ends.
        EvaluationSettings wrongBatch = SETTINGS.withNtkInputs(NtkInputs.fixed(
                TensorData.of(new long[]{2, 3, 32, 32}, new float[2 * 3 * 32 * 32]), "two zero images"));
        List<String> archs = topologies(2).stream().map(Topology::format).toList();
        List<EvaluationRow> rows = TestSpark.backend().evaluateRows(wrongBatch, archs);
        assertEquals(2, rows.size());
        for (EvaluationRow r : rows) {
            assertFalse(r.ok());
            assertTrue(r.error().contains("two zero images have shape [2, 3, 32, 32] but batch 4"), r.error());
        }
    }

    @Test
    void aFixedNtkBatchTravelsAsItsValues() {
        float[] values = new float[4 * 3 * 32 * 32];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        EvaluationSettings images = SETTINGS.withNtkInputs(NtkInputs.fixed(
                TensorData.of(new long[]{4, 3, 32, 32}, values), "four test images"));
        List<Topology> topologies = topologies(2);
        assertSameResults(direct(images, topologies), TestSpark.backend().evaluate(images, topologies));
    }

    @Test
    void growAndAKSampleSearchAreTheSameOnSpark() {
        List<GrowStep> grow = BackendScenarios.grow(EvaluationBackend.callingThread());
        assertEquals(grow, BackendScenarios.grow(TestSpark.backend()));
        SearchResult search = BackendScenarios.search(EvaluationBackend.callingThread());
        BackendScenarios.assertSameSearch(search, BackendScenarios.search(TestSpark.backend()));
    }

    @Test
    void theProviderIsFoundByNameAndUsesTheRunningSession() {
        TestSpark.session();
        try (EvaluationBackend backend = EvaluationBackends.open("spark", Map.of())) {
            assertSame(TestSpark.session(), ((SparkBackend) backend).session());
        }
        assertFalse(TestSpark.session().sparkContext().isStopped(), "a session the backend did not start is left running");
    }

    @Test
    void coreAndSparkRunOnSparksJackson() {
        // Spark 4.0's jackson-module-scala accepts databind 2.18 only; the core runs on it in this module
        // (the command line's CSV module at the same version: CliSparkTest).
        assertEquals(18, com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion());
    }
}
