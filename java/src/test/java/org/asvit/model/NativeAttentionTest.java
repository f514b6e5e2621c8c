package org.asvit.model;

import org.asvit.runtime.Tensors;
import org.asvit.runtime.internal.NativeKernels;
import org.asvit.testing.Approx;
import org.asvit.testing.NativeKernelsBuild;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;


/**
 * The native attention-jet kernel against the libtorch composition ({@link WindowAttention#attendInChunks})
 * on random inputs: token counts from 1 to 784 (stage 1 at 224 px), head dimensions from 1 to 64 (64 at N = 64; stage 1 at 224 px has N = 784 with d = 4 to 32), jet
 * orders 0 to 2, in float32 and float64, each jet block within 1e-5 (float32) or 1e-12 (float64) of the
 * composition relative to the block's largest entry.
 */
@Tag("native")
class NativeAttentionTest {

    @BeforeAll
    static void libraryIsBuilt() {
        NativeKernelsBuild.requireKernels();
        // Run a second time by the build with ASVIT_NATIVE_ISA=x86-64: then the baseline variant must run.
        if ("x86-64".equals(System.getenv("ASVIT_NATIVE_ISA"))) {
            org.junit.jupiter.api.Assertions.assertEquals("x86-64", NativeKernels.cpuIsa());
        }
    }

    static Stream<Arguments> shapes() {
        int[][] shapes = {{1, 1}, {1, 8}, {2, 3}, {7, 4}, {16, 16}, {17, 5}, {49, 8}, {64, 64}, {100, 1},
                {196, 32}, {784, 4}, {784, 16}};
        List<Arguments> all = new ArrayList<>();
        for (int[] s : shapes) {
            for (int order = 0; order <= 2; order++) {
                all.add(Arguments.of(s[0], s[1], order));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "N={0} d={1} order={2}")
    @MethodSource("shapes")
    void float64MatchesComposition(int tokens, int dim, int order) {
        compare(tokens, dim, order, torch.ScalarType.Double, 1e-12);
    }

    @ParameterizedTest(name = "N={0} d={1} order={2}")
    @MethodSource("shapes")
    void float32MatchesComposition(int tokens, int dim, int order) {
        compare(tokens, dim, order, torch.ScalarType.Float, 1e-5);
    }

    private static void compare(int tokens, int dim, int order, torch.ScalarType type, double tolerance) {
        // Few rows for the big maps, several (and an odd count) for the small ones.
        long batch = tokens >= 196 ? 1 : 5;
        long rows = batch * (order + 1);
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Generator generator = torch.createCPUGenerator(11L * tokens + dim);
            long[] shape = {rows, tokens, dim};
            // Scores of order one (q scaled by d^-1/2 as the layer does), derivatives of the same size.
            Tensor q = torch.randn(shape, new GeneratorOptional(generator)).mul(new org.bytedeco.pytorch.Scalar(
                    Math.pow(dim, -0.5) * 2)).to(type);
            Tensor k = torch.randn(shape, new GeneratorOptional(generator)).to(type);
            Tensor v = torch.randn(shape, new GeneratorOptional(generator)).to(type);
            double[] expected = Tensors.toDoubles(WindowAttention.attendInChunks(q, k, v, order, batch, Long.MAX_VALUE));
            double[] actual = Tensors.toDoubles(NativeKernels.attentionJet(q, k, v, order));
            int block = expected.length / (order + 1);
            for (int b = 0; b <= order; b++) {
                Approx.assertCloseToMax(java.util.Arrays.copyOfRange(expected, b * block, (b + 1) * block),
                        java.util.Arrays.copyOfRange(actual, b * block, (b + 1) * block), tolerance,
                        "N=" + tokens + " d=" + dim + " order " + order + " " + type + " block " + b);
            }
        }
    }
}
