package org.asvit.metrics;

import org.asvit.model.AttentionKernels;
import org.asvit.model.Complexity;
import org.asvit.topology.Topology;

import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * The peak memory that evaluating one topology adds to the process, estimated from the topology and the
 * settings alone, before anything is built, so that a run too big for the machine is refused with a
 * message instead of being killed by the operating system.
 *
 * <p>The model counts tensor elements per image from the network's shapes (stage i: R_i^2 tokens of
 * width D_i, attention width A_i, MLP width H_i, h_i heads over windows of N_i tokens, kernel K_i for the
 * merging that follows) and scales them by constants measured on this implementation
 * ({@code MemoryEstimateTest} checks the estimate against measured peaks within a factor of 2):
 * <ul>
 *   <li>the NTK pass runs forward and backward under autograd on the batch, so it holds what autograd
 *       saves for every block at once, about {@value #NTK_PER_LINEAR} tensors of R^2 (D + A + H) elements
 *       per block and image, plus the per-layer gradients; on the libtorch composition also
 *       {@value #NTK_PER_MAP} attention map of h R^2 N elements per block and image, while the native
 *       kernels' cut graph ({@link org.asvit.model.SegmentedBackward}) keeps no map but
 *       {@value #NTK_CUT_PER_ATTENTION} tensors of R^2 A elements (copies of q, k, v and the output);</li>
 *   <li>the curve pass (length distortion, and curvature and L^E_kappa at second order) pushes
 *       10 angles x (order + 1) jet rows through the network without autograd, one block at a time: its
 *       peak is the largest block's temporaries, about {@value #CURVE_PER_LINEAR} tensors of
 *       R^2 (D + A + H) elements per row, plus chunks of attention maps of at most
 *       {@value #CURVE_MAP_CHUNK} elements;</li>
 *   <li>the weights, once;</li>
 *   <li>training ({@link #ofTraining}) holds what the NTK pass holds, per image of its batch, and four
 *       copies of the weights (weights, gradients, and AdamW's two moments).</li>
 * </ul>
 * Metrics run one after another, so the peak is the weights plus the larger of the passes.
 *
 * @param weightBytes   the network's weights (with their gradients and optimiser state when training)
 * @param ntkBytes      the NTK pass, 0 when not asked for
 * @param curveBytes    the curve pass, 0 when no curve metric is asked for
 * @param trainingBytes a training step's activations, 0 for an evaluation
 */
public record MemoryEstimate(double weightBytes, double ntkBytes, double curveBytes, double trainingBytes) {
    /** Saved tensors of R^2 (D + A + H) elements per block and image in the NTK pass (measured). */
    static final double NTK_PER_LINEAR = 5;
    /** Saved attention maps per block and image in the NTK pass (measured: the softmax output). */
    static final double NTK_PER_MAP = 1;
    /** Tensors of R^2 A elements per block and image that an NTK pass cut at its native attentions keeps. */
    static final double NTK_CUT_PER_ATTENTION = 4;
    /** Saved tensors of the merging's unfolded input per image in the NTK pass (measured). */
    static final double NTK_PER_MERGE = 3;
    /** Live tensors of R^2 (D + A + H) elements per jet row in the curve pass's largest block (measured). */
    static final double CURVE_PER_LINEAR = 7;
    /** Live tensors of the merging's unfolded input per jet row in the curve pass (measured). */
    static final double CURVE_PER_MERGE = 3;
    /** Attention map elements of one chunk of the libtorch composition (WindowAttention's chunk size). */
    static final double CURVE_MAP_CHUNK = 1 << 20;
    /** Map-sized tensors one second-order chunk holds at once. */
    static final double CURVE_MAPS_PER_CHUNK = 12;
    /** Copies of the weights a training step holds: weights, gradients, AdamW's first and second moments. */
    static final double TRAINING_WEIGHT_COPIES = 4;
    private static final int IMAGE_CHANNELS = 3;

    /**
     * The estimate for {@code topology} under {@code settings}.
     *
     * @throws org.asvit.topology.TopologyException if the topology cannot run at the settings' image size
     */
    public static MemoryEstimate of(Topology topology, EvaluationSettings settings) {
        int imageSize = settings.imageSize();
        topology.validateImageSize(imageSize);
        double element = settings.kind().double64() ? 8 : 4;
        Shapes shapes = new Shapes(topology, imageSize);
        double weights = element * Complexity.params(topology, settings.classes());
        double ntk = settings.metrics().contains(Metric.NTK)
                ? element * settings.batch() * shapes.autogradPerImage(imageSize,
                        AttentionKernels.cutsGraph(settings.kind(), settings.kernels())) : 0;
        double curve = 0;
        if (settings.metrics().stream().anyMatch(Metric::isCurveMetric)) {
            int blocks = settings.metrics().stream().anyMatch(Metric::needsAcceleration) ? 3 : 2;
            double rows = (double) EvaluationSettings.CURVE_POINTS * blocks;
            double perRow = Math.max(CURVE_PER_LINEAR * shapes.largestBlock(), CURVE_PER_MERGE * shapes.largestMerging());
            double maps = CURVE_MAPS_PER_CHUNK * Math.min(CURVE_MAP_CHUNK, shapes.largestMap()) * blocks / 3.0;
            curve = element * (rows * perRow + maps);
        }
        return new MemoryEstimate(weights, ntk, curve, 0);
    }

    /**
     * The estimate for training {@code topology} on batches of {@code batch} images of side
     * {@code imageSize} (at stride 4, the largest token grid a re-tokenisation schedule reaches).
     *
     * @throws org.asvit.topology.TopologyException if the topology cannot run at that image size
     */
    public static MemoryEstimate ofTraining(Topology topology, int imageSize, int batch, int classes,
                                            boolean double64) {
        topology.validateImageSize(imageSize);
        double element = double64 ? 8 : 4;
        Shapes shapes = new Shapes(topology, imageSize);
        double weights = TRAINING_WEIGHT_COPIES * element * Complexity.params(topology, classes);
        return new MemoryEstimate(weights, 0, 0, element * batch * shapes.autogradPerImage(imageSize, false));
    }


    /** The estimated peak the evaluation adds, in bytes (saturating at {@link Long#MAX_VALUE}). */
    public long peakBytes() {
        double peak = weightBytes + Math.max(Math.max(ntkBytes, curveBytes), trainingBytes);
        return peak >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(peak);
    }

    /** One line: the peak, then its parts, e.g. {@code 3.1 GB (NTK 2.9 GB, curve pass 1.2 GB, weights 0.1 GB)}. */
    public String describe() {
        StringBuilder parts = new StringBuilder();
        if (ntkBytes > 0) {
            parts.append("NTK ").append(format(ntkBytes)).append(", ");
        }
        if (curveBytes > 0) {
            parts.append("curve pass ").append(format(curveBytes)).append(", ");
        }
        if (trainingBytes > 0) {
            parts.append("activations ").append(format(trainingBytes)).append(", ");
        }
        parts.append("weights ").append(format(weightBytes));
        return format(peakBytes()) + " (" + parts + ")";
    }

    /** Bytes in the largest fitting unit, e.g. {@code 512 MB}, {@code 3.1 GB}, {@code 4.2e+03 TB}. */
    public static String format(double bytes) {
        String[] units = {"bytes", "kB", "MB", "GB", "TB"};
        int unit = 0;
        double value = bytes;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (unit == 0) {
            return String.format(Locale.ROOT, "%.0f bytes", value);
        }
        if (value >= 1e4) {
            return String.format(Locale.ROOT, "%.1e %s", value, units[unit]);
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }

    /** Element counts per image of each stage's tensors, as doubles: absurd topologies must not overflow. */
    private static final class Shapes {
        private final Topology topology;
        private final double[] tokens = new double[Topology.STAGES];
        private final double[] windowTokens = new double[Topology.STAGES];

        Shapes(Topology topology, int imageSize) {
            this.topology = topology;
            for (int stage = 0; stage < Topology.STAGES; stage++) {
                double grid = topology.stageGrid(imageSize, stage);
                double window = topology.windowSide(imageSize, stage);
                tokens[stage] = grid * grid;
                windowTokens[stage] = window * window;
            }
        }

        /** R^2 (D + A + H): the token tensors of one block's layers. */
        double linear(int stage) {
            return tokens[stage] * ((double) topology.stageWidth(stage) + topology.attentionInner(stage)
                    + topology.mlpHidden(stage));
        }

        /** h R^2 N: one block's attention map elements. */
        double maps(int stage) {
            return topology.stageHeads(stage) * tokens[stage] * windowTokens[stage];
        }

        /** The merging after {@code stage}: its unfolded input, R_{i+1}^2 K^2 D_i. */
        double merging(int stage) {
            double kernel = topology.kernel(stage + 1);
            return tokens[stage + 1] * kernel * kernel * topology.stageWidth(stage);
        }

        /**
         * Elements autograd holds per image for a forward and backward pass (NTK or training), with the
         * graph cut at native attentions or through the composition's maps.
         */
        double autogradPerImage(int imageSize, boolean cutAtAttention) {
            double attention = cutAtAttention ? NTK_CUT_PER_ATTENTION * sumOverBlocks(this::attentionWidth)
                    : NTK_PER_MAP * sumOverBlocks(this::maps);
            return NTK_PER_LINEAR * sumOverBlocks(this::linear) + attention
                    + NTK_PER_MERGE * sumOverMergings() + NTK_PER_LINEAR * embedding()
                    + (double) IMAGE_CHANNELS * imageSize * imageSize;
        }

        /** R^2 A: one of a block's queries, keys, values or attended outputs. */
        double attentionWidth(int stage) {
            return tokens[stage] * topology.attentionInner(stage);
        }

        double embedding() {
            return tokens[0] * topology.width();
        }

        /** {@code perBlock} of each stage times the stage's depth, summed. */
        double sumOverBlocks(IntToDoubleFunction perBlock) {
            double sum = 0;
            for (int stage = 0; stage < Topology.STAGES; stage++) {
                sum += topology.depth(stage) * perBlock.applyAsDouble(stage);
            }
            return sum;
        }

        double sumOverMergings() {
            double sum = 0;
            for (int stage = 0; stage < Topology.STAGES - 1; stage++) {
                sum += merging(stage);
            }
            return sum;
        }

        double largestBlock() {
            double largest = embedding();
            for (int stage = 0; stage < Topology.STAGES; stage++) {
                largest = Math.max(largest, linear(stage));
            }
            return largest;
        }

        double largestMerging() {
            double largest = 0;
            for (int stage = 0; stage < Topology.STAGES - 1; stage++) {
                largest = Math.max(largest, merging(stage));
            }
            return largest;
        }

        /** The most attention-map elements of one block for all 10 angles, across stages (a chunk holds part of them). */
        double largestMap() {
            double largest = 0;
            for (int stage = 0; stage < Topology.STAGES; stage++) {
                largest = Math.max(largest, maps(stage) * EvaluationSettings.CURVE_POINTS);
            }
            return largest;
        }
    }
}
