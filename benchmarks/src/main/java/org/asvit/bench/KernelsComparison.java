package org.asvit.bench;

import org.asvit.metrics.Circle;
import org.asvit.metrics.CurveDerivatives;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.metrics.NtkCondition;
import org.asvit.metrics.NtkInputs;
import org.asvit.model.AsVitNetwork;
import org.asvit.model.Complexity;
import org.asvit.runtime.IntraOpThreads;
import org.asvit.model.KernelChoice;
import org.asvit.model.KernelLog;
import org.asvit.runtime.TensorKind;
import org.asvit.runtime.internal.NativeKernels;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * libtorch against native attention on a shared, noisy machine: the two kernels run <em>alternately</em>
 * (libtorch, native, libtorch, native, ...) on the same network and inputs, so that a change of load
 * hits both alike, and each line reports both medians, their spread (min to max) and the ratio of the
 * medians. JMH ({@code MetricsBenchmark -p kernels=libtorch,native}) runs one kernel's trial after the
 * other's, which on a busy machine can compare two different loads.
 *
 * <p>Also prints each pass's achieved GFLOP/s (its multiply-adds counted analytically from the topology:
 * for a curve pass the linear layers once per jet block, the attention products (o+1)(o+2)/2 times, 10
 * angles; for the NTK forward and backward on the batch, see {@link #ntkMacs}) and the machine's measured
 * float32 matrix-product rate.
 *
 * <p>Run: {@code java -cp benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar org.asvit.bench.KernelsComparison
 * [imageSize=224] [rounds=5] [measures=curvature,length,ntk,reward] [nativeThreads=0]}
 */
public final class KernelsComparison {
    private static final String ARCH = "8,2,3|4,1,2|4,1,4|4,1,6|32";

    private KernelsComparison() {
    }

    public static void main(String[] args) {
        int imageSize = Integer.parseInt(arg(args, "imageSize", "224"));
        int rounds = Integer.parseInt(arg(args, "rounds", "5"));
        String[] measures = arg(args, "measures", "curvature,length,ntk,reward").split(",");
        int nativeThreads = Integer.parseInt(arg(args, "nativeThreads", "0"));
        IntraOpThreads.set(1);
        if (nativeThreads > 0) {
            NativeKernels.setThreads(nativeThreads);
        }
        System.out.printf(Locale.ROOT, "native: %s, isa %s, %d kernel threads; libtorch intra-op threads %d; %s%n",
                NativeKernels.available() ? "loaded" : NativeKernels.unavailableReason(),
                NativeKernels.available() ? NativeKernels.cpuIsa() : "-", NativeKernels.threads(),
                IntraOpThreads.current(), ARCH + " at " + imageSize + " px, " + rounds + " rounds");
        System.out.printf(Locale.ROOT, "matmul 1024 float32 peak: %.1f GFLOP/s%n", matmulGflops());
        Topology topology = Topology.parse(ARCH);
        TensorKind kind = TensorKind.CPU_FLOAT;
        try (AsVitNetwork network = AsVitNetwork.initialised(topology, imageSize, 1000, 1, kind);
             PointerScope scope = new PointerScope()) {
            Tensor batch = NtkInputs.seededNormal(0).batch(16, imageSize, kind);
            Circle circle = Circle.seeded(imageSize, 10, 0, kind);
            System.out.printf(Locale.ROOT, "%-10s %22s %22s %7s %9s %9s%n", "measure", "libtorch median [min-max] s",
                    "native median [min-max] s", "ratio", "GFLOP/s L", "GFLOP/s N");
            for (String m : measures) {
                switch (m) {
                    case "curvature" -> compare(m, rounds, macs(topology, imageSize, 2),
                            k -> () -> CurveDerivatives.compute(network, circle, true, k).velocity()[0]);
                    case "length" -> compare(m, rounds, macs(topology, imageSize, 1),
                            k -> () -> CurveDerivatives.compute(network, circle, false, k).velocity()[0]);
                    case "ntk" -> compare(m, rounds, ntkMacs(topology, imageSize, 16),
                            k -> () -> NtkCondition.compute(network, batch, k, new KernelLog()).condition());
                    case "reward" -> compare(m, Math.max(1, rounds / 2),
                            5 * (ntkMacs(topology, imageSize, 16) + macs(topology, imageSize, 1)), k -> {
                        Evaluator e = new Evaluator(EvaluationSettings.defaults(imageSize).withRepeats(5)
                                .withMetrics(EnumSet.of(Metric.NTK, Metric.LENGTH)).withKernels(k));
                        return () -> e.evaluate(topology).get(Metric.LENGTH).mean();
                    });
                    case "sdpa" -> sdpa(rounds, imageSize, topology);
                    default -> throw new IllegalArgumentException("unknown measure " + m
                            + "; accepted: curvature, length, ntk, reward, sdpa");
                }
            }
        }
    }

    /**
     * The NTK pass's stage-1 attention under autograd (forward, then backward of the sum), the
     * composition against libtorch's fused {@code scaled_dot_product_attention}, on the NTK batch's
     * shapes (16 images x windows x heads rows of N x d); printed as "libtorch" and "sdpa".
     */
    private static void sdpa(int rounds, int imageSize, Topology t) {
        int side = t.windowSide(imageSize, 0);
        long tokens = (long) side * side;
        long windows = (long) Math.pow(t.stageGrid(imageSize, 0) / side, 2);
        long heads = t.stageHeads(0);
        long dim = t.headDim(0);
        long rows = 16 * windows * heads;
        try (PointerScope scope = new PointerScope()) {
            long[] shape = {rows, tokens, dim};
            Tensor q = org.bytedeco.pytorch.global.torch.randn(shape).mul(new org.bytedeco.pytorch.Scalar(Math.pow(dim, -0.5)));
            Tensor k = org.bytedeco.pytorch.global.torch.randn(shape);
            Tensor v = org.bytedeco.pytorch.global.torch.randn(shape);
            q.requires_grad_(true);
            k.requires_grad_(true);
            v.requires_grad_(true);
            System.out.printf(Locale.ROOT, "sdpa: %d rows of %d x %d, forward and backward; columns: composition, then sdpa%n",
                    rows, tokens, dim);
            compare("sdpa", rounds, 0, kernels -> () -> {
                Tensor out = kernels == KernelChoice.LIBTORCH
                        ? org.asvit.model.AttentionKernels.attend(q, k, v, 0, rows, KernelChoice.LIBTORCH)
                        : org.bytedeco.pytorch.global.torch.scaled_dot_product_attention(q, k, v,
                                new org.bytedeco.pytorch.TensorOptional(), 0.0, false,
                                new org.bytedeco.pytorch.DoubleOptional(1.0), false);
                out.sum().backward();
                double first = q.grad().data_ptr_float().get(0);
                q.grad().zero_();
                k.grad().zero_();
                v.grad().zero_();
                return first;
            });
        }
    }

    private interface Pass {
        Supplier<Double> of(KernelChoice kernels);
    }

    private static void compare(String name, int rounds, double macs, Pass pass) {
        Supplier<Double> lib = pass.of(KernelChoice.LIBTORCH);
        Supplier<Double> nat = pass.of(KernelChoice.NATIVE);
        time(lib);
        time(nat);  // warm-up of both
        double[] l = new double[rounds];
        double[] n = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            l[r] = time(lib);
            n[r] = time(nat);
        }
        Arrays.sort(l);
        Arrays.sort(n);
        double ml = median(l);
        double mn = median(n);
        System.out.printf(Locale.ROOT, "%-10s %8.3f [%.3f-%.3f] %8.3f [%.3f-%.3f] %6.2fx %9s %9s%n", name, ml, l[0],
                l[rounds - 1], mn, n[0], n[rounds - 1], ml / mn, rate(macs, ml), rate(macs, mn));
    }

    private static String rate(double macs, double seconds) {
        return macs == 0 ? "-" : String.format(Locale.ROOT, "%.1f", 2 * macs / seconds / 1e9);
    }

    private static double time(Supplier<Double> pass) {
        long start = System.nanoTime();
        try (PointerScope scope = new PointerScope()) {
            pass.get();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * Multiply-adds of a curve pass of jet order o over 10 angles: every layer of the plain forward once
     * per jet block, except the attention products, which a jet needs (o+1)(o+2)/2 times per block pair.
     */
    static double macs(Topology t, int imageSize, int order) {
        double forward = Complexity.flops(t, imageSize, 1000);
        double attention = attentionMacs(t, imageSize);
        double blocks = order + 1;
        return 10 * ((forward - attention) * blocks + attention * blocks * (blocks + 1) / 2);
    }

    /**
     * Multiply-adds of the NTK pass's forward and backward on {@code batch} images: every layer's product
     * once forward and once backward (the gradient with respect to its input; no weight gradient is
     * formed), the attention's two products forward and four backward (dP, dV, dQ, dK). The per-layer Gram
     * contractions are not counted, so this is a lower bound.
     */
    static double ntkMacs(Topology t, int imageSize, int batch) {
        double forward = Complexity.flops(t, imageSize, 1000);
        double attention = attentionMacs(t, imageSize);
        return batch * ((forward - attention) * 2 + attention * 3);
    }

    /** The attention products (scores and the weighted sum of values) of one image's plain forward. */
    private static double attentionMacs(Topology t, int imageSize) {
        double attention = 0;
        for (int s = 0; s < Topology.STAGES; s++) {
            double tokens = Math.pow(t.stageGrid(imageSize, s), 2);
            double window = Math.pow(t.windowSide(imageSize, s), 2);
            attention += t.depth(s) * 2 * tokens * window * t.attentionInner(s);
        }
        return attention;
    }

    private static double matmulGflops() {
        try (PointerScope scope = new PointerScope()) {
            Tensor a = org.bytedeco.pytorch.global.torch.randn(1024, 1024);
            Tensor b = org.bytedeco.pytorch.global.torch.randn(1024, 1024);
            a.mm(b);
            double best = Double.MAX_VALUE;
            for (int i = 0; i < 10; i++) {
                long start = System.nanoTime();
                a.mm(b).data_ptr_float().get(0);
                best = Math.min(best, (System.nanoTime() - start) / 1e9);
            }
            return 2.0 * 1024 * 1024 * 1024 / best / 1e9;
        }
    }

    private static String arg(String[] args, String key, String fallback) {
        for (String a : args) {
            if (a.startsWith(key + "=")) {
                return a.substring(key.length() + 1);
            }
        }
        return fallback;
    }
}
