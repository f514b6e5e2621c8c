package org.asvit.bench;

import org.asvit.model.AttentionKernels;
import org.asvit.runtime.IntraOpThreads;
import org.asvit.model.KernelChoice;
import org.asvit.runtime.internal.NativeKernels;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
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
 * Plain attention forward and backward, as the NTK pass runs it, at its stage-1 shapes (224 px, batch
 * 16: N = 784 tokens, 16 images x 4 windows x 4 heads = 256 rows): the libtorch composition under
 * autograd (forward, then {@code torch.grad} to q, k and v) against the native kernels (the tiled forward
 * with its log-sum-exp, then the tiled backward), for head dimensions 4 to 32.
 *
 * <p>Run through {@link AttentionKernelBenchmark#main}, which prints GFLOP/s (6 products of
 * {@code rows N^2 d} multiply-adds: 2 forward, 4 backward) and GB/s (q, k, v and dO read, the output and
 * dq, dk, dv written once): {@code java -cp benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar
 * org.asvit.bench.AttentionKernelBenchmark AttentionBackwardBenchmark}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AttentionBackwardBenchmark {
    @Param({"784"})
    public int tokens;

    @Param({"256"})
    public int rows;

    @Param({"4", "8", "16", "32"})
    public int dim;

    /** libtorch or native. */
    @Param({"libtorch", "native"})
    public String kernels;

    /** Threads of the native kernel; 0 keeps its default (every core). */
    @Param({"0"})
    public int nativeThreads;

    private Tensor q;
    private Tensor k;
    private Tensor v;
    private Tensor dOut;

    @Setup(Level.Trial)
    public void setUp() {
        IntraOpThreads.set(1);
        if (nativeThreads > 0) {
            NativeKernels.setThreads(nativeThreads);
        }
        try (PointerScope scope = new PointerScope()) {
            Generator g = torch.createCPUGenerator(7);
            long[] shape = {rows, tokens, dim};
            q = torch.randn(shape, new GeneratorOptional(g)).mul(new Scalar(Math.pow(dim, -0.5)));
            k = torch.randn(shape, new GeneratorOptional(g));
            v = torch.randn(shape, new GeneratorOptional(g));
            dOut = torch.randn(shape, new GeneratorOptional(g));
            for (Tensor t : new Tensor[]{q, k, v, dOut}) {
                t.retainReference();
            }
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        for (Tensor t : new Tensor[]{q, k, v, dOut}) {
            t.releaseReference();
        }
    }

    @Benchmark
    public double forwardAndBackward() {
        try (PointerScope scope = new PointerScope()) {
            if (kernels.equals("native")) {
                try (NoGradGuard noGrad = new NoGradGuard()) {
                    Tensor[] forward = NativeKernels.attentionWithLogSumExp(q, k, v);
                    return NativeKernels.attentionBackward(q, k, v, forward[0], forward[1], dOut)[0]
                            .data_ptr_float().get(0);
                }
            }
            TensorVector leaves = new TensorVector(q.detach().requires_grad_(true), k.detach().requires_grad_(true),
                    v.detach().requires_grad_(true));
            Tensor out = AttentionKernels.attend(leaves.get(0), leaves.get(1), leaves.get(2), 0, rows,
                    KernelChoice.LIBTORCH);
            TensorVector grads = torch.grad(new TensorVector(out), leaves, new TensorVector(dOut),
                    new BoolOptional(false), false, false);
            return grads.get(0).data_ptr_float().get(0);
        }
    }

    /** Multiply-adds of one forward and backward: 2 products forward, 4 backward. */
    static double macs(long rows, long tokens, long dim) {
        return 6.0 * rows * tokens * tokens * dim;
    }

    /** Bytes that must move at least once: q, k, v, dO in; the output, dq, dk, dv out. */
    static double bytes(long rows, long tokens, long dim) {
        return 8.0 * rows * tokens * dim * Float.BYTES;
    }
}
