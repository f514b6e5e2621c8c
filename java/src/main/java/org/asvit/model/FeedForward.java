package org.asvit.model;

/** The block's MLP with its pre-norm: {@code LN -> Linear(D -> floor(D*E)) -> GELU -> Linear(-> D)}. */
final class FeedForward {
    private final LayerNormOp norm;
    private final LinearOp fc1;
    private final LinearOp fc2;

    FeedForward(ParameterStore params, String prefix) {
        this.norm = new LayerNormOp(params, prefix + ".0");
        this.fc1 = new LinearOp(params, prefix + ".1.fc1", true);
        this.fc2 = new LinearOp(params, prefix + ".1.fc2", true);
    }

    /** tokens (B, L, D) to the residual branch (B, L, D). */
    Jet apply(Jet tokens, ForwardContext ctx) {
        return fc2.apply(fc1.apply(norm.apply(tokens, ctx), ctx).gelu(), ctx);
    }
}
