package org.asvit.metrics;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.ForwardContext;
import org.asvit.model.Jet;
import org.asvit.model.KernelChoice;
import org.asvit.model.KernelLog;
import org.asvit.model.NormMode;
import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

import java.util.Arrays;

/**
 * Pushes a circle through the network with identity norms and returns the pooled features' velocity
 * {@code v = d f(x(theta)) / d theta} and, when asked, acceleration {@code a = d v / d theta} at every
 * angle, all angles in one batched second-order forward pass (see {@link Jet}). The reference needs one
 * backward pass per output coordinate for v, and two per coordinate for a.
 */
public final class CurveDerivatives {
    private CurveDerivatives() {
    }

    /**
     * @param withAcceleration false computes v only (a first-order pass, cheaper)
     * @return v and a as float64, row-major (angles x features); a is null without acceleration
     */
    public static Result compute(AsVitNetwork network, Circle circle, boolean withAcceleration) {
        return compute(network, circle, withAcceleration, KernelChoice.AUTO);
    }

    /**
     * @param withAcceleration false computes v only (a first-order pass, cheaper)
     * @param kernels          who computes the attention (see {@link KernelChoice})
     * @return v and a as float64, row-major (angles x features); a is null without acceleration
     */
    public static Result compute(AsVitNetwork network, Circle circle, boolean withAcceleration, KernelChoice kernels) {
        TensorKind kind = network.kind();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor x = circle.points(kind);
            Tensor dx = circle.tangents(kind);
            // On a circle the second derivative of the input is -x.
            Jet input = withAcceleration ? Jet.secondOrder(x, dx, x.neg()) : Jet.firstOrder(x, dx);
            ForwardContext ctx = ForwardContext.of(NormMode.IDENTITY, kernels);
            Jet features = network.rawFeatures(input, ctx);
            int width = (int) features.stacked().size(1);
            // One copy to the host for all blocks: values, then v, then a.
            double[] all = Tensors.toDoubles(features.stacked());
            int block = circle.points() * width;
            double[] a = withAcceleration ? Arrays.copyOfRange(all, 2 * block, 3 * block) : null;
            return new Result(Arrays.copyOfRange(all, 0, block), Arrays.copyOfRange(all, block, 2 * block), a, width,
                    ctx.log().describe());
        }
    }

    /**
     * @param features     f(x(theta_m)), angles x width
     * @param velocity     v, angles x width
     * @param acceleration a, angles x width, or null
     * @param width        F
     * @param kernels      the attention kernels that ran ({@link KernelLog#describe})
     */
    public record Result(double[] features, double[] velocity, double[] acceleration, int width, String kernels) {
        public CurveGeometry geometry() {
            return CurveGeometry.of(velocity, acceleration, width);
        }
    }
}
