package org.asvit.bench;

import org.asvit.metrics.NtkGram;
import org.asvit.model.KernelLog;
import org.bytedeco.javacpp.PointerScope;
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

import java.util.concurrent.TimeUnit;

/**
 * The NTK Gram matrix two exact ways, on the same network and batch: the batched per-layer method
 * ({@link NtkGram#compute}) and the reference's one backward pass per sample
 * ({@link NtkGram#computeByPerSampleLoop}).
 *
 * <p>Run: {@code java -jar benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar NtkMethodBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class NtkMethodBenchmark extends PreparedNetwork {
    @Param({"64"})
    public int imageSize;

    @Setup(Level.Trial)
    public void setUp() {
        prepare(imageSize);
    }

    @Benchmark
    public double batchedPerLayer() {
        try (PointerScope scope = new PointerScope()) {
            return NtkGram.compute(network, ntkBatch, kernelChoice(), new KernelLog()).sum().item_double();
        }
    }

    @Benchmark
    public double perSampleLoop() {
        try (PointerScope scope = new PointerScope()) {
            return NtkGram.computeByPerSampleLoop(network, ntkBatch).sum().item_double();
        }
    }
}
