package org.asvit.model;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/** {@code Linear(F -> F) -> tanh -> Linear(F -> classes)} on the pooled, normalised features. */
final class ClassifierHead {
    private final Tensor hiddenWeight;
    private final Tensor hiddenBias;
    private final Tensor outWeight;
    private final Tensor outBias;

    ClassifierHead(ParameterStore params) {
        this.hiddenWeight = params.get("head.0.weight");
        this.hiddenBias = params.get("head.0.bias");
        this.outWeight = params.get("head.2.weight");
        this.outBias = params.get("head.2.bias");
    }

    /** pooled (B, F) to logits (B, classes). */
    Tensor apply(Tensor pooled) {
        Tensor hidden = torch.linear(pooled, hiddenWeight, new TensorOptional(hiddenBias)).tanh();
        return torch.linear(hidden, outWeight, new TensorOptional(outBias));
    }
}
