package org.asvit.runtime;

import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("native")
class TorchBuildTest {

    @Test
    void presetVersionsSplitIntoLibraryAndRelease() {
        PresetVersions cuda12 = new PresetVersions("2.7.1-1.5.12", "12.9-9.10-1.5.12");
        assertEquals("2.7.1", cuda12.libtorch());
        assertEquals("1.5.12", cuda12.release());
        assertEquals("12.9", cuda12.cudaToolkit());
        assertEquals("9.10", cuda12.cudnn());
        assertEquals("12", cuda12.cudaMajor());
        PresetVersions missing = new PresetVersions(null, null);
        assertEquals("unknown", missing.libtorch());
        assertEquals("unknown", missing.cudaToolkit());
    }

    @Test
    void cudaAndCudnnIntegerVersions() {
        assertEquals("13.1", TorchBuild.cudaVersion(13010));
        assertEquals("12.9", TorchBuild.cudaVersion(12090));
        assertEquals("13.0", TorchBuild.cudaVersion(13000));
        assertEquals("9.19.0", TorchBuild.cudnnVersion(91900));
        assertEquals("9.10.2", TorchBuild.cudnnVersion(91002));
        assertEquals("8.9.2", TorchBuild.cudnnVersion(8902));
    }

    @Test
    void torchVersionFromTheBuildSettings() {
        assertEquals("2.7.1", TorchBuild.torchVersion("  - Build settings: BLAS_INFO=open, TORCH_VERSION=2.7.1, USE_CUDA=ON,"));
        assertNull(TorchBuild.torchVersion("PyTorch built with:\n  - GCC 11.4"));
    }

    /** The preset's Maven version (what --version prints before loading anything) names the libtorch that loads. */
    @Test
    void thePresetVersionIsTheLoadedLibtorch() {
        TorchBuild build = TorchBuild.inspect();
        assertTrue(build.loaded(), build::toString);
        assertNotNull(build.libtorch(), torch.show_config().getString());
        assertEquals(build.presets().libtorch(), build.libtorch());
        assertTrue(build.presets().release().matches("1\\.5\\.1[23]"), build::toString);
        // Here the natives are the CPU build's unless a GPU profile is active (CUDA then loads or the reason is named).
        if (!build.cudaBuild()) {
            assertFalse(torch.hasCUDA());
            assertNull(build.cudaError());
        } else {
            assertTrue(torch.hasCUDA() || build.cudaError() != null, build::toString);
        }
    }

    @Test
    void describesACudaBuildWithItsDevices() {
        PresetVersions presets = new PresetVersions("2.10.0-1.5.13", "13.1-9.19-1.5.13");
        TorchBuild h100 = new TorchBuild(presets, "2.10.0", null, true, null, "13.1", "9.19.0", "13.0",
                List.of(new CudaDevice(0, "NVIDIA H100 80GB HBM3", 9, 0, 85_520_809_984L)));
        assertEquals(List.of(
                "libtorch 2.10.0 (Bytedeco presets 1.5.13), CUDA build",
                "CUDA 13.1 (built for 13.1), cuDNN 9.19.0 (built for 9.19), driver supports CUDA 13.0",
                "GPU cuda:0 NVIDIA H100 80GB HBM3, compute capability 9.0, 79.6 GiB"), h100.describe());

        TorchBuild noDevice = new TorchBuild(presets, "2.10.0", null, true, null, "13.1", "9.19.0", "13.0", List.of());
        assertEquals("no CUDA device", noDevice.describe().get(2));
        assertEquals(3, noDevice.describe().size());

        TorchBuild noLibraries = new TorchBuild(presets, "2.10.0", null, true,
                "CUDA libraries not loaded: libcuda.so.1: cannot open shared object file", null, null, null, List.of());
        assertEquals(List.of(
                "libtorch 2.10.0 (Bytedeco presets 1.5.13), CUDA build",
                "CUDA unknown (built for 13.1), cuDNN unknown (built for 9.19), driver supports CUDA unknown",
                "no CUDA device usable: CUDA libraries not loaded: libcuda.so.1: cannot open shared object file"),
                noLibraries.describe());
    }

    @Test
    void describesACpuBuildAndLibtorchThatDoesNotLoad() {
        PresetVersions presets = new PresetVersions("2.10.0-1.5.13", "13.1-9.19-1.5.13");
        TorchBuild cpu = new TorchBuild(presets, "2.10.0", null, false, null, null, null, null, List.of());
        assertEquals(List.of("libtorch 2.10.0 (Bytedeco presets 1.5.13), CPU build", "CUDA: none (CPU build)"),
                cpu.describe());
        PresetVersions cuda12 = new PresetVersions("2.7.1-1.5.12", "12.9-9.10-1.5.12");
        TorchBuild broken = new TorchBuild(cuda12, null, "libjnitorch.so: libcupti.so.12: cannot open shared object "
                + "file", true, null, null, null, null, List.of());
        assertFalse(broken.loaded());
        assertEquals(List.of("libtorch 2.7.1 (Bytedeco presets 1.5.12), CUDA build, natives not loaded: libjnitorch.so: "
                + "libcupti.so.12: cannot open shared object file"), broken.describe());
    }
}
