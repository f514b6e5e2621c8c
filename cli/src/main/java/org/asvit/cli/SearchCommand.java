package org.asvit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.FiniteJson;
import org.asvit.io.RunFolder;
import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.runtime.TensorKind;
import org.asvit.search.ReinforceSearch;
import org.asvit.search.SearchConfig;
import org.asvit.search.SearchOutputs;
import org.asvit.search.SearchResult;
import org.asvit.search.SearchRun;
import org.asvit.search.SearchState;
import org.asvit.search.SearchStep;
import org.asvit.topology.SearchSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code asvit search}: REINFORCE over the search space (paper Algorithm 1) through
 * {@link ReinforceSearch}, with presets, a progress display, a resumable run folder and the search
 * curves. The last line of standard output is the derived topology.
 */
@Command(name = "search", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
                "Search the topology space by REINFORCE, rewarded by NTK condition number and length distortion at "
                        + "initialisation (no training). The last line of output is the derived topology.",
                "With no options: the quick preset (a few minutes on a laptop CPU); --preset paper is the paper's "
                        + "setting (224 px, R = 5, 500 steps)."})
final class SearchCommand implements Callable<Integer> {
    /** The two settings most people want: a quick look, and the paper's run. */
    enum Preset {
        QUICK(64, 2, 500), PAPER(224, 5, SearchConfig.PAPER_STEPS);

        final int imageSize;
        final int repeats;
        final int steps;

        Preset(int imageSize, int repeats, int steps) {
            this.imageSize = imageSize;
            this.repeats = repeats;
            this.steps = steps;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "quick|paper", defaultValue = "quick",
            description = "quick: 64 px, R = 2, 500 steps; paper: 224 px, R = 5, 500 steps. Options given "
                    + "explicitly override the preset. Default: ${DEFAULT-VALUE}.")
    Preset preset;

    @Option(names = "--steps", paramLabel = "N", description = "REINFORCE steps. Default: the preset's (500).")
    Integer steps;

    @Mixin
    EvaluationOptions evaluation;

    @Option(names = "--samples-per-step", paramLabel = "K", defaultValue = "1",
            description = "Topologies sampled at each step, evaluated together through --backend; the policy takes "
                    + "the mean of their policy gradients (1: the paper's algorithm). Default: ${DEFAULT-VALUE}.")
    int samplesPerStep;

    @Option(names = "--lr", paramLabel = "LR", defaultValue = "0.08",
            description = "Adam's learning rate on the policy. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--buffer", paramLabel = "N", defaultValue = "20",
            description = "Values in each reward buffer's normalising range. Default: ${DEFAULT-VALUE}.")
    int buffer;

    @Mixin
    DeviceOptions device;

    @Mixin
    BackendOptions backend;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for search.json, search.csv, search.png and the checkpoint; must not exist or be "
                    + "empty unless --resume.")
    Path out;

    @Option(names = "--resume", description = "Continue the run checkpointed in --out (same options required).")
    boolean resume;

    @Option(names = "--json", description = "Print one JSON object (configuration, derived topology and its metrics, "
            + "counts) instead of the text summary; no progress display.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        RunFolder.requireFolderToResume(out, resume);
        int imageSize = evaluation.imageSize(preset.imageSize);
        int repeats = evaluation.repeats(preset.repeats);
        int stepCount = steps != null ? steps : preset.steps;
        SearchSpace.topologyOf(new int[SearchSpace.factors().size()]).validateImageSize(imageSize);
        PrintWriter err = spec.commandLine().getErr();

        TensorKind kind = device.apply();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--steps", Integer.toString(stepCount));
        options.put("--samples-per-step", Integer.toString(samplesPerStep));
        options.put("--lr", Double.toString(learningRate));
        options.put("--buffer", Integer.toString(buffer));
        options.put("--device", kind.deviceName());
        evaluation.record(options, imageSize, repeats);
        EvaluationSettings settings = device.configure(evaluation.settings(imageSize, repeats, kind));
        SearchConfig config = new SearchConfig(stepCount, learningRate, buffer, SearchConfig.PAPER_MOMENTUM,
                evaluation.seed, settings, samplesPerStep);
        RunFolder run = out == null ? null : RunFolder.open(out, SearchRun.COMMAND, options, resume);
        try (RunFolder held = run; EvaluationBackend backend = this.backend.open()) {
            // After every check: an error is one line, with no banner before it.
            if (!json) {
                err.printf(Locale.ROOT, "asvit: search: %s preset (%d px, R = %d, %d steps)%s%n", preset, imageSize, repeats,
                        stepCount, preset == Preset.QUICK
                                ? "; the paper's setting is --preset paper (224 px, R = 5, 500 steps)" : "");
                err.flush();
            }
            return search(new SearchRun(config), backend, run, err);
        }
    }

    private int search(SearchRun search, EvaluationBackend backend, RunFolder run, PrintWriter err) {
        SearchConfig config = search.config();
        int stepCount = config.steps();
        SearchState start = search.startState(run);
        if (!json && start.nextStep() > 0) {
            err.println("asvit: search: resuming " + out + " at step " + start.nextStep() + " of " + stepCount);
        }

        long began = System.nanoTime();
        SearchResult result;
        try (Progress progress = Progress.start("search", stepCount, "step", err, json)) {
            progress.update(start.nextStep(), "");
            result = search.run(backend, run, new Display(progress, run, start), () -> false);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        PrintWriter stdout = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = SearchOutputs.summary(config, result, seconds);
            stdout.println(Json.write((ObjectNode) FiniteJson.finite(node)));
        } else {
            stdout.print(text(config, result, seconds));
            stdout.println(result.derived().format());
        }
        stdout.flush();
        return 0;
    }

    /**
     * The command line's view of a running search: the progress line after each step, and search.csv and
     * search.png beside the library's search.json in the run folder.
     */
    private static final class Display implements SearchRun.Listener {
        private final Progress progress;
        private final RunFolder run;
        private double bestReward;
        /** When search.png was last drawn; the first step always draws it. */
        private long lastPlotNanos = System.nanoTime() - PLOT_INTERVAL_NANOS;

        Display(Progress progress, RunFolder run, SearchState start) {
            this.progress = progress;
            this.run = run;
            this.bestReward = start.steps().stream().mapToDouble(SearchStep::reward).max().orElse(Double.NaN);
        }

        @Override
        public void stepDone(SearchStep step, SearchState state) {
            bestReward = Double.isNaN(bestReward) ? step.reward() : Math.max(bestReward, step.reward());
            if (run != null) {
                writeViews(state, false);
            }
            progress.update(state.nextStep(), String.format(Locale.ROOT, "entropy %.2f, best reward %.3f, cache hits %d",
                    step.entropy(), bestReward, state.cacheHits()));
        }

        @Override
        public void finished(SearchResult result) {
            if (run != null) {
                writeViews(result.state(), true);
            }
        }

        /** search.csv, and search.png at the end or when the last drawing is old enough. */
        private void writeViews(SearchState state, boolean last) {
            try {
                List<String> columns = List.of("step", "sample", "arch", "ntk", "lengthDistortion", "bad", "reward",
                        "baseline", "advantage", "entropy", "params", "flops", "seconds", "cacheHit");
                List<Map<String, Object>> table = state.steps().stream()
                        .map(s -> Json.MAPPER.convertValue(s, Json.MAP_TYPE)).toList();
                RunFiles.writeCsv(run, "search.csv", columns, table);
                long now = System.nanoTime();
                if (last || now - lastPlotNanos >= PLOT_INTERVAL_NANOS) {
                    RunFiles.writePng(run, "search.png", plot(state.steps()));
                    lastPlotNanos = now;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the outputs in " + run.dir() + ": " + e.getMessage(), e);
            }
        }
    }

    private static String text(SearchConfig config, SearchResult r, double seconds) {
        List<SearchStep> steps = r.state().steps();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "steps       %d at %d px, R = %d, seed %d, %s%n", steps.size(),
                config.evaluation().imageSize(), config.evaluation().repeats(), config.seed(),
                config.evaluation().kind().deviceName()));
        b.append(String.format(Locale.ROOT, "entropy     %.2f -> %.2f (uniform: %.2f)%n",
                steps.isEmpty() ? Double.NaN : steps.get(0).entropy(), r.entropy(), SearchSpace.maxEntropy()));
        b.append(String.format(Locale.ROOT, "cache hits  %d of %d steps%n", r.state().cacheHits(), steps.size()));
        b.append(String.format(Locale.ROOT, "derived     ntk %.6g, length %.6g, params %,d, flops %,d%n",
                r.scores().ntk(), r.scores().lengthDistortion(), r.scores().params(), r.scores().flops()));
        b.append(String.format(Locale.ROOT, "seconds     %.1f%n", seconds));
        return b.toString();
    }

    /**
     * Least time between redraws of search.png while the search runs (it is always drawn after the first step
     * and at the end): drawing takes tens of milliseconds, as long as a cached step, so it is not done for each.
     */
    static final long PLOT_INTERVAL_NANOS = 2_000_000_000L;

    /** Entropy and reward against step, as the paper's search curves. */
    static java.awt.image.BufferedImage plot(List<SearchStep> steps) {
        double[] x = steps.stream().mapToDouble(SearchStep::step).toArray();
        double[] entropy = steps.stream().mapToDouble(SearchStep::entropy).toArray();
        double[] reward = steps.stream().mapToDouble(SearchStep::reward).toArray();
        double[] baseline = steps.stream().mapToDouble(SearchStep::baseline).toArray();
        return Charts.sideBySide(
                Charts.Panel.of("Policy entropy", "step", "entropy (nats)", Charts.Series.line("entropy", x, entropy)),
                Charts.Panel.of("Reward", "step", "reward", Charts.Series.points("reward", x, reward),
                        Charts.Series.line("baseline (EMA)", x, baseline)));
    }
}
