package org.asvit.bench;

import org.asvit.metrics.NtkGram;
import org.asvit.metrics.NtkInputs;
import org.asvit.model.AsVitNetwork;
import org.asvit.model.IntraOpThreads;
import org.asvit.model.TensorKind;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The NTK Gram matrix two exact ways, on the same network and batch: the batched per-layer method
 * ({@link NtkGram#compute}) and the reference's one backward pass per sample
 * ({@link NtkGram#computeByPerSampleLoop}).
 *
 * <p>Run: {@code java -jar benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar NtkMethodBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class NtkMethodBenchmark {
    @Param({"8,2,3|4,1,2|4,1,4|4,1,6|32"})
    public String arch;

    @Param({"64"})
    public int imageSize;

    @Param({"0"})
    public int threads;

    private AsVitNetwork network;
    private Tensor ntkBatch;

    @Setup(Level.Trial)
    public void setUp() {
        if (threads > 0) {
            IntraOpThreads.set(threads);
        }
        network = AsVitNetwork.initialised(Topology.parse(arch), imageSize, 1000, 1, TensorKind.CPU_FLOAT);
        try (PointerScope scope = new PointerScope()) {
            ntkBatch = NtkInputs.seededNormal(0).batch(16, imageSize, TensorKind.CPU_FLOAT);
            ntkBatch.retainReference();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ntkBatch.releaseReference();
        network.close();
    }

    @Benchmark
    public double batchedPerLayer() {
        try (PointerScope scope = new PointerScope()) {
            return NtkGram.compute(network, ntkBatch).sum().item_double();
        }
    }

    @Benchmark
    public double perSampleLoop() {
        try (PointerScope scope = new PointerScope()) {
            return NtkGram.computeByPerSampleLoop(network, ntkBatch).sum().item_double();
        }
    }
}
