package org.asvit.metrics;

import org.asvit.model.ParameterStore;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds NaN and infinite values before a metric is computed, so that every metric treats them alike: the
 * repeat is bad, with a reason naming the first non-finite tensor, and the run goes on (a NaN reaching
 * libtorch's eigensolver would abort it instead).
 */
final class NonFinite {
    private NonFinite() {
    }

    /**
     * The reason a repeat is bad because of its inputs or weights, or null when all are finite.
     *
     * @param inputName what {@code input} is, e.g. "the NTK batch"
     */
    static String reason(String inputName, Tensor input, ParameterStore weights) {
        return reason(inputName, input, () -> weightsReason(weights));
    }

    /**
     * As {@link #reason(String, Tensor, ParameterStore)}, with the weights' verdict from {@code weightsReason}:
     * an evaluation with several passes over one network scans its weights once (a scan costs a few
     * milliseconds, some tenths of a small evaluation) and hands the memoised verdict to each pass.
     */
    static String reason(String inputName, Tensor input, Supplier<String> weightsReason) {
        if (!finite(input)) {
            return "non-finite values in " + inputName;
        }
        return weightsReason.get();
    }

    /** The reason the weights make a repeat bad (the first non-finite one), or null when all are finite. */
    static String weightsReason(ParameterStore weights) {
        for (Map.Entry<String, Tensor> e : weights.all().entrySet()) {
            if (!finite(e.getValue())) {
                return "non-finite values in weight " + e.getKey();
            }
        }
        return null;
    }

    /** {@link #weightsReason} computed at most once, on first use. */
    static Supplier<String> weightsOnce(ParameterStore weights) {
        return new Supplier<>() {
            private boolean scanned;
            private String reason;

            @Override
            public String get() {
                if (!scanned) {
                    reason = weightsReason(weights);
                    scanned = true;
                }
                return reason;
            }
        };
    }

    static boolean finite(Tensor t) {
        try (PointerScope scope = new PointerScope()) {
            return torch.isfinite(t.detach()).all().item_bool();
        }
    }
}
