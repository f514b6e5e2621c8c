package org.asvit.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asvit.io.RunFolder;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.asvit.training.DataSources;
import org.asvit.training.LabelledImages;
import org.asvit.training.SyntheticDataset;
import org.asvit.training.TrainingSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A study through the library: a row per topology, the report after each, and a resumed study is the uninterrupted one. */
@Tag("slow")
class StudyRunTest {
    private static final List<Topology> TOPOLOGIES = List.of(Topology.parse("4,2,2|2,1,2|2,1,2|2,1,2|16"),
            Topology.parse("6,4,3|3,2,4|3,1,5|3,1,3|32"), Topology.parse("5,2,5|2,2,3|4,2,2|2,1,4|16"));
    private static final Map<String, String> OPTIONS = Map.of("--seed", "0");

    @TempDir
    Path dir;

    private StudyRun.Config config() throws IOException {
        Path data = dir.resolve("data");
        if (!data.toFile().exists()) {
            SyntheticDataset.write(data, 3, 16, 8, 32, 1);
        }
        LabelledImages training = DataSources.open(data.resolve("train").toString(), DataSources.Role.TRAINING);
        LabelledImages validation = DataSources.open(data.resolve("val").toString(), DataSources.Role.VALIDATION);
        StudyRecipe recipe = new StudyRecipe(new TrainingSettings(1, 16, 1e-3, 0.05, 0, 0.1, true, 0), 32, 1);
        EvaluationSettings metrics = EvaluationSettings.defaults(32).withSeed(0, true)
                .withMetrics(EnumSet.of(Metric.NTK, Metric.LENGTH)).withRepeats(1).withClasses(3);
        Map<String, String> described = new LinkedHashMap<>();
        described.put("epochs", "1");
        return new StudyRun.Config(TOPOLOGIES, recipe, training, validation, metrics, 200, 0, TensorKind.CPU_FLOAT,
                described);
    }

    /** Stops the study after {@code rows} topologies, as a kill would. */
    private static final class StopAfter implements StudyRun.Listener {
        final int rows;
        final List<String> heard = new ArrayList<>();

        StopAfter(int rows) {
            this.rows = rows;
        }

        @Override
        public void started(int done, int total) {
            heard.add("started " + done + "/" + total);
        }

        @Override
        public void topology(StudyRow row, List<StudyRow> all, List<StudyReport.Correlation> correlations) {
            heard.add(row.index() + ": " + all.size() + " rows, " + correlations.size() + " correlations");
            if (all.size() == rows) {
                throw new IllegalStateException("killed");
            }
        }
    }

    @Test
    void studiesEveryTopologyAndAResumedStudyIsTheSame() throws IOException {
        StudyRun.Config config = config();
        StopAfter whole = new StopAfter(-1);
        StudyRun.Outcome full;
        Path fullDir = dir.resolve("full");
        try (RunFolder folder = RunFolder.open(fullDir, "study", OPTIONS, false)) {
            full = new StudyRun(folder, config).run(whole);
        }
        int quantities = StudyReport.QUANTITIES.size();
        assertEquals(List.of("started 0/3", "0: 1 rows, 0 correlations", "1: 2 rows, 0 correlations",
                "2: 3 rows, " + quantities + " correlations"), whole.heard);
        assertEquals(TOPOLOGIES.stream().map(Topology::format).toList(), full.rows().stream().map(StudyRow::arch).toList());
        for (StudyRow r : full.rows()) {
            assertEquals(java.util.Set.of("ntkCond", "lengthDistortion"), r.metrics().keySet());
            assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1, "accuracy " + r.accuracy());
        }
        assertEquals(quantities, full.correlations().size());
        JsonNode report = new ObjectMapper().readTree(fullDir.resolve(StudyRun.REPORT).toFile());
        assertEquals("{\"epochs\":\"1\",\"bootstrap\":200}", report.get("config").toString());
        assertEquals(3, report.get("rows").size());
        assertEquals(quantities, report.get("correlations").size());

        Path parted = dir.resolve("parted");
        try (RunFolder folder = RunFolder.open(parted, "study", OPTIONS, false)) {
            assertThrows(IllegalStateException.class, () -> new StudyRun(folder, config).run(new StopAfter(2)));
        }
        StopAfter rest = new StopAfter(-1);
        StudyRun.Outcome resumed;
        try (RunFolder folder = RunFolder.open(parted, "study", OPTIONS, true)) {
            resumed = new StudyRun(folder, config).run(rest);
        }
        assertEquals(List.of("started 2/3", "2: 3 rows, " + quantities + " correlations"), rest.heard);
        assertEquals(withoutSeconds(full.rows()), withoutSeconds(resumed.rows()));
        assertEquals(full.correlations(), resumed.correlations());
    }

    private static List<String> withoutSeconds(List<StudyRow> rows) {
        return rows.stream().map(r -> r.index() + " " + r.arch() + " " + r.params() + " " + r.flops() + " "
                + new java.util.TreeMap<>(r.metrics()) + " " + r.accuracy()).toList();
    }
}
