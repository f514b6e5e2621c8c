package org.asvit.model;

import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Records, during one forward pass, the input and output of every layer that owns a weight, so that
 * per-sample weight gradients can be formed from one batched backward pass (see the NTK metric).
 *
 * <p>Only plain batches (jets of order 0) are recorded. The tensors belong to the caller's pointer scope.
 */
public final class LayerTape {

    /** How the weight acts on the recorded input. */
    public enum Kind {
        /** {@code y = x W^T (+ b)} over the last axis; x and y are (batch, ..., features). */
        LINEAR,
        /** A 2-d convolution of an already padded input; see {@link Entry#kernel} etc. */
        CONV,
        /** {@code y = gamma * xhat + beta}; x is the LayerNorm's input. */
        LAYER_NORM
    }

    /**
     * One weight's layer.
     *
     * @param weightName the parameter name, as in the reference module tree
     * @param input      the layer's input (for CONV the padded image batch)
     * @param output     the layer's output, as used downstream (so that autograd can reach it)
     * @param kernel     CONV only: kernel side
     * @param stride     CONV only: stride
     * @param dilation   CONV only: dilation
     * @param eps        LAYER_NORM only: epsilon
     */
    public record Entry(String weightName, Kind kind, Tensor input, Tensor output,
                        long kernel, long stride, long dilation, double eps) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void linear(String weightName, Tensor input, Tensor output) {
        entries.add(new Entry(weightName, Kind.LINEAR, input, output, 0, 0, 0, 0));
    }

    void conv(String weightName, Tensor paddedInput, Tensor output, long kernel, long stride, long dilation) {
        entries.add(new Entry(weightName, Kind.CONV, paddedInput, output, kernel, stride, dilation, 0));
    }

    void layerNorm(String weightName, Tensor input, Tensor output, double eps) {
        entries.add(new Entry(weightName, Kind.LAYER_NORM, input, output, 0, 0, 0, eps));
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }
}
