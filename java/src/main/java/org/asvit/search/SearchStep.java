package org.asvit.search;

/**
 * One REINFORCE step, as recorded in {@code search.json} and {@code search.csv}.
 *
 * @param step             0-based
 * @param arch             the sampled topology (seed form)
 * @param ntk              its NTK condition number (NaN when bad)
 * @param lengthDistortion its L^E (NaN when bad)
 * @param bad              whether every NTK repeat was bad
 * @param reward           the reward paid for it
 * @param baseline         the baseline after this reward
 * @param advantage        reward - baseline
 * @param entropy          the policy's entropy when it sampled
 * @param params           parameters
 * @param flops            FLOPs at the search's image size
 * @param seconds          wall-clock seconds of the step (0 for a cache hit's evaluation, so small)
 * @param cacheHit         whether the metrics came from the cache
 */
public record SearchStep(int step, String arch, double ntk, double lengthDistortion, boolean bad, double reward,
                         double baseline, double advantage, double entropy, long params, long flops, double seconds,
                         boolean cacheHit) {
}
