package org.asvit.model;

import org.asvit.runtime.Scopes;
import org.asvit.runtime.internal.NativeKernels;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.List;

/**
 * The gradient of a scalar with respect to every layer output a {@link LayerTape} recorded, through a
 * graph that the pass cut at its native attentions (one {@code torch.grad} call when it made no cut).
 *
 * <p>Segments are walked back to front. Each call runs libtorch's backward over one segment only, from
 * what flows into it from downstream, and returns the gradients of the segment's layer outputs and of
 * every leaf it reaches; a leaf's gradient is complete once every later segment has run. Then the cut
 * that started the segment hands that gradient on: a block-input cut to the previous segment's last
 * tensor as it is, an attention cut through the native backward kernel to the tensor its queries, keys
 * and values were split from. Every segment is walked once, so the whole costs one backward pass plus the
 * kernels.
 */
public final class SegmentedBackward {
    private SegmentedBackward() {
    }

    /**
     * @param tape   the recording of the pass that produced {@code output}
     * @param output the pass's result; its sum is differentiated
     * @return per tape entry, the gradient of {@code output.sum()} with respect to its output (undefined
     * where no path reaches it), in the caller's pointer scope
     */
    public static Tensor[] outputGradients(LayerTape tape, Tensor output) {
        List<LayerTape.Entry> entries = tape.entries();
        List<LayerTape.Cut> cuts = tape.cuts();
        Tensor[] entryGrads = new Tensor[entries.size()];
        Tensor[] leafGrads = new Tensor[cuts.size()];
        TensorVector from = new TensorVector(output.sum());
        TensorVector fromGrads = new TensorVector();
        for (int segment = cuts.size(); segment >= 0; segment--) {
            TensorVector inputs = new TensorVector();
            int[] entryAt = new int[entries.size()];
            int count = 0;
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).segment() == segment) {
                    inputs.push_back(entries.get(i).output());
                    entryAt[count++] = i;
                }
            }
            // Leaves of this segment's cut and of earlier ones: a block's input leaf is reached both from
            // the attention's queries and, through the residual, from after the attention.
            for (int c = 0; c < segment; c++) {
                inputs.push_back(cuts.get(c).leaf());
            }
            TensorVector grads = torch.grad(from, inputs, fromGrads, new BoolOptional(false), false, true);
            for (int j = 0; j < count; j++) {
                entryGrads[entryAt[j]] = grads.get(j);
            }
            for (int c = 0; c < segment; c++) {
                Tensor g = grads.get(count + c);
                if (g.defined()) {
                    leafGrads[c] = leafGrads[c] == null ? g : leafGrads[c].add(g);
                }
            }
            if (segment == 0) {
                break;
            }
            LayerTape.Cut cut = cuts.get(segment - 1);
            Tensor leafGrad = leafGrads[segment - 1] != null ? leafGrads[segment - 1] : torch.zeros_like(cut.leaf());
            if (cut instanceof LayerTape.AttentionCut a) {
                Tensor packedGrad;
                try (NoGradGuard noGrad = new NoGradGuard()) {
                    // dq, dk, dv and the copies that assemble them are freed here; only the result stays.
                    packedGrad = Scopes.stepOne(() -> a.packedGradient().apply(NativeKernels.attentionBackward(
                            a.qData(), a.kData(), a.vData(), a.leaf().detach(), a.lse(), leafGrad.contiguous())));
                }
                from = new TensorVector(a.packed());
                fromGrads = new TensorVector(packedGrad);
            } else {
                from = new TensorVector(((LayerTape.StreamCut) cut).upstream());
                fromGrads = new TensorVector(leafGrad);
            }
        }
        return entryGrads;
    }
}
