package org.asvit.metrics;

import org.asvit.model.ParameterStore;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Map;

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
     * @param inputName     what {@code input} is, e.g. "the NTK batch"
     * @param weightsReason the weights' verdict, {@link #weightsReason}: scanned once per network, since a scan
     *                      costs a few milliseconds (some tenths of a small evaluation) and every pass over the
     *                      network shares it
     */
    static String reason(String inputName, Tensor input, String weightsReason) {
        if (!finite(input)) {
            return "non-finite values in " + inputName;
        }
        return weightsReason;
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

    static boolean finite(Tensor t) {
        try (PointerScope scope = new PointerScope()) {
            return torch.isfinite(t.detach()).all().item_bool();
        }
    }
}
