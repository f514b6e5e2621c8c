package org.asvit.scaling;

import java.util.List;

/**
 * Everything a growth run needs to continue: the family so far (step 0, the seed, first) and whether
 * it has ended. The next step starts from the last member; every evaluation is seeded by the run's
 * seed and the repeat index, so a resumed run continues exactly.
 *
 * @param steps    the members so far
 * @param finished whether a stopping rule has ended the run
 * @param stopReason why it ended, or null
 */
public record GrowState(List<GrowStep> steps, boolean finished, String stopReason) {
    public GrowState {
        steps = List.copyOf(steps);
    }
}
