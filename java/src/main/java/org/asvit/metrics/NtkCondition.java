package org.asvit.metrics;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.KernelChoice;
import org.asvit.model.KernelLog;
import org.asvit.runtime.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.Locale;

/**
 * NTK condition number {@code lambda_max / lambda_min} of the Gram matrix (see {@link NtkGram}), from
 * libtorch's symmetric eigensolver in float64.
 *
 * <p>A repeat is bad (condition NaN, the reference's -1, with a reason) when its batch or weights hold
 * a NaN or an infinity, when the Gram matrix does not come out finite, or when the Gram matrix is
 * singular or numerically indefinite: {@code lambda_min <= B * 2^-23 * lambda_max}. The Gram matrix is
 * accumulated from float32 products, whose relative rounding is 2^-23 per operation, so an eigenvalue
 * below B times that fraction of the largest cannot be told from zero and the ratio means nothing (an
 * all-zero batch, two identical images, a batch of blank images).
 */
public final class NtkCondition {
    /** float32's machine epsilon, 2^-23: the relative resolution of the Gram matrix's entries. */
    public static final double FLOAT32_EPSILON = 0x1p-23;

    private NtkCondition() {
    }

    /**
     * @param gram        Theta, row-major B x B (empty when the inputs or weights were not finite)
     * @param eigenvalues ascending (empty when the Gram matrix was not finite)
     * @param condition   lambda_max / lambda_min, NaN when bad
     * @param reason      why the repeat is bad, or null
     */
    public record Result(double[] gram, double[] eigenvalues, double condition, String reason) {
        public boolean bad() {
            return reason != null;
        }

        static Result bad(double[] gram, double[] eigenvalues, String reason) {
            return new Result(gram, eigenvalues, Double.NaN, reason);
        }
    }

    /**
     * @param kernels who computes the attention (see {@link NtkGram#compute(AsVitNetwork, Tensor, KernelChoice, KernelLog)})
     * @param log     where the attention kernels that ran are noted
     */
    public static Result compute(AsVitNetwork network, Tensor images, KernelChoice kernels, KernelLog log) {
        return compute(network, images, kernels, log, NonFinite.weightsReason(network.parameters()));
    }

    /** {@link #compute(AsVitNetwork, Tensor, KernelChoice, KernelLog)} with the weights' verdict given. */
    static Result compute(AsVitNetwork network, Tensor images, KernelChoice kernels, KernelLog log,
                          String weightsReason) {
        String nonFinite = NonFinite.reason("the NTK batch", images, weightsReason);
        if (nonFinite != null) {
            return Result.bad(new double[0], new double[0], nonFinite);
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor gram = NtkGram.compute(network, images, kernels, log);
            double[] entries = Tensors.toDoubles(gram);
            if (!NonFinite.finite(gram)) {
                return Result.bad(entries, new double[0], "the NTK Gram matrix has non-finite entries (overflow)");
            }
            double[] eig = Tensors.toDoubles(torch.linalg_eigvalsh(gram.cpu()));
            return judge(entries, eig);
        }
    }

    /** The condition number of eigenvalues {@code eig} (ascending) of a B x B Gram matrix, or why there is none. */
    static Result judge(double[] gram, double[] eig) {
        double min = eig[0];
        double max = eig[eig.length - 1];
        double floor = eig.length * FLOAT32_EPSILON * max;
        if (!(max > 0) || !(min > floor)) {
            return Result.bad(gram, eig, String.format(Locale.ROOT, "the NTK Gram matrix is singular or numerically "
                    + "indefinite: lambda_min %.3g <= B * 2^-23 * lambda_max = %.3g (B = %d, lambda_max %.3g)",
                    min, floor, eig.length, max));
        }
        return new Result(gram, eig, max / min, null);
    }
}
