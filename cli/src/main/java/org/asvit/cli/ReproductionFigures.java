package org.asvit.cli;

import org.asvit.topology.Topology;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The figures of the reproduction document, drawn with {@link Charts} (XChart): the paper's Figure 3
 * (depth against width along the growth, mean and spread over seeds, by the metrics and at random; NTK
 * against L^E along each path) and the searches' entropy curves.
 */
final class ReproductionFigures {
    /** As-ViT Small, Base and Large (paper Table 4): width C and total depth, drawn as reference points. */
    static final double[] PAPER_WIDTH = {88, 116, 180};
    static final double[] PAPER_DEPTH = {10, 11, 14};

    private ReproductionFigures() {
    }

    /** Mean and standard deviation, over the runs that reached it, of a quantity at each step index. */
    record StepStats(double[] mean, double[] std, int[] runs) {
    }

    static StepStats perStep(List<double[]> paths) {
        int longest = paths.stream().mapToInt(p -> p.length).max().orElse(0);
        double[] mean = new double[longest];
        double[] std = new double[longest];
        int[] n = new int[longest];
        for (int i = 0; i < longest; i++) {
            double sum = 0;
            double squares = 0;
            for (double[] p : paths) {
                if (i < p.length) {
                    sum += p[i];
                    squares += p[i] * p[i];
                    n[i]++;
                }
            }
            mean[i] = sum / n[i];
            std[i] = n[i] > 1 ? Math.sqrt(Math.max(0, (squares - n[i] * mean[i] * mean[i]) / (n[i] - 1))) : 0;
        }
        return new StepStats(mean, std, n);
    }

    static double[] widths(ReproductionRuns.GrowRun run) {
        return run.path().stream().mapToDouble(m -> Topology.parse(m.arch()).width()).toArray();
    }

    static double[] depths(ReproductionRuns.GrowRun run) {
        return run.path().stream().mapToDouble(m -> Arrays.stream(Topology.parse(m.arch()).depths()).sum()).toArray();
    }

    /**
     * Figure 3 left: total depth against width C per step, the mean width over seeds with mean +- one
     * standard deviation, for each rule; As-ViT Small, Base and Large as points.
     */
    static BufferedImage depthAgainstWidth(String setting, List<ReproductionRuns.GrowRun> runs) {
        List<Charts.Series> series = new ArrayList<>();
        for (String rule : List.of("metrics", "random")) {
            List<ReproductionRuns.GrowRun> ofRule = runs.stream().filter(r -> r.rank().equals(rule)).toList();
            if (ofRule.isEmpty()) {
                continue;
            }
            StepStats width = perStep(ofRule.stream().map(ReproductionFigures::widths).toList());
            StepStats depth = perStep(ofRule.stream().map(ReproductionFigures::depths).toList());
            String name = rule.equals("metrics") ? "As-ViT growth" : "random scaling";
            series.add(Charts.Series.line(name + " (mean of " + ofRule.size() + ")", width.mean(), depth.mean())
                    .withMarkers());
            if (ofRule.size() > 1) {
                // Every step adds exactly one block, so the depth at a step is the same in every run: the seeds
                // differ in the width they reach, drawn as mean width +- one standard deviation.
                double[] wider = new double[width.mean().length];
                double[] narrower = new double[width.mean().length];
                for (int i = 0; i < wider.length; i++) {
                    wider[i] = width.mean()[i] + width.std()[i];
                    narrower[i] = width.mean()[i] - width.std()[i];
                }
                series.add(Charts.Series.line(name + ", width +1 std", wider, depth.mean()));
                series.add(Charts.Series.line(name + ", width -1 std", narrower, depth.mean()));
            }
        }
        series.add(Charts.Series.points("As-ViT S/B/L (paper)", PAPER_WIDTH, PAPER_DEPTH));
        return Charts.render(Charts.Panel.of("Depth against width per step (" + setting + ")", "width C",
                "blocks L1+L2+L3+L4", series.toArray(Charts.Series[]::new)));
    }

    /** Figure 3 right: NTK condition number against L^E along each path grown by the metrics, labelled by step. */
    static BufferedImage ntkAgainstLength(String setting, List<ReproductionRuns.GrowRun> runs) {
        List<Charts.Series> series = new ArrayList<>();
        List<Charts.Label> labels = new ArrayList<>();
        for (ReproductionRuns.GrowRun run : runs) {
            if (!run.rank().equals("metrics")) {
                continue;
            }
            double[] length = run.path().stream().mapToDouble(ReproductionRuns.Member::length).toArray();
            double[] ntk = run.path().stream().mapToDouble(ReproductionRuns.Member::ntk).toArray();
            series.add(Charts.Series.line("seed " + run.seed(), length, ntk).withMarkers());
            if (labels.isEmpty()) {
                for (int i = 0; i < length.length; i++) {
                    labels.add(new Charts.Label(Integer.toString(run.path().get(i).step()), length[i], ntk[i]));
                }
            }
        }
        return Charts.render(Charts.Panel.of("NTK against L^E along the growth (" + setting + ")",
                "length distortion L^E", "NTK condition number", series.toArray(Charts.Series[]::new))
                .withLabels(labels));
    }

    /** The policy's entropy against step, one line per search seed. */
    static BufferedImage entropy(String setting, List<ReproductionRuns.SearchRun> runs) {
        List<Charts.Series> series = new ArrayList<>();
        for (ReproductionRuns.SearchRun run : runs) {
            double[] steps = new double[run.entropy().length];
            Arrays.setAll(steps, i -> i);
            series.add(Charts.Series.line("seed " + run.seed(), steps, run.entropy()));
        }
        return Charts.render(Charts.Panel.of("Policy entropy during search (" + setting + ")", "step", "entropy (nats)",
                series.toArray(Charts.Series[]::new)));
    }
}
