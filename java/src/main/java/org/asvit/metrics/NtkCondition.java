package org.asvit.metrics;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * NTK condition number {@code lambda_max / lambda_min} of the Gram matrix (see {@link NtkGram}), from
 * libtorch's symmetric eigensolver in float64. A NaN condition marks the network "bad" (the
 * reference's -1).
 */
public final class NtkCondition {
    private NtkCondition() {
    }

    /**
     * @param gram        Theta, row-major B x B
     * @param eigenvalues ascending
     * @param condition   lambda_max / lambda_min, NaN when bad
     */
    public record Result(double[] gram, double[] eigenvalues, double condition) {
        public boolean bad() {
            return Double.isNaN(condition);
        }
    }

    public static Result compute(AsVitNetwork network, Tensor images) {
        try (PointerScope scope = new PointerScope()) {
            Tensor gram = NtkGram.compute(network, images);
            double[] eig = Tensors.toDoubles(torch.linalg_eigvalsh(gram.cpu()));
            double condition = eig[eig.length - 1] / eig[0];
            return new Result(Tensors.toDoubles(gram), eig, condition);
        }
    }
}
