package org.asvit.runtime;

import org.asvit.runtime.internal.ProcFields;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;

import java.nio.file.Path;

/**
 * How much more memory this process can take now, as the smallest of the limits that would stop it:
 * what the kernel says is available without swapping ({@code MemAvailable}), the cgroup's limit (a
 * container's or a systemd slice's {@code memory.max}), and JavaCPP's own cap on native memory
 * ({@code -Dorg.bytedeco.javacpp.maxPhysicalBytes}, by default four times the maximum heap), past which
 * every tensor allocation fails. On CUDA: the device's free memory plus what libtorch's caching allocator
 * holds unused.
 *
 * @param bytes   the memory available
 * @param limitBy what sets it, for messages, e.g. {@code "available on this machine"}
 */
public record AvailableMemory(long bytes, String limitBy) {
    private static final Path CGROUP_MAX = Path.of("/sys/fs/cgroup/memory.max");
    private static final Path CGROUP_CURRENT = Path.of("/sys/fs/cgroup/memory.current");

    /** Host memory the process can still take; {@code Long.MAX_VALUE} where nothing can be read. */
    public static AvailableMemory host() {
        AvailableMemory best = new AvailableMemory(Long.MAX_VALUE, "unknown");
        long meminfo = ProcFields.kilobytes(ProcFields.MEMINFO, "MemAvailable");
        if (meminfo >= 0) {
            best = new AvailableMemory(meminfo, "available on this machine");
        }
        long cgroupMax = ProcFields.number(CGROUP_MAX);
        long cgroupCurrent = ProcFields.number(CGROUP_CURRENT);
        if (cgroupMax >= 0 && cgroupCurrent >= 0 && cgroupMax - cgroupCurrent < best.bytes) {
            best = new AvailableMemory(Math.max(0, cgroupMax - cgroupCurrent), "left under this cgroup's memory.max");
        }
        long javacppMax = Pointer.maxPhysicalBytes();
        if (javacppMax > 0) {
            // What JavaCPP compares with its cap is the resident memory; read here from /proc rather than through
            // Pointer.physicalBytes(), which needs JavaCPP's natives loaded.
            long left = Math.max(0, javacppMax - Math.max(0, ProcFields.kilobytes(ProcFields.SELF_STATUS, "VmRSS")));
            if (left < best.bytes) {
                best = new AvailableMemory(left, "left under JavaCPP's maxPhysicalBytes (raise it with "
                        + "-Dorg.bytedeco.javacpp.maxPhysicalBytes=SIZE or -Xmx, e.g. in ASVIT_JAVA_OPTS)");
            }
        }
        return best;
    }

    /** Memory device {@code index} can still give libtorch: free memory plus the caching allocator's unused share. */
    public static AvailableMemory cuda(int index) {
        try (SizeTPointer free = new SizeTPointer(1); SizeTPointer total = new SizeTPointer(1)) {
            if (cudart.cudaMemGetInfo(free, total) != 0) {
                return new AvailableMemory(Long.MAX_VALUE, "unknown");
            }
            CudaMemory held = CudaMemory.of(index);
            return new AvailableMemory(free.get() + held.reservedBytes() - held.allocatedBytes(),
                    "free on cuda:" + index);
        }
    }
}
