package org.asvit.model;

import org.bytedeco.pytorch.Tensor;

/**
 * The network's two pooled outputs, as the reference's {@code forward_features} returns them.
 *
 * @param normed mean over tokens of the final LayerNorm's output; feeds the head
 * @param raw    mean over tokens before the final LayerNorm; every metric uses this one
 */
public record PooledFeatures(Tensor normed, Tensor raw) {
}
