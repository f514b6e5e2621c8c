package org.asvit.metrics;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.KernelChoice;
import org.asvit.model.NormMode;
import org.asvit.model.ParameterStore;
import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.asvit.testing.Approx;
import org.asvit.testing.NativeKernelsBuild;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The curve pass against finite differences and against closed forms, in float64. */
@Tag("native")
class CurveDerivativesTest {
    /** Small but complete: windows of 4x4 tokens in stage 1, every block kind present. */
    private static final Topology TINY = Topology.parse("4,2,2,1|2,1,3,1|2,1,2,1|2,1,2,1|16,8");
    private static final int SIZE = 32;

    /**
     * At the reference initialisation (weights of scale 0.02) attention is nearly uniform and GELU nearly
     * linear, so a wrong second-order term could hide; the weights are scaled up here until softmax and
     * GELU are strongly curved over the circle.
     */
    @ParameterizedTest
    @EnumSource(value = KernelChoice.class, names = {"NATIVE", "LIBTORCH"})
    void velocityAndAccelerationMatchCentralDifferences(KernelChoice kernels) {
        requireKernels(kernels);
        try (AsVitNetwork net = sharpened(AsVitNetwork.initialised(TINY, SIZE, 10, 7, TensorKind.CPU_DOUBLE));
             PointerScope scope = new PointerScope()) {
            double[] theta = {0.3, 1.7, 4.0};
            Tensor basis = Circle.seeded(SIZE, 2, 11, TensorKind.CPU_DOUBLE).basis();
            CurveDerivatives.Result jets = CurveDerivatives.compute(net, new Circle(basis, theta), true, kernels);
            assertEquals(kernels.cliName(), jets.kernels());
            int width = jets.width();
            double h = 1e-4;
            double[] plus = features(net, basis, shift(theta, h));
            double[] minus = features(net, basis, shift(theta, -h));
            double[] centre = features(net, basis, theta);
            double[] velocity = new double[plus.length];
            double[] acceleration = new double[plus.length];
            for (int i = 0; i < plus.length; i++) {
                velocity[i] = (plus[i] - minus[i]) / (2 * h);
                acceleration[i] = (plus[i] - 2 * centre[i] + minus[i]) / (h * h);
            }
            assertEquals(theta.length * width, jets.velocity().length);
            Approx.assertCloseToMax(centre, jets.features(), 1e-12, "features");
            Approx.assertCloseToMax(velocity, jets.velocity(), 1e-6, "v against central differences");
            Approx.assertCloseToMax(acceleration, jets.acceleration(), 1e-4, "a against second differences");
            // The first-order pass gives the same velocity.
            Approx.assertCloseToMax(jets.velocity(),
                    CurveDerivatives.compute(net, new Circle(basis, theta), false, kernels).velocity(), 1e-12,
                    "order 1 vs 2");
        }
    }

    /**
     * With the attention and MLP branches switched off the network is affine in its input, so the
     * circle maps to an ellipse {@code b + cos(t) p + sin(t) q}: then {@code v.v = |p|^2 sin^2 + |q|^2 cos^2
     * - 2 p.q sin cos}, {@code (v.v)(a.a) - (v.a)^2 = |p|^2 |q|^2 - (p.q)^2}, and curvature and L^E_kappa
     * follow in closed form.
     */
    @ParameterizedTest
    @EnumSource(value = KernelChoice.class, names = {"NATIVE", "LIBTORCH"})
    void affineNetworkMapsTheCircleToAnEllipse(KernelChoice kernels) {
        requireKernels(kernels);
        try (AsVitNetwork random = AsVitNetwork.initialised(TINY, SIZE, 10, 3, TensorKind.CPU_DOUBLE);
             PointerScope scope = new PointerScope()) {
            Map<String, Tensor> values = new LinkedHashMap<>();
            random.parameters().all().forEach((name, t) -> values.put(name,
                    name.contains(".attn.qkv.") || name.endsWith("fc2.weight") ? torch.zeros_like(t) : t.detach()));
            try (AsVitNetwork affine = AsVitNetwork.over(TINY, SIZE, 10,
                    ParameterStore.fromValues(random.parameters().layout(), values, TensorKind.CPU_DOUBLE))) {
                Circle circle = Circle.seeded(SIZE, 10, 5, TensorKind.CPU_DOUBLE);
                CurveGeometry g = CurveDerivatives.compute(affine, circle, true, kernels).geometry();

                double[] origin = features(affine, circle.basis(), new double[]{0}, 0.0);
                double[] p = minus(features(affine, circle.basis(), new double[]{0}, 1.0), origin);
                double[] q = minus(features(affine, circle.basis(), new double[]{Math.PI / 2}, 1.0), origin);
                double pp = dot(p, p);
                double qq = dot(q, q);
                double pq = dot(p, q);
                double cross = Math.sqrt(pp * qq - pq * pq);
                double kappa = 0;
                double turning = 0;
                double length = 0;
                for (double t : circle.theta()) {
                    double s = Math.sin(t);
                    double c = Math.cos(t);
                    double vv = pp * s * s + qq * c * c - 2 * pq * s * c;
                    length += Math.sqrt(vv);
                    kappa += cross / Math.pow(vv, 1.5);
                    turning += cross / vv;
                }
                Approx.assertRelative(length, g.lengthDistortion(), 1e-10, "ellipse length");
                Approx.assertRelative(kappa, g.curvature(), 1e-8, "ellipse curvature");
                Approx.assertRelative(turning, g.lengthDistortionKappa(), 1e-8, "ellipse L^E_kappa");
                assertTrue(g.curvature() > 0, "a genuine ellipse, not a line");
            }
        }
    }

    @Test
    void sameSeedSameCircleDifferentSeedDifferentCircle() {
        try (PointerScope scope = new PointerScope()) {
            double[] a = Tensors.toDoubles(Circle.seeded(SIZE, 10, 1, TensorKind.CPU_FLOAT).basis());
            double[] b = Tensors.toDoubles(Circle.seeded(SIZE, 10, 1, TensorKind.CPU_FLOAT).basis());
            double[] c = Tensors.toDoubles(Circle.seeded(SIZE, 10, 2, TensorKind.CPU_FLOAT).basis());
            org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
            assertTrue(Math.abs(a[0] - c[0]) > 1e-9 || Math.abs(a[1] - c[1]) > 1e-9, "different seeds, different circles");
            // Orthonormal basis: unit norms, orthogonal.
            int n = a.length / 2;
            double u00 = 0, u11 = 0, u01 = 0;
            for (int i = 0; i < n; i++) {
                u00 += a[i] * a[i];
                u11 += a[n + i] * a[n + i];
                u01 += a[i] * a[n + i];
            }
            assertEquals(1.0, u00, 1e-6);
            assertEquals(1.0, u11, 1e-6);
            assertEquals(0.0, u01, 1e-6);
        }
    }

    @Test
    void referenceAnglesAreLinspaceWithBothEnds() {
        double[] t = Circle.referenceAngles(10);
        assertEquals(0.0, t[0]);
        assertEquals(2 * Math.PI, t[9]);
        assertEquals(2 * Math.PI / 9, t[1], 1e-15);
    }

    /** The same network with qkv weights x150 and fc1 weights x20; closes the original. */
    private static AsVitNetwork sharpened(AsVitNetwork original) {
        try (AsVitNetwork net = original; PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Map<String, Tensor> values = new LinkedHashMap<>();
            net.parameters().all().forEach((name, t) -> values.put(name, name.contains(".attn.qkv.weight")
                    ? t.mul(new org.bytedeco.pytorch.Scalar(150.0)) : name.endsWith("fc1.weight")
                    ? t.mul(new org.bytedeco.pytorch.Scalar(20.0)) : t.detach()));
            return AsVitNetwork.over(TINY, SIZE, 10,
                    ParameterStore.fromValues(net.parameters().layout(), values, TensorKind.CPU_DOUBLE));
        }
    }

    private static double[] features(AsVitNetwork net, Tensor basis, double[] theta) {
        return features(net, basis, theta, 1.0);
    }

    /** Pooled features (identity norms) of {@code radius * x(theta)}. */
    private static double[] features(AsVitNetwork net, Tensor basis, double[] theta, double radius) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor points = new Circle(basis, theta).points(net.kind()).mul(new org.bytedeco.pytorch.Scalar(radius));
            return Tensors.toDoubles(net.features(points, NormMode.IDENTITY).raw());
        }
    }

    private static double[] shift(double[] theta, double h) {
        double[] out = theta.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] += h;
        }
        return out;
    }

    private static double[] minus(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void requireKernels(KernelChoice kernels) {
        if (kernels == KernelChoice.NATIVE) {
            NativeKernelsBuild.requireKernels();
        }
    }
}
