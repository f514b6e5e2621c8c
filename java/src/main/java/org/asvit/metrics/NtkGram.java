package org.asvit.metrics;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.ForwardContext;
import org.asvit.model.KernelChoice;
import org.asvit.model.KernelLog;
import org.asvit.model.LayerTape;
import org.asvit.model.NormMode;
import org.asvit.runtime.Scopes;
import org.asvit.model.SegmentedBackward;
import org.asvit.model.Jet;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.List;

/**
 * The empirical NTK Gram matrix {@code Theta = G G^T} of a batch, where row i of G is the gradient of
 * {@code sum_c f[i, c]} (f: pooled features before the final LayerNorm, LayerNorms active) with respect
 * to every weight that receives a gradient (conv, Linear and LayerNorm weights; no biases).
 *
 * <p>How: samples never interact in this network, so ONE batched backward pass of {@code sum f} gives,
 * for every weighted layer, each sample's own gradient with respect to that layer's output. A sample's
 * weight gradient is then the product of that output gradient with the layer's input, summed over
 * tokens (the unfolded input for the conv; the normalised input for a LayerNorm weight), and Theta is
 * the sum over layers of the per-layer Gram matrices. The reference instead backpropagates the whole
 * batch once per sample. With native kernels the backward pass runs segment by segment around the
 * attentions ({@link SegmentedBackward}); the gradients are the same.
 *
 * <p>Per layer the cheaper of two exact contractions is used: materialising the per-sample gradients
 * (B x out x in), or, when there are few tokens, the token-kernel form
 * {@code Theta_ij = sum_{t,t'} (dy_it . dy_jt')(x_it . x_jt')}.
 */
public final class NtkGram {
    private NtkGram() {
    }

    /**
     * Theta as a (B, B) float64 tensor in the caller's pointer scope.
     *
     * @param kernels who computes the attention, forward and backward (see {@link SegmentedBackward})
     * @param log     where the attention kernels that ran are noted
     */
    public static Tensor compute(AsVitNetwork network, Tensor images, KernelChoice kernels, KernelLog log) {
        LayerTape tape = new LayerTape();
        Tensor features = network.rawFeatures(Jet.of(images),
                new ForwardContext(NormMode.LAYER_NORM, tape, kernels, log)).value();
        List<LayerTape.Entry> entries = tape.entries();
        Tensor[] outputGrads = SegmentedBackward.outputGradients(tape, features);
        long batch = images.size(0);
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor gram = torch.zeros(batch, batch).to(images.device(), torch.ScalarType.Double);
            for (int i = 0; i < entries.size(); i++) {
                int layer = i;
                // One layer's per-sample gradients at a time: freed before the next layer's are formed.
                gram.add_(Scopes.stepOne(() -> layerGram(entries.get(layer), outputGrads[layer], batch)
                        .to(torch.ScalarType.Double)));
            }
            return gram;
        }
    }

    private static Tensor layerGram(LayerTape.Entry e, Tensor dy, long batch) {
        return switch (e.kind()) {
            case CONV -> {
                Tensor cols = torch.im2col(e.input(), new long[]{e.kernel(), e.kernel()},
                        new long[]{e.dilation(), e.dilation()}, new long[]{0, 0}, new long[]{e.stride(), e.stride()});
                Tensor gy = dy.reshape(batch, dy.size(1), -1);
                yield contract(gy.transpose(1, 2), cols.transpose(1, 2), batch);
            }
            case LINEAR -> contract(dy.reshape(batch, -1, dy.size(-1)),
                    e.input().detach().reshape(batch, -1, e.input().size(-1)), batch);
            case LAYER_NORM -> {
                Tensor x = e.input().detach();
                Tensor normalised = x.sub(e.mean().detach()).mul_(e.rstd().detach());
                Tensor perSample = dy.mul(normalised).reshape(batch, -1, x.size(-1)).sum(1);
                yield perSample.matmul(perSample.transpose(0, 1));
            }
        };
    }

    /**
     * Theta by the reference's method: one backward pass per sample, each sample's gradients flattened
     * and concatenated, then {@code G G^T}. Exact but B times the backward work; kept as the baseline the
     * batched method is checked and measured against.
     */
    public static Tensor computeByPerSampleLoop(AsVitNetwork network, Tensor images) {
        Tensor features = network.rawFeatures(Jet.of(images), ForwardContext.of(NormMode.LAYER_NORM)).value();
        TensorVector weights = new TensorVector();
        for (java.util.Map.Entry<String, Tensor> e : network.parameters().all().entrySet()) {
            if (e.getKey().contains("weight")) {
                weights.push_back(e.getValue());
            }
        }
        long batch = images.size(0);
        TensorVector rows = new TensorVector();
        for (long i = 0; i < batch; i++) {
            long sample = i;
            rows.push_back(Scopes.stepOne(() -> flatGradient(features.select(0, sample).sum(), weights)));
        }
        try (NoGradGuard noGrad = new NoGradGuard()) {
            Tensor g = torch.stack(new org.bytedeco.pytorch.TensorArrayRef(rows), 0).to(torch.ScalarType.Double);
            return g.matmul(g.transpose(0, 1));
        }
    }

    /** Every defined gradient of {@code output} with respect to {@code weights}, flattened and joined. */
    private static Tensor flatGradient(Tensor output, TensorVector weights) {
        TensorVector grads = torch.grad(new TensorVector(output), weights, new TensorVector(),
                new BoolOptional(true), false, true);
        TensorVector flat = new TensorVector();
        for (long j = 0; j < grads.size(); j++) {
            Tensor g = grads.get(j);
            if (g.defined()) {
                flat.push_back(g.reshape(-1));
            }
        }
        return torch.cat(flat, 0);
    }

    /**
     * The Gram matrix of the per-sample gradients {@code g_i = sum_t dy_it^T x_it}.
     *
     * @param dy (B, T, out) output gradients
     * @param x  (B, T, in) inputs
     */
    static Tensor contract(Tensor dy, Tensor x, long batch) {
        long tokens = dy.size(1);
        long out = dy.size(2);
        long in = x.size(2);
        double materialise = (double) batch * tokens * out * in + (double) batch * batch * out * in;
        double tokenKernel = (double) batch * tokens * batch * tokens * (out + in + 1);
        if (tokenKernel < materialise) {
            Tensor dyFlat = dy.reshape(batch * tokens, out);
            Tensor xFlat = x.reshape(batch * tokens, in);
            Tensor kernel = dyFlat.matmul(dyFlat.transpose(0, 1)).mul_(xFlat.matmul(xFlat.transpose(0, 1)));
            return kernel.reshape(batch, tokens, batch, tokens).sum(new long[]{1, 3}, false,
                    new org.bytedeco.pytorch.ScalarTypeOptional());
        }
        // x^T dy rather than dy^T x: the same entries transposed, which leaves the Gram matrix unchanged, and
        // OpenBLAS ran it up to 1.4x faster at the NTK's shapes (long T, narrow in and out).
        Tensor perSample = x.transpose(1, 2).matmul(dy).reshape(batch, out * in);
        return perSample.matmul(perSample.transpose(0, 1));
    }
}
