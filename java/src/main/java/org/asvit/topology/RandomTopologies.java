package org.asvit.topology;

import java.util.List;
import java.util.SplittableRandom;

/** Topologies drawn uniformly from the search space with a seeded generator (seed form). */
public final class RandomTopologies {
    private final SplittableRandom random;

    public RandomTopologies(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The next topology: one uniform choice per factor. */
    public Topology next() {
        List<SearchSpace.Factor> factors = SearchSpace.factors();
        int[] choices = new int[factors.size()];
        for (int i = 0; i < choices.length; i++) {
            choices[i] = random.nextInt(factors.get(i).size());
        }
        return SearchSpace.topologyOf(choices);
    }
}
