package org.asvit.search;

import java.util.List;

/**
 * Everything a search needs to continue exactly where it stopped: the policy's logits, Adam's moments
 * and step count, the baseline, both reward buffers, the steps so far (which also rebuild the metric
 * cache) and the cache hits. There is no random-generator state to keep: step t samples from a
 * generator seeded by the run's seed and t alone.
 *
 * @param nextStep  the step to run next
 * @param logits    the policy, one array per factor
 * @param adam      the optimiser
 * @param baseline  the EMA baseline
 * @param reward    the reward buffers
 * @param steps     every step run so far
 * @param cacheHits evaluations saved by the cache so far
 */
public record SearchState(int nextStep, double[][] logits, Adam.State adam, EmaBaseline baseline,
                          RewardRule.State reward, List<SearchStep> steps, long cacheHits) {
    public SearchState {
        steps = List.copyOf(steps);
    }
}
