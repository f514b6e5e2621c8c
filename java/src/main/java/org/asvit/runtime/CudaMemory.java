package org.asvit.runtime;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.cuda.DeviceStats;
import org.bytedeco.pytorch.global.torch_cuda;

/**
 * Device memory held by libtorch's CUDA caching allocator on one device: what live tensors occupy
 * ({@code allocated}) and what the allocator has taken from the driver and keeps for reuse
 * ({@code reserved}, the process's share of what nvidia-smi shows, less the CUDA context). The same counters
 * as PyTorch's {@code torch.cuda.memory_allocated()} and {@code memory_reserved()}.
 *
 * @param allocatedBytes bytes in live tensors
 * @param reservedBytes  bytes the caching allocator holds
 */
public record CudaMemory(long allocatedBytes, long reservedBytes) {

    /** The current counters of {@code device}; only valid where libtorch has CUDA and the device exists. */
    public static CudaMemory of(int device) {
        try (PointerScope scope = new PointerScope()) {
            // Returned by value: JavaCPP owns the copy, and the scope frees it. Index 0 of each stat array is
            // the aggregate over small and large pools.
            DeviceStats stats = torch_cuda.getAllocator().getDeviceStats((byte) device);
            return new CudaMemory(stats.allocated_bytes().current(), stats.reserved_bytes().current());
        }
    }

    public double allocatedMb() {
        return allocatedBytes / (1024.0 * 1024.0);
    }

    public double reservedMb() {
        return reservedBytes / (1024.0 * 1024.0);
    }
}
