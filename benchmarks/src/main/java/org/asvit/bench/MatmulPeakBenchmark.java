package org.asvit.bench;

import org.asvit.runtime.IntraOpThreads;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
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
 * The machine's measured float32 matrix-product rate: libtorch's {@code mm} (OpenBLAS, every core) on
 * square matrices, the ceiling the GFLOP/s of the other benchmarks are compared with.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class MatmulPeakBenchmark {
    @Param({"1024"})
    public int size;

    private Tensor a;
    private Tensor b;

    @Setup(Level.Trial)
    public void setUp() {
        IntraOpThreads.set(1);
        try (PointerScope scope = new PointerScope()) {
            Generator g = torch.createCPUGenerator(1);
            a = torch.randn(new long[]{size, size}, new GeneratorOptional(g));
            b = torch.randn(new long[]{size, size}, new GeneratorOptional(g));
            a.retainReference();
            b.retainReference();
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        a.releaseReference();
        b.releaseReference();
    }

    @Benchmark
    public double product() {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            return a.mm(b).data_ptr_float().get(0);
        }
    }
}
