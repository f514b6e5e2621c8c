package org.asvit.model;

import org.asvit.runtime.Tensors;
import org.asvit.runtime.internal.NativeKernels;
import org.asvit.testing.Approx;
import org.asvit.testing.NativeKernelsBuild;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The native backward of plain attention against libtorch's autograd through the composition
 * ({@link WindowAttention#attendInChunks}) on random inputs: token counts from 1 to 784, head dimensions
 * from 1 to 64, float32 within 1e-5 and float64 within 1e-12 of the largest entry of each gradient (with
 * one key, where dq and dk vanish, of dv's).
 */
@Tag("native")
class NativeAttentionBackwardTest {

    @BeforeAll
    static void libraryIsBuilt() {
        NativeKernelsBuild.requireKernels();
    }

    @ParameterizedTest(name = "N={0} d={1}")
    @CsvSource({"1,1", "1,8", "2,3", "7,4", "16,16", "17,5", "49,8", "64,64", "100,1", "196,32", "784,4", "784,32"})
    void float64MatchesAutograd(int tokens, int dim) {
        compare(tokens, dim, torch.ScalarType.Double, 1e-12);
    }

    @ParameterizedTest(name = "N={0} d={1}")
    @CsvSource({"1,1", "1,8", "2,3", "7,4", "16,16", "17,5", "49,8", "64,64", "100,1", "196,32", "784,4", "784,32"})
    void float32MatchesAutograd(int tokens, int dim) {
        compare(tokens, dim, torch.ScalarType.Float, 1e-5);
    }

    /** A row is summed by one thread in a fixed order, so the thread count cannot change a bit. */
    @Test
    void resultDoesNotDependOnThreads() {
        int before = NativeKernels.threads();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor[] in = inputs(5, 49, 8, torch.ScalarType.Float);
            NativeKernels.setThreads(1);
            double[] one = Tensors.toDoubles(torch.cat(new TensorVector(backward(in)), 0));
            NativeKernels.setThreads(3);
            double[] three = Tensors.toDoubles(torch.cat(new TensorVector(backward(in)), 0));
            assertArrayEquals(one, three);
        } finally {
            NativeKernels.setThreads(before);
        }
    }

    /** The native forward with its log-sum-exp, then the native backward of {@code in = {q, k, v, dOut}}. */
    private static Tensor[] backward(Tensor[] in) {
        Tensor[] forward = NativeKernels.attentionWithLogSumExp(in[0], in[1], in[2]);
        return NativeKernels.attentionBackward(in[0], in[1], in[2], forward[0], forward[1], in[3]);
    }

    /** q (scaled as the layer scales it), k, v and an output gradient, each (rows, N, d). */
    private static Tensor[] inputs(long rows, int tokens, int dim, torch.ScalarType type) {
        Generator generator = torch.createCPUGenerator(13L * tokens + dim);
        long[] shape = {rows, tokens, dim};
        Tensor q = torch.randn(shape, new GeneratorOptional(generator)).mul(new Scalar(Math.pow(dim, -0.5) * 2))
                .to(type);
        Tensor k = torch.randn(shape, new GeneratorOptional(generator)).to(type);
        Tensor v = torch.randn(shape, new GeneratorOptional(generator)).to(type);
        Tensor dOut = torch.randn(shape, new GeneratorOptional(generator)).to(type);
        return new Tensor[]{q, k, v, dOut};
    }

    private static void compare(int tokens, int dim, torch.ScalarType type, double tolerance) {
        long rows = tokens >= 196 ? 2 : 5;
        try (PointerScope scope = new PointerScope()) {
            Tensor[] in = inputs(rows, tokens, dim, type);
            Tensor[] actual;
            try (NoGradGuard noGrad = new NoGradGuard()) {
                actual = backward(in);
                // The forward's log-sum-exp, which the backward relies on, against libtorch's.
                Tensor lse = NativeKernels.attentionWithLogSumExp(in[0], in[1], in[2])[1];
                Tensor expectedLse = torch.logsumexp(in[0].matmul(in[1].transpose(1, 2)), new long[]{-1}, false);
                Approx.assertCloseToMax(Tensors.toDoubles(expectedLse), Tensors.toDoubles(lse), tolerance,
                        "N=" + tokens + " d=" + dim + " " + type + " log-sum-exp");
            }
            TensorVector leaves = new TensorVector();
            for (int i = 0; i < 3; i++) {
                leaves.push_back(in[i].detach().requires_grad_(true));
            }
            Tensor out = WindowAttention.attendInChunks(leaves.get(0), leaves.get(1), leaves.get(2), 0, rows,
                    Long.MAX_VALUE);
            TensorVector expected = torch.grad(new TensorVector(out), leaves, new TensorVector(in[3]),
                    new BoolOptional(false), false, false);
            String[] names = {"dq", "dk", "dv"};
            for (int i = 0; i < 3; i++) {
                String what = "N=" + tokens + " d=" + dim + " " + type + " " + names[i];
                if (tokens == 1 && i < 2) {
                    // One key: P = 1, so dq and dk are exactly zero, and the kernel's dP - rowsum(dO * O) leaves
                    // rounding noise; bound it by the scale of the call's other gradient, dv = dO.
                    double dvScale = Tensors.toDoubles(expected.get(2).abs().max())[0];
                    assertTrue(Tensors.toDoubles(actual[i].abs().max())[0] <= tolerance * dvScale, what);
                    assertEquals(0.0, Tensors.toDoubles(expected.get(i).abs().max())[0], what + " from autograd");
                } else {
                    Approx.assertCloseToMax(Tensors.toDoubles(expected.get(i)), Tensors.toDoubles(actual[i]),
                            tolerance, what);
                }
            }
        }
    }
}
