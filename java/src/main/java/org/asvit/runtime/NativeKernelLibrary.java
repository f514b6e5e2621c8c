package org.asvit.runtime;

import org.asvit.runtime.internal.NativeKernels;

/**
 * What this process has of asvit's native kernel library ({@code native/}): whether it loaded, why not, and
 * what it runs on. The public face of the internal binding, so that an embedder (and the command line) can
 * describe the natives without reaching into {@code org.asvit.runtime.internal}; which kernels an evaluation
 * uses is chosen with {@link org.asvit.model.KernelChoice}.
 */
public final class NativeKernelLibrary {
    private NativeKernelLibrary() {
    }

    /** True when the library loaded in this process (it is tried once, on first use). */
    public static boolean available() {
        return NativeKernels.available();
    }

    /** Why the library is not available, or null when it is. */
    public static String unavailableReason() {
        return NativeKernels.unavailableReason();
    }

    /**
     * The instruction set the CPU kernel runs on this machine ({@code avx2-fma} or {@code x86-64}).
     *
     * @throws IllegalStateException when the library is not available
     */
    public static String cpuIsa() {
        return NativeKernels.cpuIsa();
    }

    /** True when the library was built with the CUDA kernel. */
    public static boolean hasCudaKernel() {
        return NativeKernels.hasCudaKernel();
    }
}
