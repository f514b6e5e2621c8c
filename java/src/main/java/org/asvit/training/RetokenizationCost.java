package org.asvit.training;

import org.asvit.model.Complexity;
import org.asvit.topology.Projection;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.List;

/**
 * The training FLOPs a {@link RetokenizationSchedule} saves against training at stride 4 throughout.
 *
 * <p>Accounting: one training step on one image costs its forward pass plus its backward pass, and the
 * backward pass costs about twice the forward (a gradient for each layer's input and one for its weights,
 * each a product of the forward's size), so a step is {@value #STEP_OVER_FORWARD} forward passes at every
 * stride; every epoch sees the same images. The run's training FLOPs per image are then
 * {@code 3 * sum over phases of epochs * forward FLOPs at the phase's stride}, and the saving is
 * {@code 1 - sum(epochs_p * F(stride_p)) / (epochs * F(4))}: a ratio of forward FLOPs
 * ({@link Complexity#flops(Topology, int, int, int)}) weighted by epochs, which the factor 3 does not change.
 */
public final class RetokenizationCost {
    /** Training FLOPs of a step per forward FLOP: forward 1, backward about 2. */
    public static final int STEP_OVER_FORWARD = 3;

    /**
     * One phase's share.
     *
     * @param phase                the epochs and stride
     * @param projection           the stride with the paper's dilation for the topology's K1
     * @param tokens               tokens per image in each of the four stages at that stride
     * @param forwardFlops         forward FLOPs of one image at that stride
     * @param trainingFlopsPerImage the phase's training FLOPs per image: 3 * epochs * forward FLOPs
     */
    public record PhaseCost(RetokenizationSchedule.Phase phase, Projection projection, long[] tokens,
                            long forwardFlops, long trainingFlopsPerImage) {
    }

    private final RetokenizationSchedule schedule;
    private final List<PhaseCost> phases;
    private final long baselineForwardFlops;

    private RetokenizationCost(RetokenizationSchedule schedule, List<PhaseCost> phases, long baselineForwardFlops) {
        this.schedule = schedule;
        this.phases = List.copyOf(phases);
        this.baselineForwardFlops = baselineForwardFlops;
    }

    /**
     * The cost of training {@code topology} at {@code imageSize} px with {@code classes} classes on
     * {@code schedule}.
     *
     * @throws org.asvit.topology.TopologyException if the network cannot run at one of the schedule's strides
     */
    public static RetokenizationCost of(RetokenizationSchedule schedule, Topology topology, int imageSize, int classes) {
        schedule.validateFor(topology, imageSize);
        List<PhaseCost> phases = new ArrayList<>();
        for (RetokenizationSchedule.Phase phase : schedule.phases()) {
            long forward = Complexity.flops(topology, imageSize, phase.stride(), classes);
            phases.add(new PhaseCost(phase, phase.projection(topology.kernel(0)),
                    Complexity.tokens(topology, imageSize, phase.stride()), forward,
                    Math.multiplyExact((long) STEP_OVER_FORWARD * phase.epochs(), forward)));
        }
        return new RetokenizationCost(schedule, phases, Complexity.flops(topology, imageSize, classes));
    }

    public RetokenizationSchedule schedule() {
        return schedule;
    }

    public List<PhaseCost> phases() {
        return phases;
    }

    /** Forward FLOPs of one image at stride 4. */
    public long baselineForwardFlops() {
        return baselineForwardFlops;
    }

    /** Training FLOPs per image of the whole run on this schedule. */
    public long trainingFlopsPerImage() {
        return phases.stream().mapToLong(PhaseCost::trainingFlopsPerImage).reduce(0L, Math::addExact);
    }

    /** Training FLOPs per image of the same run at stride 4 throughout. */
    public long baselineTrainingFlopsPerImage() {
        return Math.multiplyExact((long) STEP_OVER_FORWARD * schedule.epochs(), baselineForwardFlops);
    }

    /** The share of the baseline's training FLOPs this schedule saves, in [0, 1). */
    public double savedFraction() {
        return 1.0 - (double) trainingFlopsPerImage() / baselineTrainingFlopsPerImage();
    }
}
