package org.asvit.bench;

import org.asvit.model.AttentionKernels;
import org.asvit.runtime.IntraOpThreads;
import org.asvit.model.KernelChoice;
import org.asvit.runtime.internal.NativeKernels;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * The attention of one jet at stage 1's shapes (224 px: N = 784 tokens, 4 windows x 4 heads x 10
 * angles = 160 rows per jet block), by the libtorch composition and by the native kernel, for head
 * dimensions 4 to 32 and jet orders 0 to 2; plus libtorch's float32 matrix product as the machine's
 * measured peak.
 *
 * <p>Run through {@link #main}, which runs JMH and then prints each score with its achieved GFLOP/s
 * (multiply-adds counted analytically: {@code 2 (o+1)(o+2)/2 rows N^2 d} for scores and outputs, times 2
 * flops) and GB/s (the compulsory traffic: q, k, v read and the output written once):
 * {@code java -cp benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar org.asvit.bench.AttentionKernelBenchmark}
 * (JMH options after it, e.g. {@code -p dim=8 -p order=2}; a benchmark name instead of the default pair,
 * e.g. {@code AttentionBackwardBenchmark MatmulPeakBenchmark}, runs and prints that one).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AttentionKernelBenchmark {
    @Param({"784"})
    public int tokens;

    @Param({"160"})
    public int rows;

    @Param({"4", "8", "16", "32"})
    public int dim;

    @Param({"0", "1", "2"})
    public int order;

    /** libtorch or native. */
    @Param({"libtorch", "native"})
    public String kernels;

    /** Threads of the native kernel; 0 keeps its default (every core). */
    @Param({"0"})
    public int nativeThreads;

    private Tensor q;
    private Tensor k;
    private Tensor v;

    @Setup(Level.Trial)
    public void setUp() {
        IntraOpThreads.set(1);
        if (nativeThreads > 0) {
            NativeKernels.setThreads(nativeThreads);
        }
        try (PointerScope scope = new PointerScope()) {
            Generator g = torch.createCPUGenerator(5);
            long[] shape = {(long) rows * (order + 1), tokens, dim};
            q = torch.randn(shape, new GeneratorOptional(g)).mul(new Scalar(Math.pow(dim, -0.5)));
            k = torch.randn(shape, new GeneratorOptional(g));
            v = torch.randn(shape, new GeneratorOptional(g));
            q.retainReference();
            k.retainReference();
            v.retainReference();
        }
    }

    @TearDown(Level.Trial)
    public void release() {
        q.releaseReference();
        k.releaseReference();
        v.releaseReference();
    }

    @Benchmark
    public double attention() {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor out = AttentionKernels.attend(q, k, v, order, rows, KernelChoice.valueOf(kernels.toUpperCase()));
            return out.data_ptr_float().get(0);
        }
    }

    /** Multiply-adds of one call. */
    static double macs(int order, long rows, long tokens, long dim) {
        return 2.0 * (order + 1) * (order + 2) / 2.0 * rows * tokens * tokens * dim;
    }

    /** Bytes that must move at least once: q, k, v in, the output out. */
    static double bytes(int order, long rows, long tokens, long dim) {
        return 4.0 * (order + 1) * rows * tokens * dim * Float.BYTES;
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        if (cli.getIncludes().isEmpty()) {
            options.include(AttentionKernelBenchmark.class.getSimpleName() + "|" + MatmulPeakBenchmark.class.getSimpleName());
        }
        Collection<RunResult> results = new Runner(options.parent(cli).build()).run();
        System.out.println();
        System.out.printf("%-40s %12s %10s %10s %8s%n", "benchmark", "ms", "GFLOP/s", "GB/s", "error%");
        for (RunResult r : results) {
            var p = r.getParams();
            double ms = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError() / ms * 100;
            double flops;
            double bytes;
            String name;
            if (p.getBenchmark().endsWith("product")) {
                long n = Long.parseLong(p.getParam("size"));
                flops = 2.0 * n * n * n;
                bytes = 3.0 * n * n * Float.BYTES;
                name = "matmul " + n;
            } else if (p.getBenchmark().endsWith("forwardAndBackward")) {
                long rows = Long.parseLong(p.getParam("rows"));
                long n = Long.parseLong(p.getParam("tokens"));
                long d = Long.parseLong(p.getParam("dim"));
                flops = 2 * AttentionBackwardBenchmark.macs(rows, n, d);
                bytes = AttentionBackwardBenchmark.bytes(rows, n, d);
                name = p.getParam("kernels") + " d=" + d + " fwd+bwd N=" + n
                        + (p.getParam("nativeThreads").equals("0") ? "" : " t=" + p.getParam("nativeThreads"));
            } else {
                int order = Integer.parseInt(p.getParam("order"));
                long rows = Long.parseLong(p.getParam("rows"));
                long n = Long.parseLong(p.getParam("tokens"));
                long d = Long.parseLong(p.getParam("dim"));
                flops = 2 * macs(order, rows, n, d);
                bytes = bytes(order, rows, n, d);
                name = p.getParam("kernels") + " d=" + d + " order=" + order + " N=" + n
                        + (p.getParam("nativeThreads").equals("0") ? "" : " t=" + p.getParam("nativeThreads"));
            }
            System.out.printf("%-40s %12.3f %10.2f %10.3f %8.1f%n", name, ms, flops / ms / 1e6, bytes / ms / 1e6, err);
        }
    }
}
