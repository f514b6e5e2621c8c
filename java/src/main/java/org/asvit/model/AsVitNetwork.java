package org.asvit.model;

import org.asvit.runtime.Scopes;
import org.asvit.runtime.TensorKind;
import org.asvit.runtime.TorchRuntime;
import org.asvit.topology.Projection;
import org.asvit.topology.Topology;
import org.bytedeco.pytorch.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * An As-ViT network (docs/topology.md, 'The network') over a {@link ParameterStore}: patch embedding, four
 * stages of windowed-attention blocks joined by patch merging, a final LayerNorm, two token means and
 * a tanh head.
 *
 * <p>The forward is split into named parts: {@link #tokens} (everything before pooling, on any jet),
 * {@link #features} (the two pooled outputs) and {@link #logits}. Forward does no validation; the
 * constructor checks the topology and image size. Closing the network frees its parameters.
 *
 * <p>Evaluation mode by default; {@link #train} with {@link #setDropPathRate} adds stochastic depth.
 *
 * <p>Not thread-safe for concurrent {@link #setProjection}, mode changes and forward; concurrent forwards
 * in evaluation mode are fine (each thread must open its own pointer scope and grad mode).
 */
public final class AsVitNetwork implements AutoCloseable {
    private final Topology topology;
    private final int imageSize;
    private final int classes;
    private final ParameterStore params;
    private final PatchEmbedding patchEmbedding;
    private final List<List<TransformerBlock>> stages = new ArrayList<>();
    private final List<PatchMerging> mergings = new ArrayList<>();
    private final LayerNormOp finalNorm;
    private final ClassifierHead head;
    private final TrainingMode mode = new TrainingMode();

    private AsVitNetwork(Topology topology, int imageSize, int classes, ParameterStore params) {
        TorchRuntime.ensureReady();
        this.topology = topology;
        this.imageSize = imageSize;
        this.classes = classes;
        this.params = params;
        this.patchEmbedding = new PatchEmbedding(params, topology.kernel(0));
        for (int stage = 0; stage < 4; stage++) {
            List<TransformerBlock> blocks = new ArrayList<>();
            for (int b = 0; b < topology.depth(stage); b++) {
                blocks.add(new TransformerBlock(params, "layers." + stage + ".blocks." + b,
                        topology.stageHeads(stage), topology.headDim(stage), topology.windowSide(imageSize, stage),
                        mode));
            }
            stages.add(blocks);
            if (stage < 3) {
                mergings.add(new PatchMerging(params, "layers." + stage + ".downsample", topology.kernel(stage + 1)));
            }
        }
        this.finalNorm = new LayerNormOp(params, "norm");
        this.head = new ClassifierHead(params);
    }

    /** A network with the reference initialisation drawn from {@code seed}. */
    public static AsVitNetwork initialised(Topology topology, int imageSize, int classes, long seed, TensorKind kind) {
        topology.validateImageSize(imageSize);
        ParameterLayout layout = ParameterLayout.of(topology, classes);
        return new AsVitNetwork(topology, imageSize, classes, ParameterStore.initialised(layout, seed, kind));
    }

    /** A network over existing parameters (for example loaded weights); takes ownership of them. */
    public static AsVitNetwork over(Topology topology, int imageSize, int classes, ParameterStore params) {
        topology.validateImageSize(imageSize);
        ParameterLayout expected = ParameterLayout.of(topology, classes);
        if (expected.count() != params.layout().count() || !expected.specs().stream()
                .allMatch(s -> params.layout().contains(s.name()))) {
            throw new IllegalArgumentException("parameters were laid out for another architecture than " + topology);
        }
        return new AsVitNetwork(topology, imageSize, classes, params);
    }

    /** images (B, 3, I, I) to the last stage's tokens (B, L, F), before the final LayerNorm. */
    public Jet tokens(Jet images, ForwardContext ctx) {
        Jet x = patchEmbedding.apply(images, ctx);
        for (int stage = 0; stage < 4; stage++) {
            for (TransformerBlock block : stages.get(stage)) {
                x = step(x, ctx, in -> block.apply(in, ctx));
            }
            if (stage < 3) {
                PatchMerging merging = mergings.get(stage);
                x = step(x, ctx, in -> merging.apply(in, ctx));
            }
        }
        return x;
    }

    /**
     * One block or merging, with every temporary it creates freed on return, so that a pass holds one
     * block's temporaries at a time rather than the whole network's (what autograd saves for the backward
     * pass it keeps by its own references). A recording pass keeps everything: its tape holds layer inputs
     * and outputs for the NTK.
     */
    private static Jet step(Jet x, ForwardContext ctx, UnaryOperator<Jet> layer) {
        if (ctx.recording()) {
            return layer.apply(x);
        }
        int order = x.order();
        return Jet.wrap(Scopes.stepOne(() -> layer.apply(x).stacked()), order);
    }

    /** The pooled features before the final LayerNorm, (B, F): what every metric differentiates. */
    public Jet rawFeatures(Jet images, ForwardContext ctx) {
        return tokens(images, ctx).map(t -> t.mean(1));
    }

    /** Both pooled outputs of a plain batch. */
    public PooledFeatures features(Tensor images, NormMode mode) {
        Tensor tokens = tokens(Jet.of(images), ForwardContext.of(mode)).value();
        Tensor normed = finalNorm.apply(Jet.of(tokens), ForwardContext.of(mode)).value().mean(1);
        return new PooledFeatures(normed, tokens.mean(1));
    }

    /** The full forward through the head, (B, classes). */
    public Tensor logits(Tensor images, NormMode mode) {
        return head.apply(features(images, mode).normed());
    }

    /**
     * Sets the stage-1 projection's stride and dilation, keeping its weights (progressive
     * re-tokenisation, docs/training.md, 'The projection'). The default is {@link Projection#BASE}, stride 4 and
     * dilation 1, the network as built. At a coarser stride every stage runs on a smaller grid
     * ({@link Topology#stageGrid(int, int, int)}) with its windows clipped to it
     * ({@link Topology#windowSide(int, int, int)}); no parameter changes shape or value.
     *
     * @throws org.asvit.topology.TopologyException if the network, built for its image size, cannot run
     *                                              at that stride ({@link Topology#validateStride})
     */
    public void setProjection(Projection projection) {
        topology.validateStride(imageSize, projection.stride());
        patchEmbedding.setProjection(projection);
    }

    /** {@link #setProjection(Projection)} with an explicit stride and dilation. */
    public void setProjection(int stride, int dilation) {
        setProjection(new Projection(stride, dilation));
    }

    /** {@link #setProjection(Projection)} at {@code stride} with the paper's dilation for this network's K1. */
    public void setStride(int stride) {
        setProjection(Projection.forStride(stride, topology.kernel(0)));
    }

    /** The stage-1 projection in use. */
    public Projection projection() {
        return patchEmbedding.projection();
    }

    /**
     * Training mode: drop-path (if a rate is set) draws its masks from a stream seeded with {@code seed}.
     * The metrics run in evaluation mode, the default.
     */
    public void train(long seed) {
        mode.set(true, seed);
    }

    /** Evaluation mode (the default): deterministic, no drop-path. */
    public void eval() {
        mode.set(false, 0);
    }

    public boolean isTraining() {
        return mode.training();
    }

    /**
     * Stochastic depth for training: block k of n drops its residual branches with probability
     * {@code rate * k / (n - 1)} (timm's linear rule, as the reference's {@code drop_path_rate}). The
     * reference's search uses 0, the default.
     */
    public void setDropPathRate(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("drop-path rate must be in [0, 1), got " + rate);
        }
        List<TransformerBlock> all = stages.stream().flatMap(List::stream).toList();
        for (int k = 0; k < all.size(); k++) {
            all.get(k).dropPath().setProbability(all.size() == 1 ? 0.0 : rate * k / (all.size() - 1));
        }
    }

    public Topology topology() {
        return topology;
    }

    public int imageSize() {
        return imageSize;
    }

    public int classes() {
        return classes;
    }

    public ParameterStore parameters() {
        return params;
    }

    public TensorKind kind() {
        return params.kind();
    }

    @Override
    public void close() {
        mode.close();
        params.close();
    }
}
