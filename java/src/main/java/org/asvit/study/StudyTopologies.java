package org.asvit.study;

import org.asvit.InvalidSettingException;
import org.asvit.topology.RandomTopologies;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The topologies of a study: seeded uniform samples of the search space, optionally with random depths
 * and widths (so that the study also covers what scaling changes), drawn without repeats.
 */
public final class StudyTopologies {
    /** Depths drawn per stage with {@code vary}: 1 to this. */
    public static final int MAX_VARIED_DEPTH = 2;
    /** Stage-1 widths drawn with {@code vary}. */
    public static final List<Integer> VARIED_WIDTHS = List.of(16, 24, 32, 48);

    private StudyTopologies() {
    }

    /** {@code count} distinct topologies from {@code seed}. */
    public static List<Topology> sample(int count, boolean vary, long seed) {
        if (count < 3) {
            throw new InvalidSettingException("{count} must be at least 3 for a rank correlation, got " + count);
        }
        RandomTopologies space = new RandomTopologies(seed);
        SplittableRandom shapes = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Topology> out = new ArrayList<>();
        while (out.size() < count) {
            Topology t = space.next();
            if (vary) {
                int[] depths = new int[Topology.STAGES];
                for (int s = 0; s < depths.length; s++) {
                    depths[s] = 1 + shapes.nextInt(MAX_VARIED_DEPTH);
                }
                t = t.withDepths(depths).withWidth(VARIED_WIDTHS.get(shapes.nextInt(VARIED_WIDTHS.size())));
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
