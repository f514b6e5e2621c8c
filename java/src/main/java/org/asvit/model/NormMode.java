package org.asvit.model;

/**
 * Which normalisation the network applies. The reference switches every LayerNorm to identity for the
 * curve metrics (length distortion, curvature, L^E_kappa) and uses LayerNorms for the NTK; both run on
 * the same weights.
 */
public enum NormMode {
    /** Every LayerNorm active, as the network is defined. */
    LAYER_NORM,
    /** Every LayerNorm replaced by identity (the reference's {@code switch_norm('id')}). */
    IDENTITY
}
