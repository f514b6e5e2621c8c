package org.asvit.model;

import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Records, during one forward pass, the input and output of every layer that owns a weight, so that
 * per-sample weight gradients can be formed from one batched backward pass (see the NTK metric).
 *
 * <p>Where the attention runs on the native kernel, which has no autograd node, the pass cuts its graph
 * in two places per block and records the {@link Cut}s: the block's input becomes a fresh leaf (so that
 * the graph behind it is walked once, not once per block), and so does the attention's output. The cuts
 * split the graph into segments, numbered in forward order (cut i starts segment i + 1); every entry
 * notes its segment. {@link SegmentedBackward} walks them back to front.
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
     * @param mean       LAYER_NORM only: the input's mean over its last axis, (..., 1)
     * @param rstd       LAYER_NORM only: the reciprocal of its standard deviation (epsilon included), (..., 1)
     * @param segment    the graph segment the layer lies in (0 when the pass made no cut)
     */
    public record Entry(String weightName, Kind kind, Tensor input, Tensor output,
                        long kernel, long stride, long dilation, Tensor mean, Tensor rstd, int segment) {
    }

    /** A place where the graph was cut: {@link #leaf} stands in, downstream, for what came before. */
    public sealed interface Cut permits StreamCut, AttentionCut {
        /** The leaf (requires grad, no history) that the next segment starts from. */
        Tensor leaf();
    }

    /**
     * A block's input: {@code leaf} is a detached copy of {@code upstream}, the last tensor of the
     * previous segment; the gradient that reaches the leaf flows on into {@code upstream}.
     */
    public record StreamCut(Tensor upstream, Tensor leaf) implements Cut {
    }

    /**
     * A native attention: {@code leaf} holds {@code softmax(q k^T) v} of the detached, contiguous
     * {@code qData}, {@code kData}, {@code vData} (rows, N, d), split from the graph-connected
     * {@code packed}. Its gradient goes through the native backward kernel (with the forward's per-query
     * log-sum-exp {@code lse}) and, by {@code packedGradient}, into {@code packed}.
     */
    public record AttentionCut(Tensor packed, Tensor qData, Tensor kData, Tensor vData, Tensor lse, Tensor leaf,
                               Function<Tensor[], Tensor> packedGradient) implements Cut {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final List<Cut> cuts = new ArrayList<>();

    void linear(String weightName, Tensor input, Tensor output) {
        entries.add(new Entry(weightName, Kind.LINEAR, input, output, 0, 0, 0, null, null, cuts.size()));
    }

    void conv(String weightName, Tensor paddedInput, Tensor output, long kernel, long stride, long dilation) {
        entries.add(new Entry(weightName, Kind.CONV, paddedInput, output, kernel, stride, dilation, null, null,
                cuts.size()));
    }

    void layerNorm(String weightName, Tensor input, Tensor output, Tensor mean, Tensor rstd) {
        entries.add(new Entry(weightName, Kind.LAYER_NORM, input, output, 0, 0, 0, mean, rstd, cuts.size()));
    }

    /** Cuts the graph at a block's input; returns the leaf to continue from. */
    Tensor cutStream(Tensor upstream) {
        Tensor leaf = upstream.detach().requires_grad_(true);
        cuts.add(new StreamCut(upstream, leaf));
        return leaf;
    }

    /** Records a native attention's output, computed outside the graph; returns it as a leaf. */
    Tensor cutAttention(Tensor packed, Tensor qData, Tensor kData, Tensor vData, Tensor lse, Tensor attended,
                        Function<Tensor[], Tensor> packedGradient) {
        Tensor leaf = attended.requires_grad_(true);
        cuts.add(new AttentionCut(packed, qData, kData, vData, lse, leaf, packedGradient));
        return leaf;
    }

    public List<Entry> entries() {
        return Collections.unmodifiableList(entries);
    }

    /** The cuts in forward order: cut i starts segment i + 1. */
    public List<Cut> cuts() {
        return Collections.unmodifiableList(cuts);
    }
}
