package org.asvit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.runtime.CudaMemory;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.metrics.ResidentMemory;
import org.asvit.runtime.TensorKind;
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
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code asvit soak}: evaluates many random search-space topologies in one JVM with one evaluator and
 * reports resident memory (after a full garbage collection) as it goes, to show that a long run does not
 * grow. On CUDA it also reports the device memory of libtorch's caching allocator ({@link CudaMemory}:
 * allocated in live tensors, and reserved). Exit code 1 when the resident memory after the last topology
 * exceeds the memory after the baseline count by more than {@code --max-growth} percent, or on CUDA when
 * the allocated device memory does (by more than that percentage or {@value #DEVICE_SLACK_MB} MB, whichever
 * is larger: between evaluations almost nothing stays allocated, so a percentage of it alone is noise).
 */
@Command(name = "soak", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = "Evaluate many random topologies in one JVM and report resident memory, and device memory on CUDA (a leak check).")
final class SoakCommand implements Callable<Integer> {
    /** Allocated device memory may grow by this much whatever the percentage (a near-zero baseline). */
    static final double DEVICE_SLACK_MB = 1.0;

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
            completionCandidates = Converters.MetricNames.class,
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
        if (!(maxGrowth >= 0)) {
            throw new IllegalArgumentException("--max-growth must be a percentage of at least 0, got " + maxGrowth);
        }
        if (count < 1 || baseline < 1 || baseline > count || every < 1) {
            throw new IllegalArgumentException("need 1 <= --baseline <= --count and --every >= 1, got --count "
                    + count + ", --baseline " + baseline + ", --every " + every);
        }
        TensorKind kind = device.apply();
        EvaluationSettings settings = device.configure(EvaluationSettings.defaults(imageSize).withSeed(seed, true)
                .withMetrics(EnumSet.copyOf(metrics)).withRepeats(repeats).withKind(kind));
        Evaluator evaluator = new Evaluator(settings);
        RandomTopologies topologies = new RandomTopologies(seed);
        PrintWriter out = spec.commandLine().getOut();
        List<Sample> samples = new ArrayList<>();
        Sample base = null;
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
            Sample s = new Sample(i, ResidentMemory.megabytes(), kind.cuda() ? CudaMemory.of(0) : null);
            if (i == baseline) {
                base = s;
            }
            samples.add(s);
            if (!json) {
                out.printf(Locale.ROOT, "%16s  %8.1f s  resident %8.1f MB%s%n",
                        Text.count(i, "topology", "topologies"),
                        (System.nanoTime() - start) / 1e9, s.residentMb(), s.cuda() == null ? ""
                                : String.format(Locale.ROOT, "  cuda allocated %8.1f MB  reserved %8.1f MB",
                                s.cuda().allocatedMb(), s.cuda().reservedMb()));
                out.flush();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Sample last = samples.get(samples.size() - 1);
        double baselineMb = base.residentMb();
        double finalMb = last.residentMb();
        double growth = 100.0 * (finalMb - baselineMb) / baselineMb;
        boolean residentOk = growth <= maxGrowth;
        boolean deviceOk = last.cuda() == null || last.cuda().allocatedMb() - base.cuda().allocatedMb()
                <= Math.max(DEVICE_SLACK_MB, base.cuda().allocatedMb() * maxGrowth / 100);
        boolean ok = residentOk && deviceOk;
        if (json) {
            ObjectNode node = Json.object();
            node.put("count", count);
            node.put("imageSize", imageSize);
            node.put("device", kind.deviceName());
            node.put("seconds", seconds);
            node.put("perMinute", 60 * count / seconds);
            node.put("baseline", baseline);
            node.put("baselineMb", baselineMb);
            node.put("finalMb", finalMb);
            node.put("growthPercent", growth);
            node.put("maxGrowthPercent", maxGrowth);
            if (last.cuda() != null) {
                node.put("baselineCudaAllocatedMb", base.cuda().allocatedMb());
                node.put("finalCudaAllocatedMb", last.cuda().allocatedMb());
                node.put("baselineCudaReservedMb", base.cuda().reservedMb());
                node.put("finalCudaReservedMb", last.cuda().reservedMb());
            }
            node.put("ok", ok);
            ArrayNode series = node.putArray("samples");
            for (Sample s : samples) {
                ObjectNode entry = series.addObject().put("topologies", s.topologies()).put("residentMb", s.residentMb());
                if (s.cuda() != null) {
                    entry.put("cudaAllocatedMb", s.cuda().allocatedMb()).put("cudaReservedMb", s.cuda().reservedMb());
                }
            }
            out.println(Json.write(node));
        } else {
            out.printf(Locale.ROOT, "%s in %.1f s: %.1f per minute (memory sampling included)%n",
                    Text.count(count, "topology", "topologies"), seconds, 60 * count / seconds);
            out.printf(Locale.ROOT, "resident memory after %s: %.1f MB; after %d: %.1f MB (%+.1f%%, limit %.0f%%): %s%n",
                    Text.count(baseline, "topology", "topologies"), baselineMb, count, finalMb, growth, maxGrowth,
                    residentOk ? "flat" : "GREW");
            if (last.cuda() != null) {
                out.printf(Locale.ROOT, "cuda memory after %s: allocated %.1f MB, reserved %.1f MB; after %d: "
                                + "allocated %.1f MB, reserved %.1f MB: %s%n", Text.count(baseline, "topology", "topologies"),
                        base.cuda().allocatedMb(),
                        base.cuda().reservedMb(), count, last.cuda().allocatedMb(), last.cuda().reservedMb(),
                        deviceOk ? "flat" : "GREW");
            }
        }
        out.flush();
        return ok ? 0 : 1;
    }

    /** Memory after {@code topologies} evaluations; {@code cuda} only when running on CUDA. */
    private record Sample(int topologies, double residentMb, CudaMemory cuda) {
    }
}
