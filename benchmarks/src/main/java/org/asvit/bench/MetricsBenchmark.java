package org.asvit.bench;

import org.asvit.metrics.CurveDerivatives;
import org.asvit.metrics.NtkCondition;
import org.asvit.model.KernelLog;
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
 * One metric of one network, as the reference times it: the seed topology, batch 16, 10 angles, one
 * repeat, network and inputs prepared once per trial.
 *
 * <p>Run: {@code java -jar benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar MetricsBenchmark -p imageSize=64}
 * (add {@code -p kernels=libtorch,native} to compare the attention kernels in one run)
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MetricsBenchmark extends PreparedNetwork {
    @Param({"64", "224"})
    public int imageSize;

    @Setup(Level.Trial)
    public void setUp() {
        prepare(imageSize);
    }

    /** NTK condition number: one batched backward, per-layer per-sample Gram, eigenvalues. */
    @Benchmark
    public double ntk() {
        return NtkCondition.compute(network, ntkBatch, kernelChoice(), new KernelLog()).condition();
    }

    /** Length distortion: one first-order pass over all 10 angles. */
    @Benchmark
    public double lengthDistortion() {
        return CurveDerivatives.compute(network, circle, false, kernelChoice()).geometry().lengthDistortion();
    }

    /** Curvature (and, from the same pass, L^E_kappa): one second-order pass over all 10 angles. */
    @Benchmark
    public double curvature() {
        return CurveDerivatives.compute(network, circle, true, kernelChoice()).geometry().curvature();
    }
}
