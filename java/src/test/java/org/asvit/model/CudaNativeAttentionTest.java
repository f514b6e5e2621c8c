package org.asvit.model;

import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.asvit.runtime.internal.NativeKernels;
import org.asvit.testing.Approx;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA attention-jet kernel against the libtorch composition on the GPU, float32, each jet block
 * within 1e-5 of the composition relative to its largest entry. Runs only where libtorch sees a GPU and
 * the library was built with nvcc; elsewhere every case is reported as skipped.
 */
@Tag("native")
@Tag("cuda")
class CudaNativeAttentionTest {

    @BeforeAll
    static void requireCudaKernel() {
        assumeTrue(torch.cuda_is_available(), "no CUDA device visible to libtorch");
        assumeTrue(NativeKernels.hasCudaKernel(), "the native library was built without nvcc");
    }

    @ParameterizedTest(name = "N={0} d={1} order={2}")
    @CsvSource({"1,1,2", "7,4,0", "17,5,1", "49,8,2", "64,64,2", "196,32,1", "784,8,2", "784,32,0"})
    void matchesComposition(int tokens, int dim, int order) {
        long batch = 3;
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Generator generator = torch.createCPUGenerator(tokens + 13L * dim);
            long[] shape = {batch * (order + 1), tokens, dim};
            TensorKind cuda = TensorKind.CUDA_FLOAT;
            Tensor q = cuda.convert(torch.randn(shape, new GeneratorOptional(generator))
                    .mul(new Scalar(2 * Math.pow(dim, -0.5))));
            Tensor k = cuda.convert(torch.randn(shape, new GeneratorOptional(generator)));
            Tensor v = cuda.convert(torch.randn(shape, new GeneratorOptional(generator)));
            double[] expected = Tensors.toDoubles(WindowAttention.attendInChunks(q, k, v, order, batch, Long.MAX_VALUE));
            double[] actual = Tensors.toDoubles(NativeKernels.attentionJetCuda(q, k, v, order));
            int block = expected.length / (order + 1);
            for (int b = 0; b <= order; b++) {
                Approx.assertCloseToMax(Arrays.copyOfRange(expected, b * block, (b + 1) * block),
                        Arrays.copyOfRange(actual, b * block, (b + 1) * block), 1e-5,
                        "CUDA N=" + tokens + " d=" + dim + " order " + order + " block " + b);
            }
        }
    }
}
