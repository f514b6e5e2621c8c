package org.asvit.runtime;

import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** What {@link TorchRuntime#ensureReady()} leaves behind, in this JVM. */
@Tag("fast")
class TorchRuntimeTest {

    @Test
    void readyMeansOneBlasThreadAndNoTf32() {
        TorchRuntime.ensureReady();
        assertEquals(BlasThreads.PINNED, BlasThreads.current());
        // TF32 is on for cuDNN by default; asvit turns it off so that CUDA keeps float32's precision.
        assertFalse(torch.globalContext().allowTF32CuDNN());
        assertFalse(torch.globalContext().allowTF32CuBLAS());
    }
}
