package org.asvit.training;

/**
 * The learning rate per optimiser step: linear warmup from {@code base / warmupSteps} to {@code base}
 * over the first {@code warmupSteps} steps, then cosine decay from {@code base} towards 0 over the rest,
 * <pre>
 *   lr(s) = base * (s + 1) / W                                 for s &lt; W
 *   lr(s) = base * (1 + cos(pi * (s - W) / (T - W))) / 2       for W &lt;= s &lt; T
 * </pre>
 * with s counted from 0, W warmup steps and T total steps. A pure function of the step, so a resumed run
 * needs no schedule state beyond the step count.
 *
 * @param base        the peak learning rate
 * @param warmupSteps W, {@code 0 <= W < T}
 * @param totalSteps  T, the steps of the whole run
 */
public record LearningRateSchedule(double base, long warmupSteps, long totalSteps) {

    public LearningRateSchedule {
        if (!(base > 0) || !Double.isFinite(base)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + base);
        }
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException("warmup must be shorter than the run: " + warmupSteps
                    + " warmup steps of " + totalSteps);
        }
    }

    /** The learning rate of step {@code step} (0-based). */
    public double at(long step) {
        if (step < 0 || step >= totalSteps) {
            throw new IllegalArgumentException("step " + step + " outside the run's 0.." + (totalSteps - 1));
        }
        if (step < warmupSteps) {
            return base * (step + 1) / warmupSteps;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return base * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
