package org.asvit.topology;

/**
 * The stride and dilation of the stage-1 projection (the patch-embedding convolution), which progressive
 * re-tokenisation changes during training while keeping the conv's weights (docs/training.md, 'The projection').
 *
 * <p>The paper's rule picks the dilation for a stride s and kernel K:
 * {@code dilation = round((s/4 - 1) * K / (K - 1)) + 1}, so that the dilated kernel's extent
 * {@code dilation * (K - 1) + 1} is close to {@code K * s / 4}: the kernel covers about the same share of
 * the image as at stride 4, scaled with the stride. For K = 4: (16, 5), (8, 2), (4, 1). {@code round} is
 * Python's (halves to even), as the authors' code would compute it; within the search space (K1 = 4..8,
 * strides 8 and 16) no value falls on a half except K = 7 at stride 16 (3.5), which both conventions send to 4.
 *
 * <p>Strides are powers of two from 4 ({@link #BASE}): each one halves or doubles the token grid side,
 * so the grids stay whole numbers of the windows the network was built with.
 *
 * @param stride   the conv's stride; 4 is the network as built
 * @param dilation the conv's dilation
 */
public record Projection(int stride, int dilation) {
    /** The network as built and as the reference runs it: stride 4, dilation 1. */
    public static final Projection BASE = new Projection(Topology.PATCH_STRIDE, 1);

    public Projection {
        if (!isAcceptedStride(stride)) {
            throw new IllegalArgumentException(strideProblem(stride));
        }
        if (dilation <= 0) {
            throw new IllegalArgumentException("projection dilation must be positive, got " + dilation);
        }
    }

    /** The projection at {@code stride} with the paper's dilation for kernel {@code kernel}. */
    public static Projection forStride(int stride, int kernel) {
        return new Projection(stride, dilation(stride, kernel));
    }

    /**
     * The paper's dilation rule, {@code round((stride/4 - 1) * K / (K - 1)) + 1}, for a kernel of at least 2
     * (a 1x1 kernel has no extent to dilate: 1).
     */
    public static int dilation(int stride, int kernel) {
        if (!isAcceptedStride(stride)) {
            throw new IllegalArgumentException(strideProblem(stride));
        }
        if (kernel <= 0) {
            throw new IllegalArgumentException("kernel must be positive, got " + kernel);
        }
        if (kernel == 1) {
            return 1;
        }
        double scaled = ((double) stride / Topology.PATCH_STRIDE - 1) * kernel / (kernel - 1);
        return (int) Math.rint(scaled) + 1;
    }

    /** True for 4, 8, 16, 32, ...: powers of two from the network's own stride 4. */
    public static boolean isAcceptedStride(int stride) {
        return stride >= Topology.PATCH_STRIDE && Integer.bitCount(stride) == 1;
    }

    /** The side of the image span one output token sees: {@code dilation * (K - 1) + 1}. */
    public int extent(int kernel) {
        return dilation * (kernel - 1) + 1;
    }

    /**
     * Stage-1 token grid side for images of side I: {@code ceil(I / stride)} (I / 4 at the base stride).
     */
    public int grid(int imageSize) {
        return (imageSize + stride - 1) / stride;
    }

    /**
     * Zero padding of each image axis (before, after) that gives {@link #grid} outputs: the "same" padding
     * total {@code (grid - 1) * stride + extent - I}, split with the smaller half before (left/top) and the
     * rest after. At stride 4 and dilation 1 this is exactly the reference's {@code ((K-4)/2, (K-3)/2)}
     * (floor division; negative values crop, as the reference's ZeroPad2d does for K below 4). At coarse
     * strides it keeps the tokens centred on the same image regions as the stride-4 tokens they replace.
     * A negative total (the extent is shorter than the stride, e.g. K = 4 at stride 8: extent 7) crops
     * pixels that no tap would reach anyway.
     */
    public int[] padding(int kernel, int imageSize) {
        int total = (grid(imageSize) - 1) * stride + extent(kernel) - imageSize;
        int before = Math.floorDiv(total, 2);
        return new int[]{before, total - before};
    }

    /** {@code stride/dilation}, e.g. {@code 16/5}. */
    @Override
    public String toString() {
        return stride + "/" + dilation;
    }

    private static String strideProblem(int stride) {
        return "projection stride must be a power of two from " + Topology.PATCH_STRIDE
                + " (accepted: 4, 8, 16, 32, ...), got " + stride;
    }
}
