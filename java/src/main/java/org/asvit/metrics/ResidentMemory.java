package org.asvit.metrics;

import org.bytedeco.javacpp.Pointer;

/**
 * The process's resident memory (RSS), Java heap and native allocations together, as the operating
 * system reports it (through JavaCPP, which reads it natively).
 */
public final class ResidentMemory {
    private ResidentMemory() {
    }

    public static long bytes() {
        return Pointer.physicalBytes();
    }

    public static double megabytes() {
        return bytes() / (1024.0 * 1024.0);
    }
}
