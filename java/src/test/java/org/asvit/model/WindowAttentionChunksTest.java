package org.asvit.model;

import org.asvit.runtime.Tensors;
import org.junit.jupiter.api.Tag;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Attention computed in chunks equals attention computed at once, values and derivatives alike. */
@Tag("fast")
class WindowAttentionChunksTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void chunkedEqualsWhole(int order) {
        long batch = 7;
        long tokens = 9;
        long rows = batch * (order + 1);
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Generator generator = torch.createCPUGenerator(3);
            Tensor q = torch.randn(new long[]{rows, tokens, 4}, new GeneratorOptional(generator)).to(torch.ScalarType.Double);
            Tensor k = torch.randn(new long[]{rows, tokens, 4}, new GeneratorOptional(generator)).to(torch.ScalarType.Double);
            Tensor v = torch.randn(new long[]{rows, tokens, 4}, new GeneratorOptional(generator)).to(torch.ScalarType.Double);
            double[] whole = Tensors.toDoubles(WindowAttention.attendInChunks(q, k, v, order, batch, Long.MAX_VALUE));
            // One row per chunk, and chunks that do not divide the batch (3 rows: 3 + 3 + 1).
            double[] single = Tensors.toDoubles(WindowAttention.attendInChunks(q, k, v, order, batch, tokens * tokens));
            double[] uneven = Tensors.toDoubles(WindowAttention.attendInChunks(q, k, v, order, batch, 3 * tokens * tokens));
            assertArrayEquals(whole, single, 1e-12);
            assertArrayEquals(whole, uneven, 1e-12);
        }
    }
}
