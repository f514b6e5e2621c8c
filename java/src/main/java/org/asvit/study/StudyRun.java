package org.asvit.study;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.FiniteJson;
import org.asvit.InvalidSettingException;
import org.asvit.io.RunFolder;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.model.Complexity;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.asvit.training.LabelledImages;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A study in a {@link RunFolder}: for each topology in turn, its training-free metrics, then its accuracy
 * after the study's one training recipe ({@link StudyRecipe}); after each topology, the checkpoint and
 * {@value #REPORT} (the rows so far and, from three rows on, the rank correlations of every quantity with
 * accuracy, {@link StudyReport}). A folder opened with resume continues after the last topology done.
 *
 * <p>A front end attaches progress, tables and plots through a {@link Listener}; the folder is the caller's
 * to open (with the options it names) and to close.
 */
public final class StudyRun {
    /** The study's report, rewritten after every topology. */
    public static final String REPORT = "study.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What determines a study.
     *
     * @param topologies the topologies, in order (at least 3 for a correlation)
     * @param recipe     how each is trained
     * @param training   the training images
     * @param validation the validation images, whose accuracy the metrics are to predict
     * @param metrics    the metrics' settings (their memory budget also bounds training)
     * @param bootstrap  bootstrap resamples for the 95% intervals, at least 100
     * @param seed       seed of the bootstrap
     * @param kind       dtype and device of training
     * @param described  the settings the report's {@code config} object lists, by the caller's names, in order
     */
    public record Config(List<Topology> topologies, StudyRecipe recipe, LabelledImages training,
                         LabelledImages validation, EvaluationSettings metrics, int bootstrap, long seed,
                         TensorKind kind, Map<String, String> described) {
        public Config {
            topologies = List.copyOf(topologies);
            Objects.requireNonNull(recipe, "recipe");
            Objects.requireNonNull(training, "training");
            Objects.requireNonNull(validation, "validation");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(kind, "kind");
            described = Collections.unmodifiableMap(new LinkedHashMap<>(described));
            if (bootstrap < 100) {
                throw new InvalidSettingException("{bootstrap} must be at least 100, got " + bootstrap);
            }
            for (Topology t : topologies) {
                t.validateImageSize(recipe.imageSize());
            }
        }
    }

    /** What a front end hears while the study goes on. Every method runs on the study's thread. */
    public interface Listener {
        /** Once, before the first topology: how many are done already (resumed) of how many. */
        default void started(int done, int total) {
        }

        /**
         * After each topology, once the checkpoint and the report are written: its row, every row so far, and
         * the correlations over them (empty below three rows).
         */
        default void topology(StudyRow row, List<StudyRow> rows, List<StudyReport.Correlation> correlations)
                throws IOException {
        }
    }

    /**
     * What a finished study found.
     *
     * @param rows         one per topology, in order
     * @param correlations every quantity's rank correlation with accuracy
     */
    public record Outcome(List<StudyRow> rows, List<StudyReport.Correlation> correlations) {
        public Outcome {
            rows = List.copyOf(rows);
            correlations = List.copyOf(correlations);
        }
    }

    private final RunFolder folder;
    private final Config config;

    /**
     * @param folder the study's folder, opened by the caller (with {@code resume} to continue its checkpoint)
     * @param config what to study
     */
    public StudyRun(RunFolder folder, Config config) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Studies every topology not yet done, then correlates. */
    public Outcome run(Listener listener) throws IOException {
        List<StudyRow> rows = new ArrayList<>(folder.checkpoint().map(StudyRun::rowsOf).orElse(List.of()));
        List<Topology> list = config.topologies();
        int size = config.recipe().imageSize();
        int batch = config.recipe().settings().batchSize();
        int classes = config.training().classes().size();
        Evaluator evaluator = new Evaluator(config.metrics());
        listener.started(rows.size(), list.size());
        for (int i = rows.size(); i < list.size(); i++) {
            Topology t = list.get(i);
            long start = System.nanoTime();
            config.metrics().memory().checkTraining(t, size, batch, classes, config.kind());
            EvaluationResult metrics = evaluator.evaluate(t);
            double metricSeconds = (System.nanoTime() - start) / 1e9;
            StudyRecipe.Outcome outcome = config.recipe().train(t, config.training(), config.validation(), config.kind());
            Map<String, Double> values = new LinkedHashMap<>();
            metrics.metrics().forEach((m, summary) -> values.put(m.jsonName(), summary.mean()));
            StudyRow row = new StudyRow(i, t.format(), Complexity.params(t, classes), Complexity.flops(t, size, classes),
                    values, outcome.valAccuracy(), outcome.seconds(), metricSeconds);
            rows.add(row);
            ObjectNode state = JSON.createObjectNode();
            state.set("rows", JSON.valueToTree(rows));
            folder.saveCheckpoint(state);
            List<StudyReport.Correlation> correlations = rows.size() >= 3
                    ? StudyReport.correlate(rows, config.bootstrap(), config.seed()) : List.of();
            folder.writeJson(REPORT, report(rows, correlations));
            listener.topology(row, Collections.unmodifiableList(rows), correlations);
        }
        return new Outcome(rows, StudyReport.correlate(rows, config.bootstrap(), config.seed()));
    }

    /**
     * The report ({@value #REPORT}): {@code config} (the described settings and the bootstrap), the rows and
     * the correlations. Non-finite numbers are null: JSON has no NaN.
     */
    public ObjectNode report(List<StudyRow> rows, List<StudyReport.Correlation> correlations) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode described = node.putObject("config");
        config.described().forEach(described::put);
        described.put("bootstrap", config.bootstrap());
        node.set("rows", JSON.valueToTree(rows));
        ArrayNode array = node.putArray("correlations");
        for (StudyReport.Correlation c : correlations) {
            ObjectNode o = array.addObject();
            o.put("quantity", c.quantity());
            o.put("kendallTauB", c.kendall().value());
            o.put("kendallLow", c.kendall().low());
            o.put("kendallHigh", c.kendall().high());
            o.put("spearmanRho", c.spearman().value());
            o.put("spearmanLow", c.spearman().low());
            o.put("spearmanHigh", c.spearman().high());
            o.put("pairs", c.kendall().pairs());
            o.put("beatsParamsAndFlops", c.beatsParamsAndFlops());
        }
        return (ObjectNode) FiniteJson.finite(node);
    }

    private static List<StudyRow> rowsOf(JsonNode state) {
        try {
            return JSON.convertValue(state.get("rows"), new TypeReference<List<StudyRow>>() { });
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("{resume}: the checkpoint's rows cannot be read (" + e.getMessage()
                    + "); the checkpoint is corrupt", e);
        }
    }
}
