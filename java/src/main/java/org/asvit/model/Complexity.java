package org.asvit.model;

import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.List;

/**
 * Parameter count and FLOPs of the As-ViT network of a {@link Topology}, computed from the topology
 * alone, without building the network. Scaling and search filter on these numbers for many candidates,
 * so they must be cheap, and they must equal what the reference reports.
 *
 * <p>Parameters: every weight and bias of the network (docs/topology.md, 'Parameters and FLOPs'): the patch-embedding
 * conv and its LayerNorm; per block two LayerNorms, qkv, proj, fc1 and fc2 (all with bias); per patch
 * merging a LayerNorm over K*K*D inputs and a bias-free reduction; the final LayerNorm; the two head
 * Linears.
 *
 * <p>FLOPs follow the reference's counting (its modified thop profiler, one image, with the custom
 * matmul rule): one per multiply-accumulate of every Conv2d and Linear (Linear biases count nothing),
 * one more per conv output element for the conv bias, the two attention products q.k^T and attn.v
 * (numel of the left operand times the right operand's last side), and for each of the two token means
 * (features after and before the final LayerNorm) (tokens + 1) per output element. LayerNorm, softmax,
 * GELU, tanh, padding, unfolding, scaling and residual additions count zero.
 *
 * <p>All arithmetic is exact ({@link Counts}): a count beyond a {@code long} is an error naming it.
 */
public final class Complexity {
    /** Input channels of the images. */
    private static final int IMAGE_CHANNELS = 3;
    /** The reference pools twice: the head's input (after the final LayerNorm) and the metrics' features (before it). */
    private static final int TOKEN_MEANS = 2;
    private static final String PARAMS = "the number of parameters";
    private static final String FLOPS = "the number of FLOPs";

    /**
     * The share of one module of the reference tree.
     *
     * @param module the reference module name: {@code patch_embed}, {@code layers.i.blocks} (all blocks of
     *               stage i), {@code layers.i.downsample}, {@code norm}, {@code avgpool}, {@code head}
     */
    public record Part(String module, long params, long flops) {
    }

    private Complexity() {
    }

    /** Number of parameters of the network for {@code classes} output classes; it does not depend on the image size. */
    public static long params(Topology topology, int classes) {
        requireClasses(classes);
        long total = Counts.sum(PARAMS, patchEmbedParams(topology), normParams(topology), headParams(topology, classes));
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            total = Counts.sum(PARAMS, total, Counts.product(PARAMS, topology.depth(stage), blockParams(topology, stage)));
            if (stage < Topology.STAGES - 1) {
                total = Counts.sum(PARAMS, total, mergeParams(topology, stage));
            }
        }
        return total;
    }

    /**
     * FLOPs of one forward pass of one image of side {@code imageSize}, counted as the reference does.
     *
     * @throws org.asvit.topology.TopologyException if the topology cannot be built at that image size
     */
    public static long flops(Topology topology, int imageSize, int classes) {
        return flops(topology, imageSize, Topology.PATCH_STRIDE, classes);
    }

    /**
     * FLOPs of one forward pass of one image with the stage-1 projection at {@code stride} (progressive
     * re-tokenisation): the same counting on the smaller grids and clipped windows of
     * {@link Topology#stageGrid(int, int, int)} and {@link Topology#windowSide(int, int, int)}. The dilation
     * changes no count. At stride 4 this is {@link #flops(Topology, int, int)}.
     *
     * @throws org.asvit.topology.TopologyException if the topology cannot run at that image size and stride
     */
    public static long flops(Topology topology, int imageSize, int stride, int classes) {
        return Counts.sum(FLOPS, breakdown(topology, imageSize, stride, classes).stream().mapToLong(Part::flops).toArray());
    }

    /** Parameters and FLOPs per module, in forward order; they sum to {@link #params} and {@link #flops}. */
    public static List<Part> breakdown(Topology topology, int imageSize, int classes) {
        return breakdown(topology, imageSize, Topology.PATCH_STRIDE, classes);
    }

    /** {@link #breakdown(Topology, int, int)} with the stage-1 projection at {@code stride}. */
    public static List<Part> breakdown(Topology topology, int imageSize, int stride, int classes) {
        requireClasses(classes);
        topology.validateStride(imageSize, stride);
        Grids grids = new Grids(topology, imageSize, stride);
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("patch_embed", patchEmbedParams(topology), patchEmbedFlops(topology, grids)));
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            int depth = topology.depth(stage);
            parts.add(new Part("layers." + stage + ".blocks", Counts.product(PARAMS, depth, blockParams(topology, stage)),
                    Counts.product(FLOPS, depth, blockFlops(topology, grids, stage))));
            if (stage < Topology.STAGES - 1) {
                parts.add(new Part("layers." + stage + ".downsample", mergeParams(topology, stage),
                        mergeFlops(topology, grids, stage)));
            }
        }
        parts.add(new Part("norm", normParams(topology), 0));
        parts.add(new Part("avgpool", 0, poolFlops(topology, grids)));
        parts.add(new Part("head", headParams(topology, classes), headFlops(topology, classes)));
        return List.copyOf(parts);
    }

    /**
     * Tokens of one image in each stage (R_i * R_i) with the stage-1 projection at {@code stride}.
     *
     * @throws org.asvit.topology.TopologyException if the topology cannot run at that image size and stride
     */
    public static long[] tokens(Topology topology, int imageSize, int stride) {
        topology.validateStride(imageSize, stride);
        long[] tokens = new long[Topology.STAGES];
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            tokens[stage] = square("the number of tokens", topology.stageGrid(imageSize, stride, stage));
        }
        return tokens;
    }

    /** The grid and window sides of every stage at one image size and stride. */
    private record Grids(int[] grid, int[] window) {
        Grids(Topology topology, int imageSize, int stride) {
            this(new int[Topology.STAGES], new int[Topology.STAGES]);
            for (int stage = 0; stage < Topology.STAGES; stage++) {
                grid[stage] = topology.stageGrid(imageSize, stride, stage);
                window[stage] = topology.windowSide(imageSize, stride, stage);
            }
        }
    }

    /** Conv2d(3 -> C, K1 x K1, bias) and LayerNorm(C). */
    private static long patchEmbedParams(Topology topology) {
        long width = topology.width();
        long kernelArea = square(PARAMS, topology.kernel(0));
        return Counts.sum(PARAMS, Counts.product(PARAMS, IMAGE_CHANNELS, kernelArea, width), width, layerNormParams(width));
    }

    /** Per output element (R1 * R1 * C of them): 3*K1*K1 multiply-accumulates and one bias addition. */
    private static long patchEmbedFlops(Topology topology, Grids grids) {
        long outputs = Counts.product(FLOPS, square(FLOPS, grids.grid()[0]), topology.width());
        long perOutput = Counts.sum(FLOPS, Counts.product(FLOPS, IMAGE_CHANNELS, square(FLOPS, topology.kernel(0))), 1);
        return Counts.product(FLOPS, outputs, perOutput);
    }

    /** LN(D), qkv Linear(D -> 3*inner), proj Linear(inner -> D), LN(D), fc1 Linear(D -> hidden), fc2 Linear(hidden -> D). */
    private static long blockParams(Topology topology, int stage) {
        long width = topology.stageWidth(stage);
        long inner = topology.attentionInner(stage);
        long hidden = topology.mlpHidden(stage);
        return Counts.sum(PARAMS, layerNormParams(width), linearParams(width, 3 * inner), linearParams(inner, width),
                layerNormParams(width), linearParams(width, hidden), linearParams(hidden, width));
    }

    /**
     * One block: the four Linears over all R*R tokens, plus q.k^T and attn.v inside each of the (R/w)^2
     * windows of w*w tokens: windows * heads * (w*w)^2 * headDim each, i.e. tokens * w*w * inner.
     */
    private static long blockFlops(Topology topology, Grids grids, int stage) {
        long tokens = square(FLOPS, grids.grid()[stage]);
        long windowTokens = square(FLOPS, grids.window()[stage]);
        long width = topology.stageWidth(stage);
        long inner = topology.attentionInner(stage);
        long hidden = topology.mlpHidden(stage);
        long perToken = Counts.sum(FLOPS, width * 3 * inner, inner * width, Counts.product(FLOPS, 2, width, hidden));
        long linears = Counts.product(FLOPS, tokens, perToken);
        long attentionProducts = Counts.product(FLOPS, 2, tokens, windowTokens, inner);
        return Counts.sum(FLOPS, linears, attentionProducts);
    }

    /** Patch merging after stage i with kernel K_{i+1}: LayerNorm(K*K*D) and Linear(K*K*D -> min(1024, 2D), no bias). */
    private static long mergeParams(Topology topology, int stage) {
        long unfolded = Counts.product(PARAMS, square(PARAMS, topology.kernel(stage + 1)), topology.stageWidth(stage));
        return Counts.sum(PARAMS, layerNormParams(unfolded), Counts.product(PARAMS, unfolded, mergedWidth(topology, stage)));
    }

    /** The reduction Linear over the (R/2)^2 merged tokens; unfolding and the LayerNorm count zero. */
    private static long mergeFlops(Topology topology, Grids grids, int stage) {
        long tokens = square(FLOPS, grids.grid()[stage + 1]);
        long unfolded = Counts.product(FLOPS, square(FLOPS, topology.kernel(stage + 1)), topology.stageWidth(stage));
        return Counts.product(FLOPS, tokens, unfolded, mergedWidth(topology, stage));
    }

    private static long mergedWidth(Topology topology, int stage) {
        return Math.min(Topology.MAX_WIDTH, 2L * topology.stageWidth(stage));
    }

    /** The final LayerNorm(F). */
    private static long normParams(Topology topology) {
        return layerNormParams(topology.finalWidth());
    }

    /** Two means over the last stage's R4*R4 tokens, each counted as (tokens + 1) per output feature. */
    private static long poolFlops(Topology topology, Grids grids) {
        long tokens = square(FLOPS, grids.grid()[Topology.STAGES - 1]);
        return Counts.product(FLOPS, TOKEN_MEANS, tokens + 1, topology.finalWidth());
    }

    /** Linear(F -> F), tanh, Linear(F -> classes), both with bias. */
    private static long headParams(Topology topology, int classes) {
        long features = topology.finalWidth();
        return linearParams(features, features) + linearParams(features, classes);
    }

    /** The two head Linears on one pooled vector. */
    private static long headFlops(Topology topology, int classes) {
        long features = topology.finalWidth();
        return Counts.sum(FLOPS, features * features, features * classes);
    }

    private static long linearParams(long in, long out) {
        return Counts.sum(PARAMS, Counts.product(PARAMS, in, out), out);
    }

    private static long layerNormParams(long width) {
        return Counts.product(PARAMS, 2, width);
    }

    private static long square(String quantity, long side) {
        return Counts.product(quantity, side, side);
    }

    private static void requireClasses(int classes) {
        if (classes <= 0) {
            throw new IllegalArgumentException("number of classes must be positive, got " + classes);
        }
    }
}
