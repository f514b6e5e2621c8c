package org.asvit.scaling;

/** Told about every growth step as soon as it is done, with the state to checkpoint. */
@FunctionalInterface
public interface GrowListener {
    void onStep(GrowStep step, GrowState state) throws Exception;

    static GrowListener none() {
        return (step, state) -> { };
    }
}
