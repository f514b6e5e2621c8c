package org.asvit.metrics;

import org.junit.jupiter.api.Tag;
import org.asvit.model.AsVitNetwork;
import org.asvit.model.KernelChoice;
import org.asvit.model.KernelLog;
import org.asvit.runtime.TensorKind;
import org.asvit.testing.Approx;
import org.asvit.testing.NativeKernelsBuild;
import org.asvit.testing.ReferenceFixture;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every metric reproduces the reference's numbers on the golden fixtures' weights and inputs, on the CPU;
 * {@code CudaFixtureMetricsTest} runs the same checks on CUDA where a GPU is present.
 */
@Tag("native")
class FixtureMetricsTest {

    /** The device and precision the checks run on. */
    TensorKind kind() {
        return TensorKind.CPU_FLOAT;
    }

    /**
     * Native kernels need the library; on CUDA only the composition is checked (the CUDA kernel has not run
     * on a GPU, and the NTK has no CUDA backward kernel).
     */
    private void requireKernels(KernelChoice kernels) {
        assumeTrue(!kind().cuda() || kernels == KernelChoice.LIBTORCH, "no validated native CUDA kernel");
        if (kernels == KernelChoice.NATIVE) {
            NativeKernelsBuild.requireKernels();
        }
    }

    /** With the native attention kernel and with the libtorch composition; each run names the one that ran. */
    @ParameterizedTest
    @CsvSource({ReferenceFixture.SEED + ",NATIVE", ReferenceFixture.SEED + ",LIBTORCH",
            ReferenceFixture.RANDOM + ",NATIVE", ReferenceFixture.RANDOM + ",LIBTORCH"})
    void curveMetrics(String name, KernelChoice kernels) {
        requireKernels(kernels);
        ReferenceFixture fixture = ReferenceFixture.load(name);
        try (AsVitNetwork net = fixture.network(kind()); PointerScope scope = new PointerScope()) {
            Circle circle = new Circle(kind().convert(fixture.tensor("inputs.curve_basis").toTensor()),
                    fixture.doubles("inputs.theta"));
            CurveDerivatives.Result result = CurveDerivatives.compute(net, circle, true, kernels);
            assertEquals(kernels.cliName(), result.kernels(), "attention kernels that ran");
            CurveGeometry g = result.geometry();
            Approx.assertRelative(fixture.doubles("expected.length_distortion_per_theta"), g.speeds(), 1e-4,
                    name + " per-angle speeds");
            Approx.assertRelative(fixture.scalar("length_distortion"), g.lengthDistortion(), 1e-4, name + " L^E");
            Approx.assertRelative(fixture.scalar("curvature"), g.curvature(), 1e-3, name + " curvature");
            Approx.assertRelative(fixture.scalar("length_distortion_kappa"), g.lengthDistortionKappa(), 1e-3,
                    name + " L^E_kappa");
            Approx.assertRelative(fixture.scalar("length_distortion_kappa_reference_code"),
                    g.lengthDistortionKappaReference(), 1e-3, name + " the reference code's L^E_kappa number");
        }
    }

    /** With the native forward and backward kernels (the graph cut at each attention) and with the composition. */
    @ParameterizedTest
    @CsvSource({ReferenceFixture.SEED + ",NATIVE", ReferenceFixture.SEED + ",LIBTORCH",
            ReferenceFixture.RANDOM + ",NATIVE", ReferenceFixture.RANDOM + ",LIBTORCH"})
    void ntk(String name, KernelChoice kernels) {
        requireKernels(kernels);
        ReferenceFixture fixture = ReferenceFixture.load(name);
        try (AsVitNetwork net = fixture.network(kind()); PointerScope scope = new PointerScope()) {
            KernelLog ran = new KernelLog();
            NtkCondition.Result r = NtkCondition.compute(net, kind().convert(fixture.tensor("inputs.ntk").toTensor()),
                    kernels, ran);
            assertEquals(kernels.cliName(), ran.describe(), "attention kernels that ran");
            Approx.assertCloseToMax(fixture.doubles("expected.ntk_gram"), r.gram(), 1e-4, name + " gram");
            Approx.assertRelative(fixture.doubles("expected.ntk_eigenvalues"), r.eigenvalues(), 1e-3,
                    name + " eigenvalues");
            Approx.assertRelative(fixture.scalar("ntk_cond"), r.condition(), 1e-3, name + " condition");
        }
    }
}
