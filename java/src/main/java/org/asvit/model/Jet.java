package org.asvit.model;

import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.function.UnaryOperator;

/**
 * A batch of values together with their first and second derivatives along a curve (a second-order
 * Taylor "jet"), stacked on the batch axis: rows {@code [0, B)} hold the values, {@code [B, 2B)} the
 * first derivatives and {@code [2B, 3B)} the second derivatives. Order 0 is a plain batch.
 *
 * <p>Why stacking: every linear map of the network (convolution, Linear, padding, unfold, window
 * partition, token mean) acts on the derivatives exactly as on the values, so one call on the stacked
 * tensor pushes all three through at once; only the bias goes to the value rows alone. The few
 * non-linear maps (GELU, softmax attention) have their chain rules written out in closed form. This is
 * forward-mode differentiation of second order in one pass, which libtorch's dual tensors cannot nest.
 *
 * <p>Any reshape applied through {@link #map} must keep the batch axis outermost and row-major, so that
 * each block stays a contiguous run of rows (window partition of a (rows, H, W, C) map does).
 */
public final class Jet {
    private final Tensor stacked;
    private final int order;

    private Jet(Tensor stacked, int order) {
        this.stacked = stacked;
        this.order = order;
    }

    /** A plain batch: values only (order 0). Autograd flows through it as usual. */
    public static Jet of(Tensor value) {
        return new Jet(value, 0);
    }

    /** Values with their first derivatives (order 1). */
    public static Jet firstOrder(Tensor value, Tensor first) {
        return new Jet(torch.cat(new TensorVector(value, first), 0), 1);
    }

    /** Values with their first and second derivatives (order 2). */
    public static Jet secondOrder(Tensor value, Tensor first, Tensor second) {
        return new Jet(torch.cat(new TensorVector(value, first, second), 0), 2);
    }

    static Jet wrap(Tensor stacked, int order) {
        return new Jet(stacked, order);
    }

    public Tensor stacked() {
        return stacked;
    }

    public int order() {
        return order;
    }

    /** Rows of one block: the batch of the values. */
    public long batch() {
        return stacked.size(0) / (order + 1);
    }

    /** Block k: k = 0 the values, 1 the first derivatives, 2 the second. */
    public Tensor block(int k) {
        if (k < 0 || k > order) {
            throw new IllegalArgumentException("jet of order " + order + " has no block " + k);
        }
        long b = batch();
        return order == 0 ? stacked : stacked.narrow(0, k * b, b);
    }

    public Tensor value() {
        return block(0);
    }

    /** Applies a linear, row-wise map (reshape, permute, pad, unfold, mean) to every block at once. */
    public Jet map(UnaryOperator<Tensor> linearMap) {
        return new Jet(linearMap.apply(stacked), order);
    }

    /** {@code x W^T + b}, the bias on the value rows only. */
    public Jet linear(Tensor weight, Tensor biasOrNull) {
        if (order == 0 || biasOrNull == null) {
            return new Jet(biasOrNull == null ? torch.linear(stacked, weight)
                    : torch.linear(stacked, weight, new TensorOptional(biasOrNull)), order);
        }
        Tensor out = torch.linear(stacked, weight);
        out.narrow(0, 0, batch()).add_(biasOrNull);
        return new Jet(out, order);
    }

    /** 2-d convolution (no padding here), the bias on the value rows only. */
    public Jet conv2d(Tensor weight, Tensor bias, long stride, long dilation) {
        long[] s = {stride, stride};
        long[] p = {0, 0};
        long[] d = {dilation, dilation};
        if (order == 0) {
            return new Jet(torch.conv2d(stacked, weight, new TensorOptional(bias), s, p, d, 1), order);
        }
        Tensor out = torch.conv2d(stacked, weight, new TensorOptional(), s, p, d, 1);
        out.narrow(0, 0, batch()).add_(bias.view(1, -1, 1, 1));
        return new Jet(out, order);
    }

    /** Elementwise sum of two jets of the same order and shape (a residual connection). */
    public Jet plus(Jet other) {
        requireSameOrder(other);
        return new Jet(stacked.add(other.stacked), order);
    }

    /**
     * Exact GELU, {@code g(x) = x Phi(x)}, with its chain rule: {@code y' = g'(x) x'} and
     * {@code y'' = g''(x) x'^2 + g'(x) x''}, where {@code g' = Phi + x phi} and {@code g'' = phi (2 - x^2)}.
     */
    public Jet gelu() {
        if (order == 0) {
            return new Jet(torch.gelu(stacked), 0);
        }
        // The chain rule with Phi = 0.5 (1 + erf(x / sqrt 2)), phi = exp(-x^2 / 2) / sqrt(2 pi):
        // gelu = x Phi, g1 = Phi + x phi, g2 = phi (2 - x^2); y1 = g1 x', y2 = g2 x'^2 + g1 x''.
        // Written in place into one output (no cat) and two temporaries: every fresh tensor of this size
        // costs page faults, which took more time than the arithmetic.
        long rows = batch();
        Tensor x = value();
        Tensor d1 = block(1);
        Tensor out = torch.empty_like(stacked);
        Tensor cdf = x.mul(new Scalar(INV_SQRT_2)).erf_().add_(new Scalar(1.0)).mul_(new Scalar(0.5));
        Tensor phi = x.square().mul_(new Scalar(-0.5)).exp_().mul_(new Scalar(INV_SQRT_2PI));
        torch.mul_out(out.narrow(0, 0, rows), x, cdf);
        Tensor g1 = cdf.addcmul_(x, phi);
        torch.mul_out(out.narrow(0, rows, rows), g1, d1);
        if (order == 2) {
            Tensor y2 = out.narrow(0, 2 * rows, rows);
            torch.mul_out(y2, g1, block(2));
            // phi becomes g2 x' = phi (2 - x^2) x', then y2 += (g2 x') x'.
            Tensor g2 = phi.mul_(x.square().neg_().add_(new Scalar(2.0)));
            y2.addcmul_(g2.mul_(d1), d1);
        }
        return new Jet(out, order);
    }

    void requireSameOrder(Jet other) {
        if (other.order != order) {
            throw new IllegalArgumentException("jets of different orders: " + order + " and " + other.order);
        }
    }

    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);
}
