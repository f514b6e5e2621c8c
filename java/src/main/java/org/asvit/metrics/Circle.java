package org.asvit.metrics;

import org.asvit.runtime.TensorKind;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.StringViewOptional;

/**
 * A circle through input space, {@code x(theta) = cos(theta) U0 + sin(theta) U1}, sampled at given
 * angles. U0 and U1 are orthonormal (every point has norm 1; the paper's sqrt(N) scale is not applied,
 * as in the reference).
 *
 * <p>Tensors are created in the caller's pointer scope.
 */
public final class Circle {
    private final Tensor basis;
    private final double[] theta;

    /**
     * @param basis (2, 3, I, I): U0 and U1
     * @param theta the angles
     */
    public Circle(Tensor basis, double[] theta) {
        if (basis.dim() != 4 || basis.size(0) != 2 || basis.size(1) != 3 || basis.size(2) != basis.size(3)) {
            throw new IllegalArgumentException("circle basis must have shape (2, 3, I, I)");
        }
        this.basis = basis;
        this.theta = theta.clone();
    }

    /** The reference's angles: {@code linspace(0, 2 pi, count)}, both endpoints included. */
    public static double[] referenceAngles(int count) {
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = count == 1 ? 0.0 : 2.0 * Math.PI * i / (count - 1);
        }
        // linspace computes the last point as the end itself.
        if (count > 1) {
            t[count - 1] = 2.0 * Math.PI;
        }
        return t;
    }

    /**
     * The reference's circle: U = the two left singular vectors of a (3*I*I x 2) standard normal
     * matrix drawn from a CPU generator seeded with {@code seed}.
     */
    public static Circle seeded(int imageSize, int points, long seed, TensorKind kind) {
        Generator generator = torch.createCPUGenerator(seed);
        long n = 3L * imageSize * imageSize;
        Tensor gaussian = torch.randn(new long[]{n, 2}, new GeneratorOptional(generator)).to(torch.ScalarType.Double);
        T_TensorTensorTensor_T usv = torch.linalg_svd(gaussian, false, new StringViewOptional());
        Tensor u = usv.get0().transpose(0, 1).contiguous().reshape(2, 3, imageSize, imageSize);
        return new Circle(kind.convert(u), referenceAngles(points));
    }

    public Tensor basis() {
        return basis;
    }

    public double[] theta() {
        return theta.clone();
    }

    public int points() {
        return theta.length;
    }

    public int imageSize() {
        return (int) basis.size(2);
    }

    /** x(theta_m), (M, 3, I, I). */
    public Tensor points(TensorKind kind) {
        return combine(kind, Math::cos, Math::sin);
    }

    /** dx/dtheta = -sin(theta) U0 + cos(theta) U1. */
    public Tensor tangents(TensorKind kind) {
        return combine(kind, t -> -Math.sin(t), Math::cos);
    }

    private Tensor combine(TensorKind kind, java.util.function.DoubleUnaryOperator a,
                           java.util.function.DoubleUnaryOperator b) {
        double[] coefficients = new double[theta.length * 2];
        for (int m = 0; m < theta.length; m++) {
            coefficients[2 * m] = a.applyAsDouble(theta[m]);
            coefficients[2 * m + 1] = b.applyAsDouble(theta[m]);
        }
        Tensor c = org.asvit.runtime.Tensors.fromDoubles(coefficients, kind, theta.length, 2);
        Tensor flat = kind.convert(basis).reshape(2, -1);
        long side = basis.size(2);
        return c.matmul(flat).reshape(theta.length, 3, side, side);
    }
}
