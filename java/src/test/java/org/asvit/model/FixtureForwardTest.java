package org.asvit.model;

import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.junit.jupiter.api.Tag;
import org.asvit.testing.Approx;
import org.asvit.testing.ReferenceFixture;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The network reproduces the reference's forward on the golden fixtures' weights and inputs. */
@Tag("slow")
class FixtureForwardTest {

    @ParameterizedTest
    @ValueSource(strings = {ReferenceFixture.SEED, ReferenceFixture.RANDOM})
    void featuresAndLogitsWithLayerNorms(String name) {
        ReferenceFixture fixture = ReferenceFixture.load(name);
        try (AsVitNetwork net = fixture.network(TensorKind.CPU_FLOAT);
             PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor images = fixture.tensor("inputs.ntk").toTensor();
            PooledFeatures features = net.features(images, NormMode.LAYER_NORM);
            Approx.assertCloseToMax(fixture.doubles("expected.features_ln"), Tensors.toDoubles(features.raw()),
                    1e-4, name + " features_ln");
            Approx.assertCloseToMax(fixture.doubles("expected.logits"),
                    Tensors.toDoubles(net.logits(images, NormMode.LAYER_NORM)), 1e-4, name + " logits");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {ReferenceFixture.SEED, ReferenceFixture.RANDOM})
    void curveFeaturesWithIdentityNorms(String name) {
        ReferenceFixture fixture = ReferenceFixture.load(name);
        try (AsVitNetwork net = fixture.network(TensorKind.CPU_FLOAT);
             PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor curve = fixture.tensor("inputs.curve").toTensor();
            PooledFeatures features = net.features(curve, NormMode.IDENTITY);
            Approx.assertCloseToMax(fixture.doubles("expected.features_id"), Tensors.toDoubles(features.raw()),
                    1e-4, name + " features_id");
        }
    }
}
