package org.asvit.metrics;

import org.asvit.topology.Topology;

import java.util.EnumSet;

/**
 * Measures the peak resident memory that evaluating each topology adds, one metric at a time, and prints
 * one line per measurement: {@code topology<TAB>metric<TAB>measured bytes<TAB>estimated bytes}. Run in a
 * child JVM with {@code MALLOC_MMAP_THRESHOLD_=65536}, so that glibc returns every large freed block to the
 * system at once and one measurement does not hide in memory the previous one freed.
 *
 * <p>Arguments: image size, batch, repeats, then {@code metric=topology} pairs.
 */
public final class PeakMemoryProbe {
    private PeakMemoryProbe() {
    }

    public static void main(String[] args) {
        int imageSize = Integer.parseInt(args[0]);
        int batch = Integer.parseInt(args[1]);
        int repeats = Integer.parseInt(args[2]);
        // Warm up once (libtorch's thread pools, class loading, the JIT), so that no one-time cost is measured.
        new Evaluator(EvaluationSettings.defaults(32).withMetrics(EnumSet.allOf(Metric.class)).withRepeats(1))
                .evaluate(Topology.parse("4,2,2|2,1,2|2,1,2|2,1,2|16"));
        for (int i = 3; i < args.length; i++) {
            int split = args[i].indexOf('=');
            Metric metric = Metric.parseList(args[i].substring(0, split)).iterator().next();
            Topology topology = Topology.parse(args[i].substring(split + 1));
            EvaluationSettings settings = EvaluationSettings.defaults(imageSize).withMetrics(EnumSet.of(metric))
                    .withBatch(batch).withRepeats(repeats);
            System.gc();
            if (!ResidentMemory.resetPeak()) {
                throw new IllegalStateException("cannot reset the peak resident memory here");
            }
            long before = ResidentMemory.peakBytes(); // just reset: the current resident memory
            new Evaluator(settings).evaluate(topology);
            long measured = ResidentMemory.peakBytes() - before;
            long estimated = MemoryEstimate.of(topology, settings).peakBytes();
            System.out.println(topology + "\t" + metric.cliName() + "\t" + measured + "\t" + estimated);
        }
    }
}
