package org.asvit.io;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.NormMode;
import org.asvit.model.ParameterLayout;
import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.asvit.testing.ReferenceFixture;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class WeightsFileTest {
    private static final Topology TOPOLOGY = Topology.parse("5,2,3,2|3,1,2,1|2,1,4,1|4,1,6,1|32,12");

    @Test
    void savedWeightsLoadBackToTheSameNetwork(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.safetensors");
        try (AsVitNetwork original = AsVitNetwork.initialised(TOPOLOGY, 32, 7, 3, TensorKind.CPU_FLOAT);
             PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            WeightsFile.save(file, original);
            SafeTensors read = SafeTensors.read(file);
            assertEquals(TOPOLOGY.format(), read.metadata().get("arch"));
            assertEquals("32", read.metadata().get("img"));
            assertEquals("7", read.metadata().get("classes"));
            assertEquals(ParameterLayout.of(TOPOLOGY, 7).specs().size(), read.names().size());
            try (AsVitNetwork loaded = AsVitNetwork.over(TOPOLOGY, 32, 7,
                    WeightsFile.toStore(WeightsFile.parameters(read), ParameterLayout.of(TOPOLOGY, 7),
                            TensorKind.CPU_FLOAT))) {
                Tensor images = org.asvit.metrics.NtkInputs.seededNormal(1).batch(3, 32, TensorKind.CPU_FLOAT);
                assertArrayEquals(Tensors.toDoubles(original.logits(images, NormMode.LAYER_NORM)),
                        Tensors.toDoubles(loaded.logits(images, NormMode.LAYER_NORM)));
            }
        }
    }

    @Test
    void prefixedFixtureParametersAreFoundAndWrongArchitecturesAreReportedByName() throws Exception {
        SafeTensors fixture = SafeTensors.read(ReferenceFixture.path(ReferenceFixture.SEED + ".safetensors"));
        SafeTensors params = WeightsFile.parameters(fixture);
        assertTrue(params.contains("patch_embed.proj.weight"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WeightsFile.toStore(params,
                ParameterLayout.of(Topology.parse("8,2,3,2|4,1,2,1|4,1,4,1|4,1,6,1|32,16"), 10), TensorKind.CPU_FLOAT));
        assertTrue(e.getMessage().contains("missing layers.0.blocks.1.norm1.weight [16]"), e.getMessage());
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class, () -> WeightsFile.toStore(params,
                ParameterLayout.of(Topology.parse("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16"), 11), TensorKind.CPU_FLOAT));
        assertTrue(shapes.getMessage().contains("wrong shape for head.2.weight: expected [11, 128], got [10, 128]"),
                shapes.getMessage());
    }
}
