package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.asvit.io.AtomicFiles;
import org.asvit.model.Complexity;
import org.asvit.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;

/**
 * {@code asvit reproduction-report} (hidden; {@code scripts/reproduce.sh} runs it): reads the run folders of
 * one reproduction ({@link ReproductionRuns}) and writes the document that holds them against the paper's
 * tables, with its figures ({@link ReproductionFigures}) in a folder beside it. It computes nothing new:
 * every number comes from the JSON the asvit commands wrote, or is one of the paper's, named as such.
 */
@Command(name = "reproduction-report", hidden = true, mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class, sortOptions = false,
        description = "Write the reproduction document (tables and PNG figures) from the run folders of scripts/reproduce.sh.")
final class ReproductionReportCommand implements Callable<Integer> {
    static final String SEED_ARCH = "8,2,3|4,1,2|4,1,4|4,1,6|32";
    /** As-ViT Small, Base and Large (paper Table 4) and the paper's Table 5 parameters and FLOPs. */
    static final String[] PAPER_NAMES = {"small", "base", "large"};
    static final String[] PAPER_ARCH = {"8,2,3,3|4,1,2,1|4,1,4,4|4,1,6,2|32,88",
            "8,2,3,3|4,1,2,1|4,1,4,5|4,1,6,2|32,116", "8,2,3,5|4,1,2,2|4,1,4,5|4,1,6,2|32,180"};
    static final double[] PAPER_PARAMS_M = {29.0, 52.6, 88.1};
    static final double[] PAPER_GFLOPS = {5.3, 8.9, 22.6};
    /** Paper Table 6: FLOPs saved by progressive re-tokenisation (As-ViT Large, 300 epochs). */
    static final Map<String, Double> PAPER_SAVED = Map.of("paper-18", 18.7, "paper-37", 37.4, "paper-56", 56.2);
    /** Paper Table 2: V100 seconds per topology and Kendall tau of each metric. */
    static final String[][] PAPER_COST = {{"curvature", "kappa", "38.3", "-0.49", "curvature"},
            {"length", "L^E", "12.8", "0.49", "lengthDistortion"},
            {"length-kappa", "L^E_kappa", "48.2", "-0.01", "lengthDistortionKappa"}};
    static final String[] FACTORS = {"K1", "K2", "K3", "K4", "S1", "S2", "S3", "E1", "E2", "E3", "E4", "H"};

    @Spec
    CommandSpec spec;

    @Option(names = "--runs", required = true, paramLabel = "DIR", description = "The run folders (reproduce.sh --out).")
    Path runsDir;

    @Option(names = "--doc", required = true, paramLabel = "FILE",
            description = "The document to write; its figures go to a folder beside it named after it.")
    Path doc;

    @Option(names = "--mode", paramLabel = "quick|cpu|paper", defaultValue = "cpu", description = "The mode the runs were made in.")
    String mode;

    @Option(names = "--invocation", paramLabel = "TEXT", defaultValue = "scripts/reproduce.sh",
            description = "The command line that made the runs, quoted in the document.")
    String invocation;

    private ReproductionRuns runs;
    private Path figures;
    private final StringBuilder md = new StringBuilder();

    @Override
    public Integer call() throws IOException {
        if (!List.of("quick", "cpu", "paper").contains(mode)) {
            throw new IllegalArgumentException("--mode must be quick, cpu or paper, got '" + mode + "'");
        }
        runs = ReproductionRuns.read(runsDir);
        String stem = doc.getFileName().toString().replaceFirst("\\.md$", "");
        figures = doc.toAbsolutePath().getParent().resolve(stem);
        Files.createDirectories(figures);
        header();
        table5();
        table6();
        table4();
        table3();
        table2();
        notYetRun();
        AtomicFiles.write(doc, out -> out.write(md.toString().getBytes(StandardCharsets.UTF_8)));
        spec.commandLine().getOut().println("wrote " + doc + " and its figures in " + figures);
        return 0;
    }

    private void header() {
        line("# Does asvit reproduce the paper?");
        line("");
        line("asvit's results held against the As-ViT paper's (Chen et al., ICLR 2022): counts and re-tokenisation savings "
                + "(Tables 5, 6), the scaling (Table 4, Figure 3), the search (Table 3) and the metrics' cost (Table 2). "
                + "This file is written by one command, which runs the asvit commands behind each table into resumable "
                + "run folders and then this document and its figures:");
        line("");
        line("```sh");
        line(invocation);
        line("```");
        line("");
        line("Mode `" + mode + "`, written " + LocalDate.now(ZoneOffset.UTC) + ". Machine: " + machine() + ". "
                + "Each table names its setting, seeds and wall time, and the command that made its runs "
                + "(`--out` folders under `" + runsDir + "`). `scripts/reproduce.sh --help` lists the modes and options. "
                + "Why asvit differs where it does: [Why the scaling differs](#why-the-scaling-differs).");
        line("");
    }

    // ----- Table 5 -----

    private void table5() {
        line("## Table 5: parameters and FLOPs of As-ViT Small, Base and Large");
        line("");
        if (runs.counts.isEmpty()) {
            notRun("count", "scripts/reproduce.sh --" + mode + " --parts count,report");
            return;
        }
        line("Setting: 224 px, 1000 classes, counted analytically (`asvit count`, no network built). Command: `"
                + commandOf("count/large", "asvit count --arch ... --json") + "` (and Small, Base).");
        line("");
        line("| model | topology | params (asvit) | paper | difference | GFLOPs (asvit) | paper | difference |");
        line("|---|---|---|---|---|---|---|---|");
        for (int i = 0; i < PAPER_NAMES.length; i++) {
            JsonNode c = runs.counts.get(PAPER_NAMES[i]);
            if (c == null) {
                continue;
            }
            double params = c.path("params").asDouble() / 1e6;
            double gflops = c.path("flops").asDouble() / 1e9;
            line(String.format(Locale.ROOT, "| As-ViT %s | `%s` | %.2f M | %.1f M | %+.1f%% | %.2f | %.1f | %+.1f%% |",
                    capitalised(PAPER_NAMES[i]), escaped(c.path("arch").asText()), params, PAPER_PARAMS_M[i],
                    100 * (params / PAPER_PARAMS_M[i] - 1), gflops, PAPER_GFLOPS[i], 100 * (gflops / PAPER_GFLOPS[i] - 1)));
        }
        line("");
        line("**Why they differ.** asvit counts exactly what the authors' PyTorch code builds and profiles (the "
                + "reference code gives 28,775,328 / 52,258,652 / 87,580,820 parameters and the same FLOPs to the unit, "
                + "and the tests hold `asvit count` to them). The paper's Table 5 comes from its TPU implementation, which "
                + "the released code does not contain; the 0.3 to 0.8% more parameters and 1 to 3% more FLOPs it reports are "
                + "consistent with a few extra layers the public code lacks (e.g. biases or norms in the patch merging, a "
                + "position term), but which ones cannot be told from the paper. asvit keeps the code's network.");
        line("");
    }

    // ----- Table 6 -----

    private void table6() {
        line("## Table 6: FLOPs saved by progressive re-tokenisation");
        line("");
        if (runs.schedules.isEmpty()) {
            notRun("schedule", "scripts/reproduce.sh --" + mode + " --parts schedule,report");
            return;
        }
        line("Setting: As-ViT Large, 224 px, 300 epochs; stride 16 then 8 then 4 (`asvit schedule`, analytic). Command: `"
                + commandOf("schedule/paper-18", "asvit schedule ... --json") + "` (and paper-37, paper-56).");
        line("");
        line("| schedule | phases | saved (asvit) | saved (paper) | difference |");
        line("|---|---|---|---|---|");
        for (Map.Entry<String, JsonNode> e : runs.schedules.entrySet()) {
            double saved = 100 * e.getValue().path("saved").asDouble();
            Double paper = PAPER_SAVED.get(e.getKey());
            line(String.format(Locale.ROOT, "| `%s` | %s | %.1f%% | %s | %s |", e.getKey(),
                    e.getValue().path("boundaries").asText(), saved, paper == null ? "-" : paper + "%",
                    paper == null ? "-" : String.format(Locale.ROOT, "%+.1f points", saved - paper)));
        }
        line("");
        line("**Why they differ.** asvit counts the training FLOPs of each phase exactly from the token grids at that "
                + "stride (the whole network shrinks with the first projection's stride: 265 and 1045 tokens per image "
                + "against 4165) and prices a training step at 3 forward passes at every stride. The paper does not "
                + "say how it counted; its savings are 1.4 to 4.0 points smaller, growing with the share of coarse epochs, "
                + "which a cost that does not shrink with the grid would explain (e.g. measuring saved TPU time, where "
                + "data loading, the optimizer step and the head cost the same at every stride). The schedules themselves "
                + "(epochs 1-40/41-70, 1-80/81-140, 1-120/121-210 of 300) are the paper's.");
        line("");
    }

    // ----- Table 4 and Figure 3 -----

    private void table4() throws IOException {
        line("## Table 4 and Figure 3: growing the seed into a family");
        line("");
        Map<String, List<ReproductionRuns.GrowRun>> bySetting = runs.growthsBySetting();
        if (bySetting.isEmpty()) {
            notRun("grow", "scripts/reproduce.sh --" + mode + " --parts grow,grow-paper,report");
            return;
        }
        line("The paper's seed `" + SEED_ARCH + "` grown by `asvit grow` (metrics at the working width C/4, "
                + "counted at C; stop at 80 M parameters, cap 110 M), and the same growth with a random choice among the "
                + "candidates at each step (`--rank random`, the paper's random-scaling baseline). As-ViT Small, Base and "
                + "Large are the paper's Table 4.");
        line("");
        int figure = 0;
        for (Map.Entry<String, List<ReproductionRuns.GrowRun>> e : bySetting.entrySet()) {
            List<ReproductionRuns.GrowRun> group = e.getValue();
            // Unfinished runs are named, not averaged: a path cut short would pull the means towards the seed.
            List<ReproductionRuns.GrowRun> finished = group.stream().filter(ReproductionRuns.GrowRun::finished).toList();
            List<ReproductionRuns.GrowRun> byMetrics = finished.stream().filter(g -> g.rank().equals("metrics")).toList();
            List<ReproductionRuns.GrowRun> random = finished.stream().filter(g -> g.rank().equals("random")).toList();
            line("### Setting: " + e.getKey());
            line("");
            line(String.format(Locale.ROOT, "Finished seeds: %s by the metrics, %s at random. NTK batch: %s. Compute: %s "
                            + "(the steps' seconds summed over the runs). Command (seed 0): `%s`.",
                    seeds(byMetrics.stream().map(ReproductionRuns.GrowRun::seed).toList()),
                    seeds(random.stream().map(ReproductionRuns.GrowRun::seed).toList()),
                    group.get(0).inputs().isEmpty() ? "-" : group.get(0).inputs(),
                    duration(group.stream().mapToDouble(ReproductionRuns.GrowRun::seconds).sum()),
                    commandOf(runs.relative(group.get(0).folder()), "asvit grow ...")));
            line("");
            unfinished(group.stream().filter(g -> !g.finished()).map(g -> runs.relative(g.folder())).toList());
            for (ReproductionRuns.GrowRun run : byMetrics) {
                if (run.emitted().isEmpty()) {
                    continue;
                }
                line("Seed " + run.seed() + ", members closest to 29, 52 and 88 M parameters:");
                line("");
                line("| target | step | topology (asvit) | depths | C | params | GFLOPs (224 px) | As-ViT (paper) | depths | C | params | GFLOPs |");
                line("|---|---|---|---|---|---|---|---|---|---|---|---|");
                for (int i = 0; i < run.emitted().size() && i < PAPER_ARCH.length; i++) {
                    ReproductionRuns.Member m = run.emitted().get(i);
                    Topology ours = Topology.parse(m.arch());
                    Topology paper = Topology.parse(PAPER_ARCH[i]);
                    line(String.format(Locale.ROOT, "| %s | %d | `%s` | %s | %d | %.1f M | %.2f | %s | %s | %d | %.1f M | %.2f |",
                            capitalised(PAPER_NAMES[i]), m.step(), escaped(m.arch()), depthsOf(ours), ours.width(),
                            m.params() / 1e6, Complexity.flops(ours, 224, 1000) / 1e9,
                            capitalised(PAPER_NAMES[i]), depthsOf(paper), paper.width(), PAPER_PARAMS_M[i],
                            PAPER_GFLOPS[i]));
                }
                line("");
                line("(GFLOPs at 224 px for every network, counted by `Complexity`, as `asvit count` counts them.)");
                line("");
            }
            depthAllocation(byMetrics, random);
            ntkAlongPath(byMetrics);
            String tag = "grow-" + (++figure);
            writePng(tag + "-depth-width.png", ReproductionFigures.depthAgainstWidth(e.getKey(), finished));
            line("![Figure 3 left, " + e.getKey() + "](" + figures.getFileName() + "/" + tag + "-depth-width.png)");
            line("");
            if (!byMetrics.isEmpty()) {
                writePng(tag + "-ntk-length.png", ReproductionFigures.ntkAgainstLength(e.getKey(), byMetrics));
                line("![Figure 3 right, " + e.getKey() + "](" + figures.getFileName() + "/" + tag + "-ntk-length.png)");
                line("");
            }
        }
        md.append(ReproductionNtkPath.section(runs));
        whyScalingDiffers();
    }

    /** Where the blocks went: the final member's depths per stage, averaged over seeds, per rule. */
    private void depthAllocation(List<ReproductionRuns.GrowRun> byMetrics, List<ReproductionRuns.GrowRun> random) {
        line("Blocks per stage of the last member (mean over seeds), against As-ViT Large's:");
        line("");
        line("| rule | runs | L1 | L2 | L3 | L4 | width C | params | GFLOPs at 224 px |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (List<ReproductionRuns.GrowRun> group : List.of(byMetrics, random)) {
            if (group.isEmpty()) {
                continue;
            }
            double[] depth = new double[4];
            double width = 0;
            double params = 0;
            double gflops = 0;
            for (ReproductionRuns.GrowRun run : group) {
                ReproductionRuns.Member last = run.path().get(run.path().size() - 1);
                Topology t = Topology.parse(last.arch());
                for (int s = 0; s < 4; s++) {
                    depth[s] += t.depth(s) / (double) group.size();
                }
                width += t.width() / (double) group.size();
                params += last.params() / 1e6 / group.size();
                gflops += Complexity.flops(t, 224, 1000) / 1e9 / group.size();
            }
            line(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.0f | %.1f M | %.2f |",
                    group.get(0).rank().equals("metrics") ? "by the metrics" : "random", group.size(), depth[0],
                    depth[1], depth[2], depth[3], width, params, gflops));
        }
        line("| As-ViT Large (paper; asvit counts 87.6 M, 22.36) | - | 5 | 2 | 5 | 2 | 180 | 88.1 M | 22.6 |");
        line("");
    }

    /** Whether the NTK condition number falls along the path (the paper's Figure 3 right) or rises. */
    private void ntkAlongPath(List<ReproductionRuns.GrowRun> byMetrics) {
        if (byMetrics.isEmpty()) {
            return;
        }
        line("NTK condition number and L^E from the seed (step 0) to the last member, by the metrics:");
        line("");
        line("| seed | steps | NTK first | NTK last | L^E first | L^E last | tie-breaks |");
        line("|---|---|---|---|---|---|---|");
        int rising = 0;
        for (ReproductionRuns.GrowRun run : byMetrics) {
            ReproductionRuns.Member first = run.path().get(0);
            ReproductionRuns.Member last = run.path().get(run.path().size() - 1);
            rising += last.ntk() > first.ntk() ? 1 : 0;
            line(String.format(Locale.ROOT, "| %d | %d | %.3f | %.3f | %.4g | %.4g | %d |", run.seed(), run.path().size() - 1,
                    first.ntk(), last.ntk(), first.length(), last.length(),
                    run.path().stream().filter(ReproductionRuns.Member::tieBroken).count()));
        }
        line("");
        line(String.format(Locale.ROOT, "The NTK condition number ends higher than it started in %d of %d runs "
                + "(the paper's Figure 3 right shows it falling while L^E rises).", rising, byMetrics.size()));
        line("");
    }

    private void whyScalingDiffers() {
        line("### Why the scaling differs");
        line("");
        line(ReproductionNotes.SCALING);
        line("");
    }

    // ----- Table 3 -----

    private void table3() throws IOException {
        line("## Table 3: the searched topology over many search seeds");
        line("");
        Map<String, List<ReproductionRuns.SearchRun>> bySetting = runs.searchesBySetting();
        if (bySetting.isEmpty()) {
            notRun("search", "scripts/reproduce.sh --" + mode + " --parts search,search-paper,report");
            return;
        }
        Topology paper = Topology.parse(SEED_ARCH);
        int figure = 0;
        for (Map.Entry<String, List<ReproductionRuns.SearchRun>> e : bySetting.entrySet()) {
            List<ReproductionRuns.SearchRun> group = e.getValue();
            List<ReproductionRuns.SearchRun> done = group.stream().filter(ReproductionRuns.SearchRun::completed).toList();
            line("### Setting: " + e.getKey());
            line("");
            line(String.format(Locale.ROOT, "Seeds: %s completed%s. Compute: %s. Command (seed %d): `%s`.",
                    seeds(done.stream().map(ReproductionRuns.SearchRun::seed).toList()),
                    group.size() > done.size() ? ", " + (group.size() - done.size()) + " unfinished" : "",
                    duration(group.stream().mapToDouble(ReproductionRuns.SearchRun::seconds).sum()),
                    group.get(0).seed(), commandOf(runs.relative(group.get(0).folder()), "asvit search ...")));
            line("");
            unfinished(group.stream().filter(s -> !s.completed())
                    .map(s -> runs.relative(s.folder()) + " (" + s.stepsDone() + " of " + s.steps() + " steps)").toList());
            if (done.isEmpty()) {
                continue;
            }
            line("| seed | derived topology | entropy start -> end | cache hits | compute |");
            line("|---|---|---|---|---|");
            for (ReproductionRuns.SearchRun s : done) {
                line(String.format(Locale.ROOT, "| %d | `%s` | %.2f -> %.2f | %d | %s |", s.seed(), escaped(s.derived()),
                        s.entropyStart(), s.entropyEnd(), s.cacheHits(), duration(s.seconds())));
            }
            line("");
            List<Topology> derived = done.stream().map(s -> Topology.parse(s.derived())).toList();
            line("| factor | paper's search (the seed) | mean | std / mean | seeds equal to the paper's |");
            line("|---|---|---|---|---|");
            for (int f = 0; f < FACTORS.length; f++) {
                ToIntFunction<Topology> factor = factorOf(f);
                double[] v = derived.stream().mapToDouble(factor::applyAsInt).toArray();
                double mean = Arrays.stream(v).average().orElse(Double.NaN);
                double std = Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / Math.max(1, v.length - 1));
                long equal = Arrays.stream(v).filter(x -> x == factor.applyAsInt(paper)).count();
                // One seed has no spread: its std / mean is "-", not NaN.
                line(String.format(Locale.ROOT, "| %s | %d | %.2f | %s | %d of %d |", FACTORS[f], factor.applyAsInt(paper),
                        mean, v.length > 1 ? String.format(Locale.ROOT, "%.2f", std / mean) : "-", equal, v.length));
            }
            line("");
            double entropyEnd = done.stream().mapToDouble(ReproductionRuns.SearchRun::entropyEnd).average().orElse(Double.NaN);
            line(String.format(Locale.ROOT, "Entropy: %.2f at the start (the paper's 15.3, ln 4,556,250 = 15.33) and "
                    + "%.2f on average at the end (the paper: 5.7).", done.get(0).entropyStart(), entropyEnd));
            line("");
            findings(derived);
            String tag = "search-" + (++figure);
            writePng(tag + "-entropy.png", ReproductionFigures.entropy(e.getKey(), group));
            line("![Search entropy, " + e.getKey() + "](" + figures.getFileName() + "/" + tag + "-entropy.png)");
            line("");
        }
        line(ReproductionNotes.SEARCH);
        line("");
    }

    /** The paper's two findings: kernels larger than strides, and FFN ratios rising with depth. */
    private void findings(List<Topology> derived) {
        int overlapping = 0;
        double[] meanE = new double[4];
        int rising = 0;
        for (Topology t : derived) {
            // Stage 1's projection has stride 4, every patch merging stride 2: a larger kernel overlaps tokens.
            boolean all = t.kernel(0) > 4;
            for (int s = 1; s < 4; s++) {
                all &= t.kernel(s) > 2;
            }
            overlapping += all ? 1 : 0;
            for (int s = 0; s < 4; s++) {
                meanE[s] += t.expansion(s) / (double) derived.size();
            }
            rising += t.expansion(3) > t.expansion(0) ? 1 : 0;
        }
        line(String.format(Locale.ROOT, "Finding 1, kernels larger than strides (overlapping tokens in every stage: "
                + "K1 > 4 and K2, K3, K4 > 2): %d of %d seeds. Finding 2, FFN ratios rising with depth: mean E per stage "
                + "%.1f, %.1f, %.1f, %.1f; E4 > E1 in %d of %d seeds (the paper's search: 3, 2, 4, 6).",
                overlapping, derived.size(), meanE[0], meanE[1], meanE[2], meanE[3], rising, derived.size()));
        line("");
    }

    private static ToIntFunction<Topology> factorOf(int f) {
        if (f < 4) {
            return t -> t.kernel(f);
        } else if (f < 7) {
            return t -> t.split(f - 4);
        } else if (f < 11) {
            return t -> t.expansion(f - 7);
        }
        return Topology::heads;
    }

    // ----- Table 2 -----

    private void table2() {
        line("## Table 2: the metrics' cost and their correlation with accuracy");
        line("");
        if (runs.costs.isEmpty()) {
            notRun("cost", "scripts/reproduce.sh --" + mode + " --parts cost,report");
        }
        for (Map.Entry<String, JsonNode> e : runs.costs.entrySet()) {
            JsonNode c = e.getValue();
            int repeats = c.path("repeats").path("ntkCond").size();
            line(String.format(Locale.ROOT, "Setting: the seed `%s` at %d px, R = %d, device %s, %d libtorch thread(s), "
                            + "kernels %s. Command: `%s`.", SEED_ARCH, c.path("imageSize").asInt(), repeats,
                    c.path("device").asText(), c.path("threads").asInt(), c.path("kernels").path("requested").asText(),
                    commandOf("cost/" + e.getKey(), "asvit evaluate ... --json")));
            line("");
            line("| metric | seconds per topology (asvit, R = " + repeats + ") | per initialisation | paper (V100) | paper's tau |");
            line("|---|---|---|---|---|");
            line(String.format(Locale.ROOT, "| NTK condition number | %.2f | %.2f | - | - |", c.path("seconds").path("ntkCond").asDouble(),
                    c.path("seconds").path("ntkCond").asDouble() / Math.max(1, repeats)));
            for (String[] p : PAPER_COST) {
                double s = c.path("seconds").path(p[4]).asDouble(Double.NaN);
                line(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %s s | %s |", p[1], s, s / Math.max(1, repeats), p[2], p[3]));
            }
            line("");
            double load = runs.command("cost/" + e.getKey()).map(ReproductionRuns.Command::load).orElse(Double.NaN);
            line("Wall-clock seconds on " + machine() + (Double.isNaN(load) ? " (load not recorded)" : String.format(
                    Locale.ROOT, ", one-minute load average %.1f when it started", load)) + ": on a machine shared "
                    + "with other jobs these are upper bounds (docs/performance.md times a quiet one).");
            line("");
            line("The three curve metrics share one second-order forward pass per initialisation (asvit reports that pass's "
                    + "time for each); the reference runs one backward pass per output coordinate for L^E and two for "
                    + "kappa, which is where the paper's seconds go.");
            line("");
        }
        if (runs.study != null) {
            line("Study (`asvit study`, run folder `study/`): Kendall tau-b against accuracy, asvit against the paper.");
            line("");
            line("| quantity | tau (asvit) [95% interval] | paper's tau | paper's tau inside asvit's interval |");
            line("|---|---|---|---|");
            int withPaper = 0;
            int inside = 0;
            for (JsonNode c : runs.study.path("correlations")) {
                String q = c.path("quantity").asText();
                // The study names its quantities as JSON does (lengthDistortion), the paper's table by metric.
                String paper = Arrays.stream(PAPER_COST).filter(p -> q.equals(p[4])).map(p -> p[3]).findFirst().orElse("-");
                double low = c.path("kendallLow").asDouble();
                double high = c.path("kendallHigh").asDouble();
                String within = "-";
                if (!paper.equals("-")) {
                    double tau = Double.parseDouble(paper);
                    boolean in = low <= tau && tau <= high;
                    withPaper++;
                    inside += in ? 1 : 0;
                    within = in ? "yes" : "no";
                }
                line(String.format(Locale.ROOT, "| %s | %+.2f [%+.2f, %+.2f] | %s | %s |", q, c.path("kendallTauB").asDouble(),
                        low, high, paper, within));
            }
            line("");
            if (withPaper > 0) {
                line(String.format(Locale.ROOT, "The paper's tau lies inside asvit's 95%% interval for %d of %d metrics. %s",
                        inside, withPaper, studySize()));
                line("");
            }
        } else {
            line(ReproductionNotes.STUDY_NOT_RUN);
            line("");
        }
    }

    // ----- what is missing -----

    /** What the full --cpu and --paper reproductions hold that these runs do not, with the commands that add it. */
    private void notYetRun() {
        line("## Not yet run");
        line("");
        List<String> missing = new ArrayList<>();
        long quick = completedSearches(64, 2);
        if (quick < 10) {
            missing.add("10 quick-preset searches (64 px, R = 2; " + quick + " completed here)");
        }
        long paperSearches = completedSearches(224, 5);
        if (paperSearches < 2) {
            missing.add("2 searches at the paper's setting (224 px, R = 5; " + paperSearches + " completed here)");
        }
        if (finishedGrowths(224, 5, "metrics") < 1) {
            missing.add("the growth of the seed at the paper's setting (224 px, R = 5, seed 0)");
        }
        long grown = finishedGrowths(64, 2, "metrics");
        long random = finishedGrowths(64, 2, "random");
        if (grown < 10 || random < 10) {
            missing.add("10 growths at 64 px, R = 2 by the metrics and 10 at random (" + grown + " and " + random
                    + " finished here)");
        }
        if (runs.study == null) {
            missing.add("the Fashion-MNIST study");
        }
        if (!missing.isEmpty()) {
            line("Of `--cpu` (a few hours on 2 cores): " + String.join("; ", missing) + ". Every run folder resumes, so "
                    + "this adds only what is missing: `scripts/reproduce.sh --cpu --out " + runsDir + "`.");
            line("");
        }
        if (!mode.equals("paper")) {
            line("Of `--paper` (every setting at 224 px, R = 5, 10 seeds; for a GPU or a Spark cluster): everything. "
                    + "`ASVIT_GPU=1 scripts/reproduce.sh --paper --device cuda --out runs/reproduce-paper`, or "
                    + "`scripts/reproduce.sh --paper --backend spark --spark-master URL`.");
            line("");
        }
    }

    private long completedSearches(int imageSize, int repeats) {
        return runs.searches.stream().filter(s -> s.imageSize() == imageSize && s.repeats() == repeats && s.steps() == 500
                && s.completed()).count();
    }

    private long finishedGrowths(int imageSize, int repeats, String rank) {
        return runs.growths.stream().filter(g -> g.imageSize() == imageSize && g.repeats() == repeats
                && g.stopParams() == 80_000_000L && g.rank().equals(rank) && g.finished()
                && g.inputs().startsWith("seeded")).count();
    }

    /** What the study trained, from its own config, and how wide its intervals are: what its taus can tell. */
    private String studySize() {
        JsonNode config = runs.study.path("config");
        int topologies = config.path("topologies").asText("").isBlank() ? 0
                : config.path("topologies").asText().split(";").length;
        double width = 0;
        int n = 0;
        for (JsonNode c : runs.study.path("correlations")) {
            width += c.path("kendallHigh").asDouble() - c.path("kendallLow").asDouble();
            n++;
        }
        String data = config.path("data").asText("");
        return String.format(Locale.ROOT, "This study trained %d topologies for %s epochs%s at %s px; the paper's taus "
                        + "come from its own networks and training. Its 95%% intervals are %.2f wide on average, so where "
                        + "the paper's value lies inside one, this study cannot tell the two apart.", topologies,
                config.path("epochs").asText("?"), data.isEmpty() ? "" : " on " + Path.of(data).getFileName(),
                config.path("image-size").asText("?"), n == 0 ? Double.NaN : width / n);
    }

    // ----- helpers -----

    private void notRun(String part, String command) {
        line("Not run in this reproduction (no `" + part + "` results under `" + runsDir + "`). To run it: `" + command + "`.");
        line("");
    }

    private void unfinished(List<String> folders) {
        if (!folders.isEmpty()) {
            line("Unfinished (the same command resumes them): " + String.join(", ", folders.stream().map(f -> "`" + f + "`").toList()) + ".");
            line("");
        }
    }

    private String commandOf(String folder, String fallback) {
        return runs.command(folder).map(ReproductionRuns.Command::command).orElse(fallback + " (not run by reproduce.sh)");
    }

    private void writePng(String name, BufferedImage image) throws IOException {
        Path file = figures.resolve(name);
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }

    private void line(String text) {
        md.append(text).append('\n');
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse(cpu);
        } catch (IOException | RuntimeException e) {
            // Not Linux: the CPU model is left unknown.
        }
        return cpu + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name");
    }

    static String seeds(List<Long> seeds) {
        if (seeds.isEmpty()) {
            return "none";
        }
        List<Long> sorted = seeds.stream().sorted().toList();
        boolean contiguous = sorted.get(sorted.size() - 1) - sorted.get(0) == sorted.size() - 1;
        return contiguous && sorted.size() > 2 ? sorted.get(0) + "-" + sorted.get(sorted.size() - 1) + " (" + sorted.size() + ")"
                : String.join(", ", sorted.stream().map(String::valueOf).toList());
    }

    static String duration(double seconds) {
        return seconds < 120 ? String.format(Locale.ROOT, "%.0f s", seconds)
                : seconds < 7200 ? String.format(Locale.ROOT, "%.1f min", seconds / 60)
                : String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }

    private static String depthsOf(Topology t) {
        return t.depth(0) + "," + t.depth(1) + "," + t.depth(2) + "," + t.depth(3);
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A topology or command inside a table cell: its bars escaped so they do not split the cell. */
    private static String escaped(String s) {
        return s.replace("|", "\\|");
    }
}
