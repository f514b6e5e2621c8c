package org.asvit.runtime;

import org.asvit.InvalidSettingException;
import org.bytedeco.pytorch.global.torch;

/**
 * The device policy: which device a run computes on and what the process sets before it starts. A front end
 * (the command line's {@code --device} and {@code --threads}) calls {@link #prepare} once, before it reports
 * anything, so that what is reported is what computes.
 */
public final class ComputeDevice {
    private ComputeDevice() {
    }

    /**
     * Sets libtorch's intra-op thread count ({@code threads}, or the default of {@link IntraOpThreads}),
     * resolves the device, and readies the runtime ({@link TorchRuntime}: OpenBLAS pinned, TF32 off), as the
     * library would at its first evaluation.
     *
     * @param device  where to compute
     * @param threads libtorch's intra-op threads, or null for the default ({@link IntraOpThreads#ensureConfigured()})
     * @return float32 on the chosen device
     * @throws InvalidSettingException naming {@code device} if CUDA was asked for and is not available, or
     *                                 {@code threads} if it is below 1
     */
    public static TensorKind prepare(DeviceChoice device, Integer threads) {
        if (threads != null) {
            if (threads < 1) {
                throw new InvalidSettingException("{threads} must be at least 1, got " + threads);
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
                    throw new InvalidSettingException("{device} cuda: " + (torch.hasCUDA()
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
