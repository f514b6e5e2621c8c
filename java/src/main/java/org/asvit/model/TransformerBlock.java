package org.asvit.model;

/**
 * One block: {@code x = x + Attn(LN(x))} with attention inside non-overlapping windows (no shift), then
 * {@code x = x + MLP(LN(x))}.
 */
final class TransformerBlock {
    private final LayerNormOp norm1;
    private final WindowAttention attention;
    private final FeedForward mlp;
    private final int windowSide;
    private final DropPath dropPath;

    TransformerBlock(ParameterStore params, String prefix, int heads, int headDim, int windowSide, TrainingMode mode) {
        this.norm1 = new LayerNormOp(params, prefix + ".norm1");
        this.attention = new WindowAttention(params, prefix + ".attn", heads, headDim);
        this.mlp = new FeedForward(params, prefix + ".mlps.0");
        this.windowSide = windowSide;
        this.dropPath = new DropPath(mode);
    }

    DropPath dropPath() {
        return dropPath;
    }

    /**
     * tokens (B, R*R, D) to (B, R*R, D). A pass that cuts its graph at the attention cuts it at the block's
     * input too, so that its segmented backward walks the graph before the block once (see {@link LayerTape}).
     */
    Jet apply(Jet input, ForwardContext ctx) {
        Jet tokens = ctx.cutsAttention(input) ? Jet.of(ctx.tape().cutStream(input.value())) : input;
        long grid = TokenGrid.side(tokens.stacked());
        int window = TokenGrid.window(grid, windowSide);
        Jet windows = norm1.apply(tokens, ctx).map(x -> TokenGrid.partition(x, grid, window));
        Jet attended = attention.apply(windows, ctx).map(x -> TokenGrid.merge(x, grid, window));
        Jet x = tokens.plus(dropPath.apply(attended));
        return x.plus(dropPath.apply(mlp.apply(x, ctx)));
    }
}
