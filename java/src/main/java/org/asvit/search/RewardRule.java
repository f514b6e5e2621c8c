package org.asvit.search;

/**
 * The search's reward (docs/search-and-scaling.md, 'Reward and bad networks'): the range-normalised change of the length
 * distortion (higher is better) minus that of the NTK condition number (lower is better), each over
 * its own {@link MetricBuffer} of the last W values; 0 at the first step.
 *
 * <p>Bad networks follow the rule the reference intends: a topology whose every NTK repeat was bad
 * enters the NTK buffer at the worst NTK seen so far (and is raised with it later). The reference code
 * never applies this rule in its default setting (its L^E branch clears the bad flag, so a bad network
 * enters with NTK -1, the best possible score, and its raise step also writes into the L^E buffer);
 * asvit applies it to the NTK buffer only, and treats a length distortion that is bad in every repeat
 * the same way in its own buffer.
 */
public final class RewardRule {
    private final MetricBuffer ntk;
    private final MetricBuffer length;

    /** Both buffers, for checkpoints. */
    public record State(MetricBuffer.State ntk, MetricBuffer.State length) {
    }

    /** @param window values in each buffer's range (20 in the reference) */
    public RewardRule(int window) {
        this(new MetricBuffer(MetricBuffer.Better.LOWER, window), new MetricBuffer(MetricBuffer.Better.HIGHER, window));
    }

    private RewardRule(MetricBuffer ntk, MetricBuffer length) {
        this.ntk = ntk;
        this.length = length;
    }

    /** A rule continuing from a saved state. */
    public static RewardRule restore(int window, State state) {
        return new RewardRule(MetricBuffer.restore(MetricBuffer.Better.LOWER, window, state.ntk()),
                MetricBuffer.restore(MetricBuffer.Better.HIGHER, window, state.length()));
    }

    /**
     * Takes the metrics of the next sampled topology (NaN or any value that is not finite and positive
     * for a bad one) and returns its reward.
     */
    public double reward(double ntkCondition, double lengthDistortion) {
        boolean first = ntk.size() == 0;
        double ntkChange = ntk.insert(ntkCondition);
        double lengthChange = length.insert(lengthDistortion);
        return first ? 0 : lengthChange - ntkChange;
    }

    public State state() {
        return new State(ntk.state(), length.state());
    }
}
