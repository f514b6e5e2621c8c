package org.asvit.model;

import org.asvit.topology.Projection;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Stage-1 tokens: zero padding, a K x K convolution 3 -> C with bias, then flatten to (B, R*R, C) and
 * LayerNorm(C).
 *
 * <p>The projection's stride and dilation are run-time settings ({@link Projection}, default stride 4 and
 * dilation 1): progressive re-tokenisation trains with coarse tokens by changing them while keeping the
 * same weights. The padding follows from them ({@link Projection#padding}); at stride 4 it is the
 * reference's ((K-4)/2, (K-3)/2) per axis (floor division, as its {@code ZeroPad2d}).
 */
final class PatchEmbedding {
    private final String weightName = "patch_embed.proj.weight";
    private final Tensor weight;
    private final Tensor bias;
    private final LayerNormOp norm;
    private final int kernel;
    private volatile Projection projection = Projection.BASE;

    PatchEmbedding(ParameterStore params, int kernel) {
        this.weight = params.get(weightName);
        this.bias = params.get("patch_embed.proj.bias");
        this.norm = new LayerNormOp(params, "patch_embed.norm");
        this.kernel = kernel;
    }

    void setProjection(Projection projection) {
        this.projection = projection;
    }

    Projection projection() {
        return projection;
    }

    /** images (B, 3, I, I) to tokens (B, R*R, C), R = ceil(I / stride). */
    Jet apply(Jet images, ForwardContext ctx) {
        Projection p = projection;
        int[] pad = p.padding(kernel, (int) images.stacked().size(3));
        long[] padding = {pad[0], pad[1], pad[0], pad[1]};
        Jet padded = images.map(x -> torch.constant_pad_nd(x, padding));
        Jet maps = padded.conv2d(weight, bias, p.stride(), p.dilation());
        if (ctx.recording()) {
            ctx.tape().conv(weightName, padded.stacked(), maps.stacked(), kernel, p.stride(), p.dilation());
        }
        Jet tokens = maps.map(m -> m.flatten(2, 3).transpose(1, 2));
        return norm.apply(tokens, ctx);
    }
}
