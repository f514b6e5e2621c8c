package org.asvit.scaling;

import java.util.ArrayList;
import java.util.List;

/** Picks named members out of a grown family: the member whose parameter count is closest to a target. */
public final class Family {
    /** A target size and the member closest to it. */
    public record Member(long targetParams, GrowStep step) {
    }

    private Family() {
    }

    /**
     * For each target, the step with the smallest |params - target| (the earlier step on a tie), as the
     * paper picks As-ViT Small, Base and Large (29M, 52M, 88M) out of one growth run.
     */
    public static List<Member> closest(List<GrowStep> family, List<Long> targets) {
        if (family.isEmpty()) {
            throw new IllegalArgumentException("the family is empty");
        }
        List<Member> members = new ArrayList<>();
        for (long target : targets) {
            GrowStep best = family.get(0);
            for (GrowStep s : family) {
                if (Math.abs(s.params() - target) < Math.abs(best.params() - target)) {
                    best = s;
                }
            }
            members.add(new Member(target, best));
        }
        return members;
    }
}
