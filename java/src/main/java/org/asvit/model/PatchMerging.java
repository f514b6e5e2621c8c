package org.asvit.model;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Downsampling between stages with kernel K: tokens back to a (D, R, R) map, zero padding, unfold with
 * kernel K and stride 2 (channel index {@code c*K*K + ky*K + kx}, PyTorch's Unfold order), LayerNorm(K*K*D),
 * then {@code Linear(K*K*D -> min(1024, 2D))} without bias.
 *
 * <p>The grid goes from R to ceil(R/2). On an even grid (every grid of the network at stride 4) the padding
 * is the reference's ((K-2)/2, (K-1)/2) per axis, left/top first, floor division. Coarse re-tokenisation
 * strides give grids that cannot be halved cleanly (odd sides, or a side of 1 smaller than the kernel);
 * there the padding before stays the same and the padding after grows until the last row and column form
 * a token ("same" padding): 7 gives 4 and 1 gives 1, every token reaches the next stage, and the grid
 * never vanishes. {@link org.asvit.topology.Topology#stageGrid(int, int, int)} states the same rule.
 */
final class PatchMerging {
    private final LayerNormOp norm;
    private final LinearOp reduction;
    private final int kernel;

    PatchMerging(ParameterStore params, String prefix, int kernel) {
        this.norm = new LayerNormOp(params, prefix + ".norm");
        this.reduction = new LinearOp(params, prefix + ".reduction", false);
        this.kernel = kernel;
    }

    /** tokens (B, R*R, D) to (B, R'*R', 2D), R' = ceil(R/2). */
    Jet apply(Jet tokens, ForwardContext ctx) {
        long grid = TokenGrid.side(tokens.stacked());
        long[] padding = padding(grid);
        Jet unfolded = tokens.map(x -> unfold(x, grid, padding));
        return reduction.apply(norm.apply(unfolded, ctx), ctx);
    }

    /** (left, right, top, bottom) zero padding of a grid of side R: ceil(R/2) outputs. */
    long[] padding(long grid) {
        long outputs = (grid + 1) / 2;
        long total = 2 * (outputs - 1) + kernel - grid;
        long before = Math.floorDiv(kernel - 2, 2);
        long after = total - before;
        return new long[]{before, after, before, after};
    }

    private Tensor unfold(Tensor tokens, long grid, long[] padding) {
        long channels = tokens.size(2);
        Tensor map = tokens.transpose(1, 2).reshape(-1, channels, grid, grid);
        Tensor padded = torch.constant_pad_nd(map, padding);
        long[] k = {kernel, kernel};
        return torch.im2col(padded, k, new long[]{1, 1}, new long[]{0, 0}, new long[]{2, 2}).transpose(1, 2);
    }
}
