package org.asvit.model;

/**
 * What one forward pass needs besides its input: the normalisation mode, and optionally a tape that
 * records every weighted layer's input and output.
 *
 * @param normMode LayerNorm or identity
 * @param tape     where weighted layers record themselves, or null
 */
public record ForwardContext(NormMode normMode, LayerTape tape) {

    public static ForwardContext of(NormMode normMode) {
        return new ForwardContext(normMode, null);
    }

    public static ForwardContext recording(NormMode normMode, LayerTape tape) {
        return new ForwardContext(normMode, tape);
    }

    boolean recording() {
        return tape != null;
    }
}
