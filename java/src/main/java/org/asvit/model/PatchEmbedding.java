package org.asvit.model;

import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Stage-1 tokens: zero padding ((K-4)/2, (K-3)/2) per axis (floor division, as the reference's
 * {@code ZeroPad2d}), a K x K convolution 3 -> C with bias, then flatten to (B, R*R, C) and LayerNorm(C).
 *
 * <p>The projection's stride and dilation are run-time settings (default 4 and 1): progressive
 * re-tokenisation trains with coarse tokens by changing them while keeping the same weights.
 */
final class PatchEmbedding {
    static final int BASE_STRIDE = 4;

    private final String weightName = "patch_embed.proj.weight";
    private final Tensor weight;
    private final Tensor bias;
    private final LayerNormOp norm;
    private final int kernel;
    private final long[] padding;
    private volatile int stride = BASE_STRIDE;
    private volatile int dilation = 1;

    PatchEmbedding(ParameterStore params, int kernel) {
        this.weight = params.get(weightName);
        this.bias = params.get("patch_embed.proj.bias");
        this.norm = new LayerNormOp(params, "patch_embed.norm");
        this.kernel = kernel;
        long before = Math.floorDiv(kernel - BASE_STRIDE, 2);
        long after = Math.floorDiv(kernel - BASE_STRIDE + 1, 2);
        this.padding = new long[]{before, after, before, after};
    }

    void setProjection(int stride, int dilation) {
        if (stride <= 0 || dilation <= 0) {
            throw new IllegalArgumentException("stride and dilation must be positive, got " + stride + ", " + dilation);
        }
        this.stride = stride;
        this.dilation = dilation;
    }

    /** images (B, 3, I, I) to tokens (B, R*R, C). */
    Jet apply(Jet images, ForwardContext ctx) {
        Jet padded = images.map(x -> torch.constant_pad_nd(x, padding));
        int s = stride;
        int d = dilation;
        Jet maps = padded.conv2d(weight, bias, s, d);
        if (ctx.recording()) {
            ctx.tape().conv(weightName, padded.stacked(), maps.stacked(), kernel, s, d);
        }
        Jet tokens = maps.map(m -> m.flatten(2, 3).transpose(1, 2));
        return norm.apply(tokens, ctx);
    }
}
