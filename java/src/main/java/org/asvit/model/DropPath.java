package org.asvit.model;

import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Stochastic depth on a residual branch (timm's {@code DropPath}): in training mode each sample's branch
 * is dropped with probability p and otherwise scaled by 1/(1-p); in evaluation mode, or with p = 0, the
 * branch passes unchanged. Along a curve (a jet) a sample keeps one mask for its value and derivatives.
 */
final class DropPath {
    private final TrainingMode mode;
    private volatile double probability;

    DropPath(TrainingMode mode) {
        this.mode = mode;
    }

    void setProbability(double p) {
        if (p < 0 || p >= 1) {
            throw new IllegalArgumentException("drop-path probability must be in [0, 1), got " + p);
        }
        this.probability = p;
    }

    Jet apply(Jet branch) {
        double probability = this.probability;
        if (probability == 0 || !mode.training()) {
            return branch;
        }
        Tensor x = branch.stacked();
        long batch = branch.batch();
        Tensor keep = torch.empty(batch).bernoulli_(1 - probability, new GeneratorOptional(mode.generator()))
                .div_(new Scalar(1 - probability)).to(x.device(), x.scalar_type());
        long[] shape = new long[(int) x.dim()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = x.size(0);
        Tensor mask = keep.repeat(branch.order() + 1).reshape(shape);
        return branch.map(t -> t.mul(mask));
    }
}
