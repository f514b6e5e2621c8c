package org.asvit.bench;

import org.asvit.metrics.Circle;
import org.asvit.metrics.CurveDerivatives;
import org.asvit.metrics.NtkCondition;
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
 * One metric of one network, as the reference times it: the seed topology, batch 16, 10 angles, one
 * repeat, network and inputs prepared once per trial.
 *
 * <p>Run: {@code java -jar benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar MetricsBenchmark -p imageSize=64}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsBenchmark {
    @Param({"8,2,3|4,1,2|4,1,4|4,1,6|32"})
    public String arch;

    @Param({"64", "224"})
    public int imageSize;

    /** cpu or cuda. */
    @Param({"cpu"})
    public String device;

    /** libtorch intra-op (OpenMP) threads; 0 keeps asvit's default (1, see IntraOpThreads). */
    @Param({"0"})
    public int threads;

    private AsVitNetwork network;
    private Tensor ntkBatch;
    private Circle circle;

    @Setup(Level.Trial)
    public void setUp() {
        if (threads > 0) {
            IntraOpThreads.set(threads);
        }
        TensorKind kind = TensorKind.forDevice(device);
        network = AsVitNetwork.initialised(Topology.parse(arch), imageSize, 1000, 1, kind);
        try (PointerScope scope = new PointerScope()) {
            ntkBatch = NtkInputs.seededNormal(0).batch(16, imageSize, kind);
            ntkBatch.retainReference();
            circle = Circle.seeded(imageSize, 10, 0, kind);
            circle.basis().retainReference();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        ntkBatch.releaseReference();
        circle.basis().releaseReference();
        network.close();
    }

    /** NTK condition number: one batched backward, per-layer per-sample Gram, eigenvalues. */
    @Benchmark
    public double ntk() {
        return NtkCondition.compute(network, ntkBatch).condition();
    }

    /** Length distortion: one first-order pass over all 10 angles. */
    @Benchmark
    public double lengthDistortion() {
        return CurveDerivatives.compute(network, circle, false).geometry().lengthDistortion();
    }

    /** Curvature (and, from the same pass, L^E_kappa): one second-order pass over all 10 angles. */
    @Benchmark
    public double curvature() {
        return CurveDerivatives.compute(network, circle, true).geometry().curvature();
    }
}
