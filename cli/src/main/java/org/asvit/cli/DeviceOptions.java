package org.asvit.cli;

import org.asvit.runtime.IntraOpThreads;
import org.asvit.runtime.TorchRuntime;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.MemoryBudget;
import org.asvit.model.KernelChoice;
import org.asvit.nativeops.NativeKernels;
import org.asvit.model.TensorKind;
import org.bytedeco.pytorch.global.torch;
import picocli.CommandLine.Option;

/**
 * {@code --device}, {@code --threads} and {@code --kernels}, shared by the commands that run libtorch. Nothing here touches
 * libtorch until {@link #apply()} is called, so help and option errors do not load the native libraries.
 */
final class DeviceOptions {
    @Option(names = "--device", paramLabel = "cpu|cuda|auto", defaultValue = "cpu", converter = DeviceChoice.Converter.class,
            description = "Where to compute: cpu, cuda (needs a GPU build: ASVIT_GPU=1 or cuda12, see README) or auto "
                    + "(cuda when available, else cpu). Default: ${DEFAULT-VALUE}.")
    DeviceChoice device;

    @Option(names = "--threads", paramLabel = "N",
            description = "libtorch intra-op (OpenMP) threads. Default: 1, or ASVIT_THREADS; never changes a "
                    + "result (OpenBLAS is pinned to one thread; see README, One answer).")
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
        if (kernels == KernelChoice.NATIVE && !NativeKernels.available()) {
            throw new IllegalArgumentException("--kernels native: " + NativeKernels.unavailableReason()
                    + "; accepted: " + KernelChoice.acceptedNames());
        }
        return kernels;
    }

    /**
     * Sets the thread count, resolves the device, and readies the runtime ({@link TorchRuntime}: OpenBLAS
     * pinned, TF32 off), as the library would at its first evaluation, so that what is reported is what computes.
     *
     * @return float32 on the chosen device
     * @throws IllegalArgumentException if CUDA was asked for and is not available, or the thread count is below 1
     */
    TensorKind apply() {
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            IntraOpThreads.set(threads);
        } else {
            IntraOpThreads.ensureConfigured();
        }
        TensorKind kind = switch (device) {
            case CPU -> TensorKind.CPU_FLOAT;
            case AUTO -> torch.cuda_is_available() ? TensorKind.CUDA_FLOAT : TensorKind.CPU_FLOAT;
            case CUDA -> {
                if (!torch.cuda_is_available()) {
                    throw new IllegalArgumentException("--device cuda: " + (torch.hasCUDA()
                            ? "this GPU build of libtorch finds no usable CUDA device (check the driver, the CUDA "
                              + "runtime and cuDNN: 'asvit doctor')"
                            : "this is the CPU build of libtorch, which has no CUDA; build with -Pgpu or -Pgpu-cuda12 "
                              + "(./asvit: ASVIT_GPU=1 or ASVIT_GPU=cuda12)")
                            + "; accepted values: " + DeviceChoice.acceptedNames());
                }
                yield TensorKind.CUDA_FLOAT;
            }
        };
        TorchRuntime.ensureReady();
        return kind;
    }
}
