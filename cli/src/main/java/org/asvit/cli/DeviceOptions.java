package org.asvit.cli;

import org.asvit.runtime.ComputeDevice;
import org.asvit.runtime.DeviceChoice;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.MemoryBudget;
import org.asvit.model.KernelChoice;
import org.asvit.runtime.NativeKernelLibrary;
import org.asvit.runtime.TensorKind;
import picocli.CommandLine.Option;

/**
 * {@code --device}, {@code --threads} and {@code --kernels}, shared by the commands that run libtorch. Nothing here touches
 * libtorch until {@link #apply()} is called, so help and option errors do not load libtorch. The policy behind
 * the flags is the library's ({@link ComputeDevice}); this class only parses them.
 */
final class DeviceOptions {
    @Option(names = "--device", paramLabel = "cpu|cuda|auto", defaultValue = "cpu", converter = DeviceChoiceConverter.class,
            description = "Where to compute: cpu, cuda (needs a GPU build: ASVIT_GPU=1 or cuda12, see docs/gpu.md) or auto "
                    + "(cuda when available, else cpu). Default: ${DEFAULT-VALUE}.")
    DeviceChoice device;

    @Option(names = "--threads", paramLabel = "N",
            description = "libtorch intra-op (OpenMP) threads. Default: 1, or ASVIT_THREADS; never changes a "
                    + "result (OpenBLAS is pinned to one thread; see docs/api.md, One answer).")
    Integer threads;

    @Option(names = "--kernels", paramLabel = "auto|native|libtorch", defaultValue = "auto",
            description = "Who computes the attention: auto (the native kernels where they apply: CPU passes "
                    + "without autograd; else libtorch), native (refused when the native library is not "
                    + "built) or libtorch. The JSON output names the kernels that ran. Default: ${DEFAULT-VALUE}.")
    KernelChoice kernels;

    @Option(names = "--max-memory", paramLabel = "SIZE|auto|off", defaultValue = "auto",
            description = "Refuse an evaluation whose estimated peak memory exceeds SIZE (e.g. 8g, 512m; binary "
                    + "units k m g t); auto: the memory available when it starts (host memory, or the GPU's on "
                    + "cuda); off: no check. Default: ${DEFAULT-VALUE}.")
    MemoryBudget maxMemory;

    /** {@code settings} with this command's kernels and memory budget. */
    EvaluationSettings configure(EvaluationSettings settings) {
        return settings.withKernels(kernels()).withMemory(maxMemory);
    }

    /**
     * The kernel choice, checked: {@code native} needs the native library.
     *
     * @throws IllegalArgumentException if native kernels were asked for and the library is not available
     */
    KernelChoice kernels() {
        if (kernels == KernelChoice.NATIVE && !NativeKernelLibrary.available()) {
            throw new IllegalArgumentException("--kernels native: " + NativeKernelLibrary.unavailableReason()
                    + "; accepted: " + KernelChoice.acceptedNames());
        }
        return kernels;
    }

    /**
     * Applies the device policy of the library ({@link ComputeDevice#prepare}) with these flags.
     *
     * @return float32 on the chosen device
     * @throws org.asvit.InvalidSettingException if CUDA was asked for and is not available, or the thread
     *                                           count is below 1 (the error reporter names the flags)
     */
    TensorKind apply() {
        return ComputeDevice.prepare(device, threads);
    }
}
