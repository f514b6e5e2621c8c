package org.asvit.model;

import org.asvit.InvalidSettingException;
import org.asvit.runtime.TensorKind;
import org.asvit.runtime.internal.NativeKernels;
import org.bytedeco.pytorch.GradMode;
import org.bytedeco.pytorch.Tensor;

import java.util.function.Function;

/**
 * Chooses who computes a jet's softmax attention: the native kernel ({@code native/}, no map is ever
 * stored) or the libtorch composition ({@link WindowAttention#attendInChunks}), as {@link KernelChoice}
 * says, and notes which one ran.
 *
 * <p>Passes under autograd: the native kernels have no autograd node. A pass that records a
 * {@link LayerTape} (the NTK) instead cuts its graph at each attention ({@link #attendCut}) and its
 * backward runs the native backward kernel between segments ({@link SegmentedBackward}); other autograd
 * passes (training) run the composition.
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
                throw new InvalidSettingException("{kernels} native: " + whyNot + "; accepted: "
                        + KernelChoice.acceptedNames());
            }
        }
        log.ran(KernelLog.LIBTORCH);
        return WindowAttention.attendInChunks(q, k, v, order, batch, WindowAttention.CHUNK_MAP_ELEMENTS);
    }

    /**
     * True when a recording pass over tensors like {@code x} cuts its graph at the attention and runs it
     * natively: native kernels allowed, built, and able to take x's device and dtype.
     *
     * @throws IllegalArgumentException when native kernels were demanded and cannot take these tensors
     */
    static boolean cutsGraph(Tensor x, KernelChoice choice) {
        if (choice == KernelChoice.LIBTORCH) {
            return false;
        }
        String whyNot = NativeKernels.whyNotDetached(x);
        if (whyNot != null && choice == KernelChoice.NATIVE) {
            throw new InvalidSettingException("{kernels} native: the NTK pass needs the native backward kernel, "
                    + "and " + whyNot + "; accepted: " + KernelChoice.acceptedNames());
        }
        return whyNot == null;
    }

    /**
     * {@link #cutsGraph(Tensor, KernelChoice)} for a pass that is not built yet, over tensors of {@code kind}
     * (the memory estimate); never throws.
     */
    public static boolean cutsGraph(TensorKind kind, KernelChoice choice) {
        return choice != KernelChoice.LIBTORCH
                && NativeKernels.whyNotDetached(kind.cuda() ? kind.deviceName() : null, kind.scalarType()) == null;
    }

    /**
     * Plain attention that autograd tracks, cut out of the graph: run natively on detached data and
     * recorded on the tape, the output returned as a leaf.
     *
     * @param packed         the graph-connected tensor the queries, keys and values were split from
     * @param data           the detached queries (already scaled), keys and values, each (rows, N, d)
     * @param packedGradient the gradient of {@code packed} from those of the three parts
     */
    static Tensor attendCut(Tensor packed, Tensor[] data, Function<Tensor[], Tensor> packedGradient, LayerTape tape,
                            KernelLog log) {
        Tensor q = data[0].contiguous();
        Tensor k = data[1].contiguous();
        Tensor v = data[2].contiguous();
        Tensor[] attended = NativeKernels.attentionWithLogSumExp(q, k, v);
        log.ran(KernelLog.NATIVE);
        return tape.cutAttention(packed, q, k, v, attended[1], attended[0], packedGradient);
    }
}
