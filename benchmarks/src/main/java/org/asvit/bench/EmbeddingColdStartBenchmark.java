package org.asvit.bench;

import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.topology.Topology;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What an embedding service pays for its first evaluation: in a fresh JVM (each fork), the first
 * {@link Evaluator#evaluate} of the seed topology, one repeat, NTK and length distortion, which loads
 * libtorch's natives and our kernels, initialises classes and runs everything once, unwarmed. Compare with
 * {@link EmbeddingWarmBenchmark#publicApi} for the same evaluation warm.
 *
 * <p>Run: {@code java -jar benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar EmbeddingColdStartBenchmark}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = "-Xss8m")
@State(Scope.Benchmark)
public class EmbeddingColdStartBenchmark {
    @Param({"32"})
    public int imageSize;

    @Benchmark
    public double firstEvaluation() {
        // Nothing of asvit or libtorch is touched before this point in the fork.
        Evaluator evaluator = new Evaluator(EvaluationSettings.defaults(imageSize).withRepeats(1));
        return evaluator.evaluate(Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32")).get(Metric.NTK).mean();
    }
}
