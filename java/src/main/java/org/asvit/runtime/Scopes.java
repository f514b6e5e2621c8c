package org.asvit.runtime;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

import java.util.function.Supplier;

/**
 * Runs one step of a loop in its own pointer scope, so that the step's temporaries are freed when it
 * ends rather than when the caller's scope closes, and hands its results to the caller's scope.
 * Without this, a loop over chunks keeps every chunk's temporaries alive until the end.
 */
public final class Scopes {
    private Scopes() {
    }

    /**
     * @param step computes the results; every tensor it creates besides them is freed on return
     * @return the results, now owned by the caller's innermost scope
     */
    public static Tensor[] step(Supplier<Tensor[]> step) {
        PointerScope outer = PointerScope.getInnerScope();
        if (outer == null) {
            // No owner to hand results to: keep the step's tensors with the garbage collector as before.
            return step.get();
        }
        try (PointerScope inner = new PointerScope()) {
            Tensor[] results = step.get();
            for (Tensor t : results) {
                outer.attach(t);
            }
            return results;
        }
    }

    /** {@link #step} for a single result. */
    public static Tensor stepOne(Supplier<Tensor> step) {
        return step(() -> new Tensor[]{step.get()})[0];
    }
}
