package org.asvit.model;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Downsampling between stages with kernel K: tokens back to a (D, R, R) map, zero padding
 * ((K-2)/2, (K-1)/2) per axis (left/top first, floor division), unfold with kernel K and stride 2
 * (channel index {@code c*K*K + ky*K + kx}, PyTorch's Unfold order), LayerNorm(K*K*D), then
 * {@code Linear(K*K*D -> min(1024, 2D))} without bias. The grid halves.
 */
final class PatchMerging {
    private final LayerNormOp norm;
    private final LinearOp reduction;
    private final int kernel;
    private final long[] padding;

    PatchMerging(ParameterStore params, String prefix, int kernel) {
        this.norm = new LayerNormOp(params, prefix + ".norm");
        this.reduction = new LinearOp(params, prefix + ".reduction", false);
        this.kernel = kernel;
        long before = Math.floorDiv(kernel - 2, 2);
        long after = Math.floorDiv(kernel - 1, 2);
        this.padding = new long[]{before, after, before, after};
    }

    /** tokens (B, R*R, D) to (B, R'*R', 2D). */
    Jet apply(Jet tokens, ForwardContext ctx) {
        long grid = TokenGrid.side(tokens.stacked());
        Jet unfolded = tokens.map(x -> unfold(x, grid));
        return reduction.apply(norm.apply(unfolded, ctx), ctx);
    }

    private Tensor unfold(Tensor tokens, long grid) {
        long channels = tokens.size(2);
        Tensor map = tokens.transpose(1, 2).reshape(-1, channels, grid, grid);
        Tensor padded = torch.constant_pad_nd(map, padding);
        long[] k = {kernel, kernel};
        return torch.im2col(padded, k, new long[]{1, 1}, new long[]{0, 0}, new long[]{2, 2}).transpose(1, 2);
    }
}
