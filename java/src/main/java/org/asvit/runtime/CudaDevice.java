package org.asvit.runtime;

import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One CUDA device as libtorch sees it.
 *
 * @param index       libtorch's device index
 * @param name        e.g. {@code NVIDIA H100 80GB HBM3}
 * @param major       compute capability, major part (7 for Volta, 9 for Hopper)
 * @param minor       compute capability, minor part
 * @param memoryBytes the device's global memory
 */
public record CudaDevice(int index, String name, int major, int minor, long memoryBytes) {

    /**
     * The devices libtorch can use; empty when it has none (the CPU build, no driver, no device). Loads
     * the libtorch natives.
     */
    public static List<CudaDevice> visible() {
        List<CudaDevice> devices = new ArrayList<>();
        if (!torch.cuda_is_available()) {
            return devices;
        }
        int count = torch.cuda_device_count();
        for (int i = 0; i < count; i++) {
            // libtorch caches the properties per device and owns them: nothing to free.
            cudaDeviceProp p = torch_cuda.getDeviceProperties((byte) i);
            devices.add(new CudaDevice(i, p.name().getString().strip(), p.major(), p.minor(), p.totalGlobalMem()));
        }
        return devices;
    }

    /** Compute capability as NVIDIA writes it, e.g. {@code 9.0}. */
    public String capability() {
        return major + "." + minor;
    }

    /** e.g. {@code cuda:0 NVIDIA H100 80GB HBM3, compute capability 9.0, 79.1 GiB}. */
    public String describe() {
        return String.format(Locale.ROOT, "cuda:%d %s, compute capability %s, %.1f GiB", index, name, capability(),
                memoryBytes / (1024.0 * 1024 * 1024));
    }
}
