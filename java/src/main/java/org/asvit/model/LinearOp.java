package org.asvit.model;

import org.bytedeco.pytorch.Tensor;

/** A Linear layer ({@code y = x W^T + b}) that records itself on the tape when asked. */
final class LinearOp {
    private final String weightName;
    private final Tensor weight;
    private final Tensor bias;

    LinearOp(ParameterStore params, String prefix, boolean hasBias) {
        this.weightName = prefix + ".weight";
        this.weight = params.get(weightName);
        this.bias = hasBias ? params.get(prefix + ".bias") : null;
    }

    Jet apply(Jet x, ForwardContext ctx) {
        Jet y = x.linear(weight, bias);
        if (ctx.recording()) {
            ctx.tape().linear(weightName, x.stacked(), y.stacked());
        }
        return y;
    }
}
