package org.asvit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.FiniteJson;
import org.asvit.io.RunFolder;
import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.runtime.TensorKind;
import org.asvit.scaling.Family;
import org.asvit.scaling.GrowConfig;
import org.asvit.scaling.GrowState;
import org.asvit.scaling.GrowStep;
import org.asvit.scaling.Grower;
import org.asvit.scaling.GrowthOutputs;
import org.asvit.scaling.GrowthRun;
import org.asvit.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code asvit grow}: greedy growth of a seed topology into a family of models (paper Algorithm 2)
 * through {@link Grower}, with a resumable run folder, the family members closest to given sizes, and
 * the paper's Figure 3 panels.
 */
@Command(name = "grow", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
                "Grow a seed topology into a family of models, greedily in depth and width, ranked by NTK condition "
                        + "number and length distortion at initialisation (no training).",
                "Each step tries one more block in each stage with each width increase (+5..20%), drops candidates "
                        + "above --max-params, and keeps the best rank sum; it stops at --stop-params."})
final class GrowCommand implements Callable<Integer> {
    /** A quick look (about a minute on 2 cores), and the paper's setting (an hour or more there). */
    enum Preset {
        QUICK(64, 2), PAPER(224, 5);

        final int imageSize;
        final int repeats;

        Preset(int imageSize, int repeats) {
            this.imageSize = imageSize;
            this.repeats = repeats;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, paramLabel = "SEED",
            description = "The seed topology (e.g. a search's result); growth starts from its depths and from width "
                    + "C / 4 for the metrics (the seed form's C = 32 gives the reference's start).")
    Topology seed;

    @Option(names = "--preset", paramLabel = "quick|paper", defaultValue = "paper",
            description = "quick: 64 px, R = 2 (about a minute on 2 CPU cores); paper: 224 px, R = 5, the paper's "
                    + "setting (an hour or more there). --image-size and --repeat override it. Default: ${DEFAULT-VALUE}.")
    Preset preset;

    @Option(names = "--stop-params", paramLabel = "N", defaultValue = "80e6", converter = Converters.CountConverter.class,
            description = "Stop once the chosen network has this many parameters. Default: ${DEFAULT-VALUE}.")
    long stopParams;

    @Option(names = "--max-params", paramLabel = "N", defaultValue = "110e6", converter = Converters.CountConverter.class,
            description = "Drop candidates with more parameters. Default: ${DEFAULT-VALUE}.")
    long maxParams;

    @Option(names = "--emit", paramLabel = "N,N,...", split = ",", converter = Converters.CountConverter.class,
            description = "Name the family members closest to these sizes (the paper's Small, Base and Large: "
                    + "29e6,52e6,88e6).")
    List<Long> emit;

    @Option(names = "--rank", paramLabel = "RULE", defaultValue = "metrics",
            description = "How each step's winner is chosen: metrics (the best NTK rank plus L^E rank, the paper's "
                    + "growth) or random (a seeded uniform choice among the candidates under --max-params, the "
                    + "paper's random-scaling baseline; only the chosen network is evaluated). Default: ${DEFAULT-VALUE}.")
    RankRule rank;

    /** The {@code --rank} values. */
    enum RankRule {
        metrics(GrowConfig.Rule.METRICS), random(GrowConfig.Rule.RANDOM);

        final GrowConfig.Rule rule;

        RankRule(GrowConfig.Rule rule) {
            this.rule = rule;
        }
    }

    @Mixin
    EvaluationOptions evaluation;

    @Mixin
    DeviceOptions device;

    @Mixin
    BackendOptions backend;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Folder for grow.json, grow.csv, grow.png and the checkpoint; must not exist or be empty "
                    + "unless --resume.")
    Path out;

    @Option(names = "--resume", description = "Continue the run checkpointed in --out (same options required).")
    boolean resume;

    @Option(names = "--json", description = "Print one JSON object (configuration, every step, the emitted members) "
            + "instead of the table; no progress display.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        RunFolder.requireFolderToResume(out, resume);
        int imageSize = evaluation.imageSize(preset.imageSize);
        int repeats = evaluation.repeats(preset.repeats);
        seed.validateImageSize(imageSize);
        TensorKind kind = device.apply();
        EvaluationSettings settings = device.configure(evaluation.settings(imageSize, repeats, kind));
        GrowConfig config = new GrowConfig(stopParams, maxParams, GrowConfig.PAPER_WIDTH_RATIOS,
                GrowConfig.PAPER_COUNT_SCALE, 1000, settings, rank.rule);
        GrowthRun growth = new GrowthRun(config, seed, emit == null ? List.of() : emit);

        Map<String, String> options = new LinkedHashMap<>();
        options.put("--arch", seed.scaledForm().format());
        options.put("--stop-params", Long.toString(stopParams));
        options.put("--max-params", Long.toString(maxParams));
        options.put("--device", kind.deviceName());
        if (rank != RankRule.metrics) {
            options.put("--rank", rank.name());   // only when not the default, so earlier runs still resume
        }
        evaluation.record(options, imageSize, repeats);
        RunFolder run = out == null ? null : RunFolder.open(out, GrowthRun.COMMAND, options, resume);
        PrintWriter err = spec.commandLine().getErr();
        GrowState result;
        long began = System.nanoTime();
        try (RunFolder held = run; EvaluationBackend backend = this.backend.open();
             Progress progress = Progress.start("grow", -1, "step", err, json)) {
            GrowState start = growth.startState(run);
            if (!json) {
                // After every check: an error is one line, with no banner before it.
                err.printf(Locale.ROOT, "asvit: grow: %s preset (%d px, R = %d)%s%n", preset, imageSize, repeats,
                        preset == Preset.QUICK ? "; the paper's setting is --preset paper (224 px, R = 5)"
                                : "; --preset quick (64 px, R = 2) takes about a minute on 2 cores");
                if (!start.steps().isEmpty()) {
                    err.println("asvit: grow: resuming " + out + " after step " + (start.steps().size() - 1));
                }
                err.flush();
            }
            StepProgress within = new StepProgress(progress, start.steps().size());
            result = growth.run(new ReportingBackend(backend, this.backend.parallelWidth(), within), run,
                    new Display(growth, run, within), () -> false);
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(json ? Json.write((ObjectNode) FiniteJson.finite(GrowthOutputs.report(config, seed, result,
                growth.members(result), seconds))) + System.lineSeparator()
                : table(result, growth.members(result), seconds));
        stdout.flush();
        return 0;
    }

    /**
     * The command line's view of a growth run: the progress line after each step, and grow.csv and grow.png
     * beside the library's grow.json in the run folder.
     */
    private static final class Display implements GrowthRun.Listener {
        private final GrowthRun growth;
        private final RunFolder run;
        private final StepProgress within;

        Display(GrowthRun growth, RunFolder run, StepProgress within) {
            this.growth = growth;
            this.run = run;
            this.within = within;
        }

        @Override
        public void stepDone(GrowStep step, GrowState state) {
            if (run != null) {
                writeViews(state);
            }
            within.stepDone(state.steps().size(), String.format(Locale.ROOT, "%s, %.1f M params",
                    step.arch(), step.params() / 1e6));
        }

        @Override
        public void finished(GrowState state) {
            if (run != null) {
                writeViews(state);
            }
        }

        private void writeViews(GrowState state) {
            try {
                List<String> columns = List.of("step", "arch", "workingWidth", "params", "flops", "ntk",
                        "lengthDistortion", "rankSum", "tieBreak", "candidates", "seconds");
                List<Map<String, Object>> rows = new ArrayList<>();
                for (GrowStep s : state.steps()) {
                    Map<String, Object> row = Json.MAPPER.convertValue(s, Json.MAP_TYPE);
                    row.put("candidates", s.candidates().size());
                    rows.add(row);
                }
                RunFiles.writeCsv(run, "grow.csv", columns, rows);
                RunFiles.writePng(run, "grow.png", plot(state.steps(), growth.members(state)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the outputs in " + run.dir() + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Progress inside a grow step: the step's candidates done of N and the step's ETA, from the batches the
     * backend reports; a step takes minutes at the paper's size, so a count of whole steps says too little.
     */
    private static final class StepProgress implements ReportingBackend.Listener {
        private final Progress progress;
        private int stepsDone;
        private long stepStart = System.nanoTime();
        private String last = "";

        StepProgress(Progress progress, int stepsDone) {
            this.progress = progress;
            this.stepsDone = stepsDone;
        }

        @Override
        public void progress(int done, int total) {
            if (done == 0) {
                stepStart = System.nanoTime();
            }
            double seconds = (System.nanoTime() - stepStart) / 1e9;
            String eta = done > 0 && done < total ? ", step ETA " + Progress.duration(seconds / done * (total - done)) : "";
            progress.update(stepsDone, String.format(Locale.ROOT, "step %d: %d of %d candidates%s%s", stepsDone, done,
                    total, eta, last.isEmpty() ? "" : "; last: " + last));
        }

        void stepDone(int steps, String summary) {
            stepsDone = steps;
            last = summary;
            progress.update(steps, summary);
        }
    }

    private static String table(GrowState state, List<Family.Member> members, double seconds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%4s  %-40s %12s %10s %12s %12s %4s %s%n", "step", "arch", "params", "GFLOPs",
                "ntk", "length", "rank", "candidates"));
        for (GrowStep s : state.steps()) {
            int evaluated = (int) s.candidates().stream().filter(c -> !c.overCap()).count();
            b.append(String.format(Locale.ROOT, "%4d  %-40s %,12d %10.2f %12.6g %12.6g %4s %s%n", s.step(), s.arch(),
                    s.params(), s.flops() / 1e9, s.ntk(), s.lengthDistortion(), s.rankSum() < 0 || s.step() == 0 ? "-" : s.rankSum(),
                    s.step() == 0 ? "seed" : (s.rankSum() < 0 ? "drawn from " : "beat " + (evaluated - 1) + " of ") + evaluated
                            + (s.candidates().size() > evaluated ? " (" + (s.candidates().size() - evaluated)
                            + " over --max-params)" : "")));
        }
        for (Family.Member m : members) {
            b.append(String.format(Locale.ROOT, "closest to %.1f M: step %d  %s  (%.2f M params, %.2f GFLOPs)%n",
                    m.targetParams() / 1e6, m.step().step(), m.step().arch(), m.step().params() / 1e6,
                    m.step().flops() / 1e9));
        }
        b.append(String.format(Locale.ROOT, "%s in %.1f s%n", state.stopReason() == null ? "stopped" : state.stopReason(),
                seconds));
        return b.toString();
    }

    /** The paper's Figure 3: depth against width per step, and NTK against L^E labelled by step. */
    static BufferedImage plot(List<GrowStep> steps, List<Family.Member> emitted) {
        double[] width = new double[steps.size()];
        double[] depth = new double[steps.size()];
        double[] ntk = new double[steps.size()];
        double[] length = new double[steps.size()];
        List<Charts.Label> shapeLabels = new ArrayList<>();
        List<Charts.Label> metricLabels = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            GrowStep s = steps.get(i);
            Topology t = Topology.parse(s.arch());
            width[i] = t.width();
            depth[i] = java.util.Arrays.stream(t.depths()).sum();
            ntk[i] = s.ntk();
            length[i] = s.lengthDistortion();
            shapeLabels.add(new Charts.Label(Integer.toString(s.step()), width[i], depth[i]));
            metricLabels.add(new Charts.Label(Integer.toString(s.step()), length[i], ntk[i]));
        }
        // The members closest to --emit, ringed in their own series so they can be found at a glance.
        int[] picked = emitted.stream().mapToInt(m -> steps.indexOf(m.step())).filter(i -> i >= 0).distinct().toArray();
        String pickedName = "closest to --emit";
        return Charts.sideBySide(
                Charts.Panel.of("Depth and width per step", "width C", "blocks (L1+L2+L3+L4)",
                        Charts.Series.line("family (label: step)", width, depth).withMarkers(),
                        Charts.Series.points(pickedName, select(width, picked), select(depth, picked)))
                        .withLabels(shapeLabels),
                Charts.Panel.of("Trainability and expressivity per step", "length distortion L^E",
                        "NTK condition number", Charts.Series.line("family (label: step)", length, ntk).withMarkers(),
                        Charts.Series.points(pickedName, select(length, picked), select(ntk, picked)))
                        .withLabels(metricLabels));
    }

    private static double[] select(double[] values, int[] indices) {
        return java.util.Arrays.stream(indices).mapToDouble(i -> values[i]).toArray();
    }
}
