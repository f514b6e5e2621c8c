package org.asvit.metrics;

import org.asvit.runtime.TensorKind;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The fixture checks on CUDA. Runs only where libtorch sees a GPU (the {@code -Pgpu} build on a CUDA
 * machine); elsewhere every test is reported as skipped.
 */
@Tag("cuda")
class CudaFixtureMetricsTest extends FixtureMetricsTest {

    @BeforeAll
    static void requireCuda() {
        assumeTrue(torch.cuda_is_available(), "no CUDA device visible to libtorch");
        // No set-up beyond the device: the library switches TF32 off itself (TorchRuntime), without which
        // cuDNN's TF32 convolutions would miss the 1e-4 tolerances.
    }

    @Override
    TensorKind kind() {
        return TensorKind.CUDA_FLOAT;
    }
}
