package org.asvit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.metrics.ResidentMemory;
import org.asvit.topology.RandomTopologies;
import org.asvit.topology.Topology;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code asvit soak}: evaluates many random search-space topologies in one JVM with one evaluator and
 * reports resident memory (after a full garbage collection) as it goes, to show that a long run does not
 * grow. Exit code 1 when the
 * memory after the last topology exceeds the memory after the baseline count by more than
 * {@code --max-growth} percent.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Evaluate many random topologies in one JVM and report resident memory (a leak check).")
final class SoakCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--count", paramLabel = "N", defaultValue = "200",
            description = "Topologies to evaluate. Default: ${DEFAULT-VALUE}.")
    int count;

    @Option(names = "--baseline", paramLabel = "N", defaultValue = "20",
            description = "Compare memory after N topologies with memory after --count. Default: ${DEFAULT-VALUE}.")
    int baseline;

    @Option(names = "--max-growth", paramLabel = "PERCENT", defaultValue = "10",
            description = "Growth from the baseline that fails the check. Default: ${DEFAULT-VALUE}.")
    double maxGrowth;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "64",
            description = "Image side, a multiple of 32. Default: ${DEFAULT-VALUE}.")
    int imageSize;

    @Option(names = "--metrics", paramLabel = "LIST", split = ",", defaultValue = "ntk,length",
            converter = Converters.MetricConverter.class, completionCandidates = Converters.MetricNames.class,
            description = "Comma-separated metrics, from: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Set<Metric> metrics;

    @Option(names = "--repeat", paramLabel = "R", defaultValue = "1",
            description = "Initialisations per topology. Default: ${DEFAULT-VALUE}.")
    int repeats;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the topologies and of everything evaluated. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--every", paramLabel = "N", defaultValue = "20",
            description = "Print resident memory every N topologies. Default: ${DEFAULT-VALUE}.")
    int every;

    @Mixin
    DeviceOptions device;

    @Option(names = "--json", description = "Print one JSON object at the end instead of the progress lines.")
    boolean json;

    @Override
    public Integer call() {
        if (count < 1 || baseline < 1 || baseline > count || every < 1) {
            throw new IllegalArgumentException("need 1 <= --baseline <= --count and --every >= 1, got --count "
                    + count + ", --baseline " + baseline + ", --every " + every);
        }
        EvaluationSettings settings = EvaluationSettings.defaults(imageSize).withSeed(seed, true)
                .withMetrics(EnumSet.copyOf(metrics)).withRepeats(repeats).withKind(device.apply())
                .withKernels(device.kernels());
        Evaluator evaluator = new Evaluator(settings);
        RandomTopologies topologies = new RandomTopologies(seed);
        PrintWriter out = spec.commandLine().getOut();
        List<double[]> samples = new ArrayList<>();
        double baselineMb = Double.NaN;
        long start = System.nanoTime();
        for (int i = 1; i <= count; i++) {
            Topology t = topologies.next();
            evaluator.evaluate(t);
            boolean sample = i % every == 0 || i == count || i == baseline;
            if (!sample) {
                continue;
            }
            // A full collection first: garbage the JVM has not yet collected is not a leak, and G1 gives
            // back heap it no longer needs, so what remains is what the run really holds.
            System.gc();
            double rss = ResidentMemory.megabytes();
            if (i == baseline) {
                baselineMb = rss;
            }
            samples.add(new double[]{i, rss});
            if (!json) {
                out.printf("%5d topologies  %8.1f s  resident %8.1f MB%n", i, (System.nanoTime() - start) / 1e9, rss);
                out.flush();
            }
        }
        double finalMb = samples.get(samples.size() - 1)[1];
        double growth = 100.0 * (finalMb - baselineMb) / baselineMb;
        boolean ok = growth <= maxGrowth;
        if (json) {
            ObjectNode node = Json.object();
            node.put("count", count);
            node.put("imageSize", imageSize);
            node.put("baseline", baseline);
            node.put("baselineMb", baselineMb);
            node.put("finalMb", finalMb);
            node.put("growthPercent", growth);
            node.put("maxGrowthPercent", maxGrowth);
            node.put("ok", ok);
            ArrayNode series = node.putArray("samples");
            for (double[] s : samples) {
                series.addObject().put("topologies", (int) s[0]).put("residentMb", s[1]);
            }
            out.println(Json.write(node));
        } else {
            out.printf("resident memory after %d topologies: %.1f MB; after %d: %.1f MB (%+.1f%%, limit %.0f%%): %s%n",
                    baseline, baselineMb, count, finalMb, growth, maxGrowth, ok ? "flat" : "GREW");
        }
        out.flush();
        return ok ? 0 : 1;
    }
}
