package org.asvit.runtime;

import org.bytedeco.pytorch.global.torch;

/**
 * Full float32 precision on CUDA: libtorch lets cuDNN convolutions use TF32 tensor cores by default on
 * Ampere and newer, which rounds operands to 10 mantissa bits (relative errors near 1e-3). The metrics
 * must equal the reference's float32 numbers within the fixtures' tolerances (1e-4 for L^E), and the
 * reference ran on V100s, which have no TF32; so asvit switches TF32 off for cuDNN and cuBLAS alike.
 */
final class StrictFloat32 {
    private StrictFloat32() {
    }

    /** Process-wide; idempotent; harmless in the CPU build. */
    static synchronized void apply() {
        torch.globalContext().setAllowTF32CuDNN(false);
        torch.globalContext().setAllowTF32CuBLAS(false);
    }
}
