package org.asvit.model;

import java.util.Arrays;

/**
 * One parameter of the network: its reference name, shape and how the reference initialises it.
 *
 * @param name  e.g. {@code layers.0.blocks.0.attn.qkv.weight}
 * @param shape PyTorch's shape for it
 * @param init  the reference initialisation
 */
public record ParameterSpec(String name, long[] shape, Init init) {

    /** The reference's initialisations (docs/topology.md, 'Initialisation'). */
    public enum Init {
        /** Linear weights: normal(0, 0.02), truncated at +-2 (absolute). */
        TRUNC_NORMAL,
        /** Linear biases and LayerNorm biases. */
        ZEROS,
        /** LayerNorm weights. */
        ONES,
        /** The patch-embedding conv's weight and bias: PyTorch's default, uniform in +-1/sqrt(fan_in). */
        CONV_DEFAULT
    }

    /** Number of scalars, exactly (an error naming the parameter if it exceeds a long). */
    public long numel() {
        return Counts.product("the size of parameter " + name + " " + shapeString(), shape);
    }

    public String shapeString() {
        return Arrays.toString(shape);
    }
}
