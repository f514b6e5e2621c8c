package org.asvit.bench;

import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.runtime.NativeKernelLibrary;
import org.asvit.runtime.TorchRuntime;
import org.asvit.topology.Topology;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * Where a fresh JVM's first evaluation spends its time, phase by phase, through the public API: libtorch's
 * loading and asvit's process-wide settings, our native kernels, parsing, building the evaluator, the first
 * evaluation, and then the same evaluation warm. {@link EmbeddingColdStartBenchmark} gives the whole first
 * evaluation under JMH; this says which part of it is asvit's own. Each phase runs once per process, so run
 * the command several times.
 *
 * <p>Run: {@code java -Xss8m -cp benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar
 * org.asvit.bench.ColdStartPhases [IMAGE_SIZE]}
 */
public final class ColdStartPhases {
    private static final String SEED = "8,2,3|4,1,2|4,1,4|4,1,6|32";
    private static final int WARM_RUNS = 5;

    private long last = System.nanoTime();

    public static void main(String[] args) {
        int imageSize = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.printf(Locale.ROOT, "%-40s %8d ms%n", "JVM start to main", sinceStart);
        new ColdStartPhases().run(imageSize);
    }

    private void run(int imageSize) {
        TorchRuntime.ensureReady();
        lap("libtorch loaded, runtime settings");
        boolean natives = NativeKernelLibrary.available();
        lap("our native kernels loaded (" + natives + ")");
        Topology seed = Topology.parse(SEED);
        lap("topology parsed");
        Evaluator evaluator = new Evaluator(EvaluationSettings.defaults(imageSize).withRepeats(1));
        lap("evaluator built");
        evaluator.evaluate(seed);
        lap("first evaluation (" + imageSize + " px, R = 1, NTK + L^E)");
        double[] warm = new double[WARM_RUNS];
        for (int i = 0; i < WARM_RUNS; i++) {
            long start = System.nanoTime();
            evaluator.evaluate(seed);
            warm[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "%-40s %8.0f ms (median of %d)%n", "the same evaluation, warm", warm[WARM_RUNS / 2],
                WARM_RUNS);
    }

    private void lap(String phase) {
        long now = System.nanoTime();
        System.out.printf(Locale.ROOT, "%-40s %8.0f ms%n", phase, (now - last) / 1e6);
        last = now;
    }
}
