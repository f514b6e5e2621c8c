package org.asvit.metrics;

import org.asvit.runtime.internal.ProcFields;
import org.bytedeco.javacpp.Pointer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory (RSS), Java heap and native allocations together, as the operating
 * system reports it (through JavaCPP, which reads it natively), and on Linux its peak since the last
 * {@link #resetPeak()} ({@code VmHWM}), which is how peak memory per metric is measured.
 */
public final class ResidentMemory {
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private ResidentMemory() {
    }

    public static long bytes() {
        return Pointer.physicalBytes();
    }

    public static double megabytes() {
        return bytes() / (1024.0 * 1024.0);
    }

    /**
     * Resets the peak to the current resident memory (Linux 4.0 and later: "5" written to
     * {@code /proc/self/clear_refs}).
     *
     * @return false where the system cannot (not Linux, or not permitted); {@link #peakBytes()} then keeps
     *         the peak since the process started
     */
    public static boolean resetPeak() {
        try {
            Files.writeString(CLEAR_REFS, "5", StandardCharsets.US_ASCII);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    /** The peak resident memory in bytes ({@code VmHWM}), or -1 where the system does not say. */
    public static long peakBytes() {
        return ProcFields.kilobytes(ProcFields.SELF_STATUS, "VmHWM");
    }
}
