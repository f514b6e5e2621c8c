package org.asvit.model;

import org.asvit.nativeops.NativeKernels;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Tensor;

/**
 * Chooses who computes a jet's softmax attention: the native kernel ({@code native/}, no map is ever
 * stored) or the libtorch composition ({@link WindowAttention#attendInChunks}), as {@link KernelChoice}
 * says, and notes which one ran.
 */
public final class AttentionKernels {
    private AttentionKernels() {
    }

    /**
     * Attention of jets of ((order+1)*batch, N, d) queries (already scaled), keys and values.
     *
     * @param batch rows per jet block
     * @throws IllegalArgumentException when native kernels were demanded and cannot take these tensors
     */
    public static Tensor attend(Tensor q, Tensor k, Tensor v, int order, long batch, KernelChoice choice) {
        return attend(q, k, v, order, batch, choice, new KernelLog());
    }

    static Tensor attend(Tensor q, Tensor k, Tensor v, int order, long batch, KernelChoice choice, KernelLog log) {
        if (choice == KernelChoice.NATIVE && q.is_cuda()) {
            // Explicit only: the CUDA kernel has not been validated on a GPU yet.
            log.ran(KernelLog.NATIVE);
            return NativeKernels.attentionJetCuda(q.contiguous(), k.contiguous(), v.contiguous(), order);
        }
        if (choice != KernelChoice.LIBTORCH) {
            String whyNot = NativeKernels.whyNot(q);
            if (whyNot == null) {
                log.ran(KernelLog.NATIVE);
                return NativeKernels.attentionJet(q.contiguous(), k.contiguous(), v.contiguous(), order);
            }
            boolean autograd = GradMode.is_enabled() && q.requires_grad();
            if (choice == KernelChoice.NATIVE && !autograd) {
                throw new IllegalArgumentException("--kernels native: " + whyNot + "; accepted: "
                        + KernelChoice.acceptedNames());
            }
        }
        log.ran(KernelLog.LIBTORCH);
        return WindowAttention.attendInChunks(q, k, v, order, batch, WindowAttention.CHUNK_MAP_ELEMENTS);
    }
}
