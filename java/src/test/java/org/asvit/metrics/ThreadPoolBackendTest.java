package org.asvit.metrics;

import org.asvit.io.TensorData;
import org.asvit.search.SearchResult;
import org.asvit.search.SearchStep;
import org.asvit.testing.BackendScenarios;
import org.asvit.topology.RandomTopologies;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.asvit.testing.BackendScenarios.SETTINGS;
import static org.asvit.testing.BackendScenarios.assertSameResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The thread pool backend gives the calling thread's numbers, in order; errors stay in their rows. */
@Tag("slow")
class ThreadPoolBackendTest {

    private static List<Topology> topologies(int n) {
        RandomTopologies random = new RandomTopologies(5);
        List<Topology> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(random.next());
        }
        return out;
    }

    @Test
    void twoWorkersGiveTheCallingThreadsNumbersInOrder() {
        List<Topology> topologies = topologies(3);
        List<EvaluationResult> sequential = EvaluationBackend.callingThread().evaluate(SETTINGS, topologies);
        try (ThreadPoolBackend pool = new ThreadPoolBackend(2)) {
            assertSameResults(sequential, pool.evaluate(SETTINGS, topologies));
        }
    }

    @Test
    void aBadTopologyOrAFailedEvaluationFillsItsRowAndTheOthersGoOn() {
        List<Topology> good = topologies(2);
        List<String> archs = List.of("not a topology", good.get(0).format(), "8,2,3|4,1,2|4,1,4", good.get(1).format());
        try (ThreadPoolBackend pool = new ThreadPoolBackend(2)) {
            List<EvaluationRow> rows = pool.evaluateRows(SETTINGS, archs);
            assertEquals(4, rows.size());
            for (int i = 0; i < 4; i++) {
                assertEquals(archs.get(i), rows.get(i).arch());
            }
            assertFalse(rows.get(0).ok());
            assertNull(rows.get(0).result());
            assertFalse(rows.get(2).ok());
            assertTrue(rows.get(2).error().contains("stage"), rows.get(2).error());
            assertSameResults(EvaluationBackend.callingThread().evaluate(SETTINGS, good),
                    List.of(rows.get(1).result(), rows.get(3).result()));
            // The sequential default gives the same rows.
            List<EvaluationRow> sequential = EvaluationBackend.callingThread().evaluateRows(SETTINGS, archs);
            for (int i = 0; i < 4; i++) {
                assertEquals(sequential.get(i).error(), rows.get(i).error());
            }

            // Every evaluation fails (an NTK batch of the wrong size): every row says why, nothing is thrown.
            EvaluationSettings wrongBatch = SETTINGS.withNtkInputs(NtkInputs.fixed(
                    TensorData.of(new long[]{2, 3, 32, 32}, new float[2 * 3 * 32 * 32]), "two zero images"));
            List<EvaluationRow> failed = pool.evaluateRows(wrongBatch, List.of(good.get(0).format(), good.get(1).format()));
            assertTrue(failed.stream().noneMatch(EvaluationRow::ok));
            assertTrue(failed.get(0).error().contains("two zero images have shape [2, 3, 32, 32] but batch 4"),
                    failed.get(0).error());
            // evaluate() needs every result, so the failure is thrown as it was on the worker.
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> pool.evaluate(wrongBatch, good));
            assertTrue(e.getMessage().contains("but batch 4"), e.getMessage());
        }
    }

    @Test
    void growAndAKSampleSearchAreTheSameOnTwoWorkers() {
        try (ThreadPoolBackend pool = new ThreadPoolBackend(2)) {
            List<org.asvit.scaling.GrowStep> grow = BackendScenarios.grow(EvaluationBackend.callingThread());
            assertEquals(2, grow.size());
            assertEquals(12, grow.get(1).candidates().size());
            assertEquals(grow, BackendScenarios.grow(pool));
            SearchResult sequential = BackendScenarios.search(EvaluationBackend.callingThread());
            assertEquals(9, sequential.state().steps().size(), "3 steps of 3 samples");
            assertEquals(List.of(0, 1, 2, 0, 1, 2, 0, 1, 2),
                    sequential.state().steps().stream().map(SearchStep::sample).toList());
            BackendScenarios.assertSameSearch(sequential, BackendScenarios.search(pool));
        }
    }

    @Test
    void backendNamesAreCheckedWithTheAcceptedValues() {
        assertEquals(3, ((ThreadPoolBackend) EvaluationBackends.open("threads:3", Map.of())).threads());
        for (String bad : List.of("threads:0", "threads:x", "gpu")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EvaluationBackends.open(bad, Map.of()));
            assertTrue(e.getMessage().contains("accepted: local, threads:N"), e.getMessage());
            assertTrue(e instanceof org.asvit.InvalidSettingException, "names the setting: " + e);
        }
        // The setting, as the library calls it; the command line says --backend.
        org.asvit.InvalidSettingException unknown = assertThrows(org.asvit.InvalidSettingException.class,
                () -> EvaluationBackends.open("gpu", Map.of()));
        assertTrue(unknown.getMessage().startsWith("unknown backend 'gpu'; accepted: "), unknown.getMessage());
        assertTrue(unknown.messageNaming(name -> "--" + name).startsWith("unknown --backend 'gpu'"), unknown.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluationBackends.open("spark", Map.of()));
        assertTrue(e.getMessage().contains("asvit-spark module is not on the class path"), e.getMessage());
    }
}
