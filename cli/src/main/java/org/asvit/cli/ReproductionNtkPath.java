package org.asvit.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The reproduction document's section on Figure 3 right's direction: the NTK condition number along one grown
 * path, evaluated again on the growth's own noise batch and on a batch of images (the {@code ntk-path} part of
 * {@code scripts/reproduce.sh}). It shows whether the direction comes from the path or from the batch, and the
 * noise column, held against the growth's own values, that a second command gives the same numbers.
 */
final class ReproductionNtkPath {
    private ReproductionNtkPath() {
    }

    /** The section's Markdown for every ntk-path folder of {@code runs}, or "" when there is none. */
    static String section(ReproductionRuns runs) {
        StringBuilder md = new StringBuilder();
        for (ReproductionRuns.NtkPath path : runs.ntkPaths) {
            Optional<ReproductionRuns.GrowRun> grown = runs.growths.stream()
                    .filter(g -> runs.relative(g.folder()).equals(path.grownBy())).findFirst();
            // path.txt lists the growth's steps in order, so line i is step i.
            double[] ofGrowth = new double[path.archs().size()];
            Arrays.fill(ofGrowth, Double.NaN);
            grown.ifPresent(g -> {
                for (int i = 0; i < ofGrowth.length && i < g.path().size(); i++) {
                    ofGrowth[i] = g.path().get(i).ntk();
                }
            });
            md.append(String.format(Locale.ROOT, "### The NTK along the path: noise against images (%d px, R = %d)%n%n",
                    path.imageSize(), path.repeats()));
            md.append(introduction(runs, path, grown.map(ReproductionRuns.GrowRun::inputs).orElse("seeded standard normal")));
            md.append(table(path, ofGrowth)).append('\n');
            md.append(direction("On noise", path.noise())).append(' ').append(direction("On images", path.images()));
            path.noiseBySize().forEach((px, column) -> md.append(' ').append(direction("At " + px + " px on noise", column)));
            md.append(agreement(ofGrowth, path.noise())).append("\n\n");
        }
        return md.toString();
    }

    /** What was evaluated again, on which batches, and the commands that did it. */
    private static String introduction(ReproductionRuns runs, ReproductionRuns.NtkPath path, String growthBatch) {
        String folder = runs.relative(path.folder());
        List<Integer> sizes = List.copyOf(path.noiseBySize().keySet());
        List<String> commands = new ArrayList<>(List.of(command(runs, folder + "/noise"), command(runs, folder + "/images")));
        sizes.forEach(px -> commands.add(command(runs, folder + "/noise-" + px + "px")));
        return String.format(Locale.ROOT, "The networks of `%s` (step 0 is the seed), each at the working width the "
                        + "growth evaluated it at, evaluated again with the same seed: on the growth's own NTK batch, %s; "
                        + "on a batch of images%s. Commands: %s.%n%n",
                path.grownBy(), growthBatch,
                sizes.isEmpty() ? "" : "; and on noise at " + String.join(" and ", sizes.stream().map(px -> px + " px").toList()),
                String.join(", ", commands.stream().map(c -> "`" + c + "`").toList()));
    }

    /** One row per network: the growth's NTK, then each evaluation of it. */
    private static String table(ReproductionRuns.NtkPath path, double[] ofGrowth) {
        StringBuilder md = new StringBuilder("| step | network (working width) | NTK, noise (the growth) | NTK, noise (again) | NTK, images |");
        path.noiseBySize().keySet().forEach(px -> md.append(" NTK, noise at ").append(px).append(" px |"));
        md.append("\n|---|---|---|---|---|").append("---|".repeat(path.noiseBySize().size())).append('\n');
        for (int i = 0; i < path.archs().size(); i++) {
            md.append(String.format(Locale.ROOT, "| %d | `%s` | %s | %s | %s |", i, path.archs().get(i).replace("|", "\\|"),
                    value(ofGrowth[i]), value(path.noise()[i]), value(path.images()[i])));
            for (double[] column : path.noiseBySize().values()) {
                md.append(' ').append(value(column[i])).append(" |");
            }
            md.append('\n');
        }
        return md.toString();
    }

    /** How many re-evaluations on noise equal the growth's own values to the bit: one answer, from a second command. */
    private static String agreement(double[] ofGrowth, double[] again) {
        int same = 0;
        int compared = 0;
        for (int i = 0; i < ofGrowth.length; i++) {
            if (!Double.isNaN(ofGrowth[i]) && !Double.isNaN(again[i])) {
                compared++;
                same += Double.compare(ofGrowth[i], again[i]) == 0 ? 1 : 0;
            }
        }
        return compared == 0 ? "" : String.format(Locale.ROOT,
                " The noise column equals the growth's own values bit for bit in %d of %d networks.", same, compared);
    }

    /** "On noise the condition number goes from a to b, below its start at k of n later steps." */
    static String direction(String batch, double[] ntk) {
        List<Double> done = Arrays.stream(ntk).filter(v -> !Double.isNaN(v)).boxed().toList();
        if (done.size() < 2 || done.size() < ntk.length) {
            return batch + ", " + done.size() + " of " + ntk.length + " networks are evaluated so far.";
        }
        double first = ntk[0];
        double last = ntk[ntk.length - 1];
        long below = Arrays.stream(ntk, 1, ntk.length).filter(v -> v < first).count();
        return String.format(Locale.ROOT, "%s the condition number goes from %s to %s (%s), below its start at %d of "
                        + "%d later steps.", batch, value(first), value(last), last < first ? "falling" : last > first ? "rising" : "level", below,
                ntk.length - 1);
    }

    private static String value(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String command(ReproductionRuns runs, String folder) {
        return runs.command(folder).map(ReproductionRuns.Command::command).orElse("(not run by reproduce.sh)");
    }
}
