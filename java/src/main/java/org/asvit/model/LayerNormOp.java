package org.asvit.model;

import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * A LayerNorm over the last axis that becomes identity under {@link NormMode#IDENTITY}.
 * PyTorch's default epsilon, 1e-5.
 */
final class LayerNormOp {
    static final double EPS = 1e-5;

    private final String weightName;
    private final Tensor weight;
    private final Tensor bias;

    LayerNormOp(ParameterStore params, String prefix) {
        this.weightName = prefix + ".weight";
        this.weight = params.get(weightName);
        this.bias = params.get(prefix + ".bias");
    }

    Jet apply(Jet x, ForwardContext ctx) {
        if (ctx.normMode() == NormMode.IDENTITY) {
            return x;
        }
        if (x.order() > 0) {
            // The method never needs it: curves run with identity norms (docs/metrics.md, 'Common ground').
            throw new IllegalArgumentException(
                    "LayerNorm is not differentiated along curves; run curve metrics with NormMode.IDENTITY");
        }
        Tensor in = x.value();
        // The kernel layer_norm itself calls, which also returns the mean and reciprocal deviation: the NTK's
        // per-sample gradient of the weight (the normalised input) needs them, so they are not computed twice.
        T_TensorTensorTensor_T normed = torch.native_layer_norm(in, new long[]{in.size(-1)},
                new TensorOptional(weight), new TensorOptional(bias), EPS);
        if (ctx.recording()) {
            ctx.tape().layerNorm(weightName, in, normed.get0(), normed.get1(), normed.get2());
        }
        return Jet.of(normed.get0());
    }
}
