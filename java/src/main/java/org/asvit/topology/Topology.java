package org.asvit.topology;

import java.util.Arrays;
import java.util.Objects;

/**
 * One As-ViT network shape: for each of the four stages the embedding kernel K, the attention
 * splits per side S, the FFN expansion E and the depth L (blocks), plus the heads H of the last
 * stage and the width C of the first stage. Everything else about the network (stage widths, heads
 * per stage, head dimension, MLP width, token grids and windows) is derived here, so that the model
 * builder, the complexity counter and the search all agree on one definition.
 *
 * <p>A topology is written in seed form {@code K1,S1,E1|K2,S2,E2|K3,S3,E3|K4,S4,E4|H} (depths 1,
 * width 32) or in scaled form {@code K1,S1,E1,L1|...|K4,S4,E4,L4|H,C}; as in the reference, depths and
 * width may also be written independently ({@code K,S,E|...|H,C}, {@code K,S,E,L|...|H}); see
 * {@link #parse} and {@link #format}. The instance remembers its {@link Form}, so formatting a parsed
 * canonical string gives back that string. Equality is by network: a seed-form topology equals its
 * {@link #scaledForm()}.
 *
 * <p>Stage indices passed to methods are 0-based (0..3); error messages number stages from 1, as
 * the paper's K1..K4 do. Every instance is valid: all values positive and every stage has at least
 * one head with a head dimension of at least one. Image-size checks are separate
 * ({@link #validateImageSize}), since one topology is built at several image sizes.
 */
public final class Topology {
    /** Number of stages of every As-ViT network. */
    public static final int STAGES = 4;
    /** Width C of stage 1 implied by the seed form. */
    public static final int SEED_WIDTH = 32;
    /** Cap on every stage's width (and on the final width), as in the reference. */
    public static final int MAX_WIDTH = 1024;
    /** Stride of the patch-embedding convolution: the stage-1 grid side is the image side / 4. */
    public static final int PATCH_STRIDE = 4;
    /** Image sides must be multiples of this: four halvings after the stride-4 embedding. */
    public static final int IMAGE_MULTIPLE = 32;

    private final int[] kernels;
    private final int[] splits;
    private final int[] expansions;
    private final int[] depths;
    private final int heads;
    private final int width;
    private final Form form;

    /**
     * Which optional parts the text of a topology writes out.
     *
     * @param depthsWritten stages are {@code K,S,E,L} (false: {@code K,S,E}, depth 1)
     * @param widthWritten  the heads group is {@code H,C} (false: {@code H}, width 32)
     */
    public record Form(boolean depthsWritten, boolean widthWritten) {
        /** {@code K,S,E|...|H}. */
        public static final Form SEED = new Form(false, false);
        /** {@code K,S,E,L|...|H,C}. */
        public static final Form SCALED = new Form(true, true);
    }

    private Topology(int[] kernels, int[] splits, int[] expansions, int[] depths, int heads, int width,
                     Form form, String source) {
        this.kernels = stageValues(kernels, "K", source);
        this.splits = stageValues(splits, "S", source);
        this.expansions = stageValues(expansions, "E", source);
        this.depths = stageValues(depths, "L", source);
        this.heads = requirePositive("field 'H'", heads, source);
        this.width = requirePositive("field 'C'", width, source);
        this.form = form;
        if (!form.depthsWritten() && Arrays.stream(this.depths).anyMatch(d -> d != 1)) {
            throw new IllegalArgumentException("depths other than 1 must be written: " + Arrays.toString(depths));
        }
        if (!form.widthWritten() && width != SEED_WIDTH) {
            throw new IllegalArgumentException("a width other than " + SEED_WIDTH + " must be written: " + width);
        }
        requireHeadsFit(source);
    }

    /**
     * Reads a topology in seed or scaled form.
     *
     * @throws TopologyException naming the malformed group or field and what it accepts
     */
    public static Topology parse(String text) {
        return TopologyFormat.parse(text);
    }

    /** A seed-form topology: depths 1 and width {@value #SEED_WIDTH}. Arrays hold stages 1..4. */
    public static Topology seed(int[] kernels, int[] splits, int[] expansions, int heads) {
        int[] ones = {1, 1, 1, 1};
        String source = TopologyFormat.format(kernels, splits, expansions, ones, heads, SEED_WIDTH, Form.SEED);
        return new Topology(kernels, splits, expansions, ones, heads, SEED_WIDTH, Form.SEED, source);
    }

    /** A scaled-form topology. Arrays hold stages 1..4. */
    public static Topology scaled(int[] kernels, int[] splits, int[] expansions, int[] depths, int heads, int width) {
        String source = TopologyFormat.format(kernels, splits, expansions, depths, heads, width, Form.SCALED);
        return new Topology(kernels, splits, expansions, depths, heads, width, Form.SCALED, source);
    }

    /** As {@link #seed} or {@link #scaled}, but error messages quote {@code source}, the text the values came from. */
    static Topology fromText(int[] kernels, int[] splits, int[] expansions, int[] depths, int heads, int width,
                             Form form, String source) {
        return new Topology(kernels, splits, expansions, depths, heads, width, form, source);
    }

    /** The topology string, in the form this instance was written in. */
    public String format() {
        return TopologyFormat.format(kernels, splits, expansions, depths, heads, width, form);
    }

    /** Which optional parts {@link #format()} writes. */
    public Form form() {
        return form;
    }

    /** True when {@link #format()} writes the seed form (then depths are all 1 and width is 32). */
    public boolean isSeedForm() {
        return form.equals(Form.SEED);
    }

    /** The same network, written in scaled form. */
    public Topology scaledForm() {
        return form.equals(Form.SCALED) ? this
                : new Topology(kernels, splits, expansions, depths, heads, width, Form.SCALED, format());
    }

    /** The same network with depths 1 and width 32 in seed form: the search-space point it was grown from. */
    public Topology seedOf() {
        return seed(kernels, splits, expansions, heads);
    }

    /** The same topology with other blocks per stage (four values), written in scaled form. */
    public Topology withDepths(int[] newDepths) {
        return scaled(kernels, splits, expansions, newDepths, heads, width);
    }

    /** The same topology with another stage-1 width C, written in scaled form. */
    public Topology withWidth(int newWidth) {
        return scaled(kernels, splits, expansions, depths, heads, newWidth);
    }

    /** K of a stage: the patch-embedding conv kernel (stage 0) or the patch-merging kernel before it. */
    public int kernel(int stage) {
        return kernels[Objects.checkIndex(stage, STAGES)];
    }

    /** S of a stage: attention windows per grid side. */
    public int split(int stage) {
        return splits[Objects.checkIndex(stage, STAGES)];
    }

    /** E of a stage: the MLP expansion ratio. */
    public int expansion(int stage) {
        return expansions[Objects.checkIndex(stage, STAGES)];
    }

    /** L of a stage: its number of transformer blocks. */
    public int depth(int stage) {
        return depths[Objects.checkIndex(stage, STAGES)];
    }

    /** L of all four stages (a copy). */
    public int[] depths() {
        return depths.clone();
    }

    /** H: the heads of the last stage. */
    public int heads() {
        return heads;
    }

    /** C: the width of stage 1. */
    public int width() {
        return width;
    }

    /** D_i = min(1024, C * 2^i): the token width inside stage i. */
    public int stageWidth(int stage) {
        Objects.checkIndex(stage, STAGES);
        return (int) Math.min(MAX_WIDTH, (long) width << stage);
    }

    /** h_i = H / 2^(3-i): H/8, H/4, H/2, H for stages 0..3. */
    public int stageHeads(int stage) {
        Objects.checkIndex(stage, STAGES);
        return heads >> (STAGES - 1 - stage);
    }

    /** D_i / h_i (integer division): the width of one attention head. */
    public int headDim(int stage) {
        return stageWidth(stage) / stageHeads(stage);
    }

    /** head dimension * heads: the width of q, k and v, which is smaller than D_i when h_i does not divide it. */
    public int attentionInner(int stage) {
        return headDim(stage) * stageHeads(stage);
    }

    /** D_i * E_i: the MLP's hidden width (a long: E_i may be any positive int, D_i up to 1024). */
    public long mlpHidden(int stage) {
        return (long) stageWidth(stage) * expansion(stage);
    }

    /** F = min(1024, 8C): the width of the pooled features and of the head. */
    public int finalWidth() {
        return stageWidth(STAGES - 1);
    }

    /**
     * Checks that this topology can be built for square images of side {@code imageSize}: the side is
     * a positive multiple of 32, and in every stage the split S_i divides the grid side R_i, so that the
     * grid is cut into exactly S_i x S_i windows of side R_i / S_i. The reference computes the window side
     * by integer division and partitions the grid into tiles of that side; when S_i does not divide R_i it
     * either fails (the tile does not divide the grid) or silently builds another split (S1 = 30 on a 56
     * grid gives 1-token windows, the network of S1 = 56). Both are refused here.
     *
     * @throws TopologyException naming the image size or the stage's split and what it accepts
     */
    public void validateImageSize(int imageSize) {
        if (imageSize <= 0 || imageSize % IMAGE_MULTIPLE != 0) {
            throw new TopologyException("image size must be a positive multiple of " + IMAGE_MULTIPLE
                    + " (e.g. 64 or 224), got " + imageSize + " (topology '" + format() + "')");
        }
        for (int stage = 0; stage < STAGES; stage++) {
            int grid = grid(imageSize, stage);
            int split = splits[stage];
            if (grid % split != 0) {
                throw new TopologyException("stage " + (stage + 1) + " field 'S' = " + split + " does not divide the "
                        + "stage's " + grid + "x" + grid + " token grid at image size " + imageSize + " (accepted: "
                        + "the divisors of " + grid + ": " + divisors(grid) + ") (topology '" + format() + "')");
            }
        }
    }

    /** The divisors of {@code n}, ascending; more than 12 are cut with "...". */
    private static String divisors(int n) {
        java.util.TreeSet<Integer> found = new java.util.TreeSet<>();
        for (int d = 1; (long) d * d <= n; d++) {
            if (n % d == 0) {
                found.add(d);
                found.add(n / d);
            }
        }
        String listed = found.stream().limit(12).map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
        return found.size() > 12 ? listed + ", ..." : listed;
    }

    /** R_i = (I/4) / 2^i: the side of stage i's token grid for images of side I. */
    public int stageGrid(int imageSize, int stage) {
        Objects.checkIndex(stage, STAGES);
        validateImageSize(imageSize);
        return grid(imageSize, stage);
    }

    /**
     * The side of stage i's attention windows: w = R_i / S_i, exact ({@link #validateImageSize}). Windows
     * are non-overlapping w*w tiles; there are S_i^2 of them.
     */
    public int windowSide(int imageSize, int stage) {
        int grid = stageGrid(imageSize, stage);
        return window(grid, splits[stage]);
    }

    /**
     * The side of stage i's token grid when the stage-1 projection runs at {@code stride} (progressive
     * re-tokenisation, {@link Projection}): R_1 = ceil(I / stride), then every patch merging gives
     * ceil(R / 2). A grid that merging cannot halve cleanly (an odd side, or a side of 1) is padded at its
     * end so that its last row and column still form tokens: 7 gives 4, 1 stays 1. At stride 4 the grids
     * are exactly {@link #stageGrid(int, int)}'s, since the image side is a multiple of 32.
     *
     * @throws TopologyException if the topology cannot run at that image size and stride
     *                           ({@link #validateStride})
     */
    public int stageGrid(int imageSize, int stride, int stage) {
        Objects.checkIndex(stage, STAGES);
        validateStride(imageSize, stride);
        return coarseGrid(imageSize, stride, stage);
    }

    /**
     * The side of stage i's attention windows at {@code stride}: the window of the network as built
     * ({@link #windowSide(int, int)}, at stride 4), clipped to the stage's grid. The blocks' weights do not
     * depend on the window, so the same network runs at every stride; a grid smaller than the window is
     * one window.
     *
     * @throws TopologyException if the topology cannot run at that image size and stride
     */
    public int windowSide(int imageSize, int stride, int stage) {
        Objects.checkIndex(stage, STAGES);
        validateStride(imageSize, stride);
        return Math.min(window(grid(imageSize, stage), splits[stage]), coarseGrid(imageSize, stride, stage));
    }

    /**
     * Checks that the network of this topology, built for images of side {@code imageSize}, can run with
     * its stage-1 projection at {@code stride}: the image size is valid ({@link #validateImageSize}), the
     * stride is a power of two from 4 and at most the image side, and in every stage the clipped window
     * ({@link #windowSide(int, int, int)}) tiles the grid ({@link #stageGrid(int, int, int)}).
     *
     * @throws TopologyException naming the stride or the stage that fails and what is accepted
     */
    public void validateStride(int imageSize, int stride) {
        validateImageSize(imageSize);
        if (!Projection.isAcceptedStride(stride) || stride > imageSize) {
            throw new TopologyException("projection stride must be a power of two from " + PATCH_STRIDE
                    + " up to the image size " + imageSize + " (accepted: 4, 8, 16, ...), got " + stride
                    + " (topology '" + format() + "')");
        }
        for (int stage = 0; stage < STAGES; stage++) {
            int grid = coarseGrid(imageSize, stride, stage);
            int window = Math.min(window(grid(imageSize, stage), splits[stage]), grid);
            if (grid % window != 0) {
                throw new TopologyException("stage " + (stage + 1) + " window side " + window + " does not tile the "
                        + grid + "x" + grid + " token grid at stride " + stride + " and image size " + imageSize
                        + " (accepted: a stride whose grids are whole numbers of windows, e.g. 4) (topology '"
                        + format() + "')");
            }
        }
    }

    private static int coarseGrid(int imageSize, int stride, int stage) {
        int grid = (imageSize + stride - 1) / stride;
        for (int i = 0; i < stage; i++) {
            grid = (grid + 1) / 2;
        }
        return grid;
    }

    private static int grid(int imageSize, int stage) {
        return (imageSize / PATCH_STRIDE) >> stage;
    }

    private static int window(int grid, int split) {
        return grid / split;
    }

    private static int[] stageValues(int[] values, String field, String source) {
        if (values == null || values.length != STAGES) {
            throw new TopologyException("field '" + field + "' needs one value per stage (" + STAGES + "), got "
                    + (values == null ? "none" : values.length) + " (topology '" + source + "')");
        }
        for (int stage = 0; stage < STAGES; stage++) {
            requirePositive("stage " + (stage + 1) + " field '" + field + "'", values[stage], source);
        }
        return values.clone();
    }

    private static int requirePositive(String field, int value, String source) {
        if (value <= 0) {
            throw TopologyFormat.notPositive(field, Integer.toString(value), source);
        }
        return value;
    }

    /**
     * Every stage needs h_i = H/2^(3-i) >= 1 and D_i / h_i >= 1, or its attention has no heads or no
     * width. The largest H that passes is min over i of ((D_i + 1) * 2^(3-i) - 1), never below 8.
     */
    private void requireHeadsFit(String source) {
        int maxHeads = Integer.MAX_VALUE;
        for (int stage = 0; stage < STAGES; stage++) {
            int shift = STAGES - 1 - stage;
            maxHeads = Math.min(maxHeads, ((stageWidth(stage) + 1) << shift) - 1);
        }
        int minHeads = 1 << (STAGES - 1);
        for (int stage = 0; stage < STAGES; stage++) {
            String problem = stageHeads(stage) == 0
                    ? "gives stage " + (stage + 1) + " zero heads (H/" + (1 << (STAGES - 1 - stage)) + " = 0)"
                    : headDim(stage) == 0
                    ? "gives stage " + (stage + 1) + " head dimension 0 (width " + stageWidth(stage) + ", "
                      + stageHeads(stage) + " heads)"
                    : null;
            if (problem != null) {
                throw new TopologyException("field 'H' = " + heads + " " + problem + " (accepted: " + minHeads
                        + ".." + maxHeads + " for width C = " + width + ") (topology '" + source + "')");
            }
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Topology that
                && heads == that.heads && width == that.width
                && Arrays.equals(kernels, that.kernels) && Arrays.equals(splits, that.splits)
                && Arrays.equals(expansions, that.expansions) && Arrays.equals(depths, that.depths);
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(heads, width);
        hash = 31 * hash + Arrays.hashCode(kernels);
        hash = 31 * hash + Arrays.hashCode(splits);
        hash = 31 * hash + Arrays.hashCode(expansions);
        return 31 * hash + Arrays.hashCode(depths);
    }

    /** Same as {@link #format()}. */
    @Override
    public String toString() {
        return format();
    }
}
