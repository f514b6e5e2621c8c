package org.asvit.training;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;

/**
 * Cross-entropy with label smoothing, as PyTorch's {@code F.cross_entropy(logits, target,
 * label_smoothing=eps)}: the target distribution puts {@code 1 - eps + eps / C} on the true class and
 * {@code eps / C} on each other class, so per sample
 * <pre>
 *   loss = (1 - eps) * (-log p_y) + eps * mean_c(-log p_c)
 * </pre>
 * averaged over the batch.
 */
public final class SmoothedCrossEntropy {
    private final double smoothing;

    public SmoothedCrossEntropy(double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    /**
     * @param logits (B, C)
     * @param labels (B,) int64 class indices
     * @return the mean loss, a scalar tensor in the autograd graph of {@code logits}
     */
    public Tensor loss(Tensor logits, Tensor labels) {
        Tensor logProbabilities = logits.log_softmax(1);
        Tensor nll = logProbabilities.gather(1, labels.unsqueeze(1)).squeeze(1).neg();
        if (smoothing == 0) {
            return nll.mean();
        }
        Tensor uniform = logProbabilities.mean(1).neg();
        return nll.mul(new Scalar(1 - smoothing)).add(uniform, new Scalar(smoothing)).mean();
    }

    public double smoothing() {
        return smoothing;
    }
}
