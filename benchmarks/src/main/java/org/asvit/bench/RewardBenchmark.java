package org.asvit.bench;

import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.Warmup;

import java.util.EnumSet;
import java.util.concurrent.TimeUnit;

/**
 * The search's whole reward for one topology, as {@link Evaluator#evaluate} computes it: R fresh
 * initialisations, each with its NTK condition number (batch 16) and length distortion (10 angles),
 * network construction included.
 *
 * <p>Run: {@code java -jar benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar RewardBenchmark -p device=cuda}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RewardBenchmark extends PreparedNetwork {
    @Param({"224"})
    public int imageSize;

    @Param({"5"})
    public int repeats;

    private Evaluator evaluator;
    private Topology topology;

    @Setup(Level.Trial)
    public void setUp() {
        TensorKind kind = configure();
        topology = Topology.parse(arch);
        evaluator = new Evaluator(EvaluationSettings.defaults(imageSize).withRepeats(repeats).withKind(kind)
                .withMetrics(EnumSet.of(Metric.NTK, Metric.LENGTH)).withKernels(kernelChoice()));
    }

    @Benchmark
    public EvaluationResult reward() {
        return evaluator.evaluate(topology);
    }
}
