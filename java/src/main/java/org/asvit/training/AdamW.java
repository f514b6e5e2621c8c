package org.asvit.training;

import org.asvit.io.TensorData;
import org.asvit.model.ParameterStore;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter), exactly as PyTorch's {@code torch.optim.AdamW} with
 * {@code amsgrad=False}: per parameter p with gradient g at step t (from 1),
 * <pre>
 *   p   &lt;- p * (1 - lr * wd)                      (decoupled weight decay, before the moment update)
 *   m   &lt;- beta1 m + (1 - beta1) g
 *   v   &lt;- beta2 v + (1 - beta2) g^2
 *   p   &lt;- p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The update runs in libtorch tensor ops, in place on the {@link ParameterStore}'s tensors.
 *
 * <p>Weight decay applies to tensors of two or more axes (conv and Linear weights) only; biases and
 * LayerNorm weights and biases (one axis) are not decayed, the usual choice for vision transformers
 * (timm's {@code param_groups_weight_decay}, DeiT, Swin): decaying a LayerNorm gain towards zero shrinks
 * the signal rather than regularising a map.
 *
 * <p>The optimiser owns its moment tensors (freed by {@link #close()}); its whole state is the step count
 * and the moments, which {@link #state()} and {@link #restore} carry through a checkpoint.
 */
public final class AdamW implements AutoCloseable {
    /** Prefixes of the moment tensors in a checkpoint. */
    public static final String FIRST_MOMENT = "adamw.exp_avg.";
    public static final String SECOND_MOMENT = "adamw.exp_avg_sq.";

    private final ParameterStore params;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final Map<String, Tensor> expAvg = new LinkedHashMap<>();
    private final Map<String, Tensor> expAvgSq = new LinkedHashMap<>();
    private long steps;
    private boolean closed;

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public AdamW(ParameterStore params, double weightDecay) {
        this(params, 0.9, 0.999, 1e-8, weightDecay);
    }

    public AdamW(ParameterStore params, double beta1, double beta2, double eps, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("AdamW needs betas in [0, 1), eps > 0 and weight decay >= 0, got betas ("
                    + beta1 + ", " + beta2 + "), eps " + eps + ", weight decay " + weightDecay);
        }
        this.params = params;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : params.all().entrySet()) {
                expAvg.put(e.getKey(), own(torch.zeros_like(e.getValue())));
                expAvgSq.put(e.getKey(), own(torch.zeros_like(e.getValue())));
            }
        }
    }

    private static Tensor own(Tensor t) {
        t.retainReference();
        return t;
    }

    /** Whether the parameter of this shape is decayed: conv and Linear weights, not biases or LayerNorm. */
    public static boolean decays(Tensor parameter) {
        return parameter.dim() >= 2;
    }

    /**
     * One update of every parameter that has a gradient in {@code gradients} (by reference name) at
     * learning rate {@code lr}. Temporaries are freed before returning.
     */
    public void step(Map<String, Tensor> gradients, double lr) {
        requireOpen();
        steps++;
        double biasCorrection1 = 1 - Math.pow(beta1, steps);
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(beta2, steps));
        double stepSize = lr / biasCorrection1;
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            for (Map.Entry<String, Tensor> e : params.all().entrySet()) {
                Tensor g = gradients.get(e.getKey());
                if (g == null || !g.defined()) {
                    continue;
                }
                Tensor p = e.getValue();
                if (weightDecay != 0 && decays(p)) {
                    p.mul_(new Scalar(1 - lr * weightDecay));
                }
                Tensor m = expAvg.get(e.getKey());
                Tensor v = expAvgSq.get(e.getKey());
                m.mul_(new Scalar(beta1)).add_(g, new Scalar(1 - beta1));
                v.mul_(new Scalar(beta2)).addcmul_(g, g, new Scalar(1 - beta2));
                Tensor denominator = v.sqrt().div_(new Scalar(biasCorrection2Sqrt)).add_(new Scalar(eps));
                p.addcdiv_(m, denominator, new Scalar(-stepSize));
            }
        }
    }

    /** Updates taken so far (PyTorch's {@code state['step']}). */
    public long steps() {
        return steps;
    }

    /** The moments by checkpoint name ({@value #FIRST_MOMENT}NAME, {@value #SECOND_MOMENT}NAME), float32 copies. */
    public Map<String, TensorData> state() {
        requireOpen();
        Map<String, TensorData> out = new LinkedHashMap<>();
        expAvg.forEach((name, t) -> out.put(FIRST_MOMENT + name, TensorData.fromTensor(t)));
        expAvgSq.forEach((name, t) -> out.put(SECOND_MOMENT + name, TensorData.fromTensor(t)));
        return Collections.unmodifiableMap(out);
    }

    /**
     * Restores the step count and the moments written by {@link #state()}.
     *
     * @throws IllegalArgumentException naming the first moment that is missing or has another shape
     */
    public void restore(Map<String, TensorData> state, long steps) {
        requireOpen();
        if (steps < 0) {
            throw new IllegalArgumentException("optimiser step count must be >= 0, got " + steps);
        }
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            copyInto(expAvg, FIRST_MOMENT, state);
            copyInto(expAvgSq, SECOND_MOMENT, state);
        }
        this.steps = steps;
    }

    private static void copyInto(Map<String, Tensor> moments, String prefix, Map<String, TensorData> state) {
        for (Map.Entry<String, Tensor> e : moments.entrySet()) {
            TensorData data = state.get(prefix + e.getKey());
            if (data == null) {
                throw new IllegalArgumentException("checkpoint lacks optimiser state " + prefix + e.getKey());
            }
            Tensor target = e.getValue();
            if (data.values().length != target.numel()) {
                throw new IllegalArgumentException("optimiser state " + prefix + e.getKey() + " has "
                        + data.values().length + " values, the parameter " + target.numel());
            }
            target.copy_(data.toTensor().reshape(target.sizes().vec().get()));
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("optimiser already closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        expAvg.values().forEach(Tensor::releaseReference);
        expAvgSq.values().forEach(Tensor::releaseReference);
    }
}
