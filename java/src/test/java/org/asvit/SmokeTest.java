package org.asvit;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag("fast")
class SmokeTest {
    @Test
    void libtorchLoads() {
        Tensor a = torch.ones(2, 3);
        Tensor s = a.sum();
        assertEquals(6.0f, s.item_float(), 0.0f);
    }
}
