package org.asvit.metrics;

import org.junit.jupiter.api.Tag;
import org.asvit.model.AsVitNetwork;
import org.asvit.model.KernelChoice;
import org.asvit.model.KernelLog;
import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.asvit.testing.Approx;
import org.asvit.testing.NativeKernelsBuild;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batched per-layer NTK Gram equals the explicit dot products of per-sample gradients (the reference's
 * method, one full libtorch backward per sample), with the backward cut at native attentions and without.
 */
@Tag("native")
class NtkGramTest {

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {"4,2,2,1|2,1,3,1|2,1,2,1|2,1,2,1|16,8;NATIVE",
            "4,2,2,1|2,1,3,1|2,1,2,1|2,1,2,1|16,8;LIBTORCH", "7,4,5,2|3,2,2,1|4,1,6,1|3,1,3,2|64,12;NATIVE", "7,4,5,2|3,2,2,1|4,1,6,1|3,1,3,2|64,12;LIBTORCH"})
    void batchedGramEqualsPerSampleLoop(String arch, KernelChoice kernels) {
        if (kernels == KernelChoice.NATIVE) {
            NativeKernelsBuild.requireKernels();
        }
        Topology topology = Topology.parse(arch);
        try (AsVitNetwork net = AsVitNetwork.initialised(topology, 32, 10, 4, TensorKind.CPU_DOUBLE);
             PointerScope scope = new PointerScope()) {
            Tensor images = NtkInputs.seededNormal(9).batch(6, 32, TensorKind.CPU_DOUBLE);
            KernelLog ran = new KernelLog();
            double[] batched = Tensors.toDoubles(NtkGram.compute(net, images, kernels, ran));
            assertEquals(kernels.cliName(), ran.describe(), "attention kernels that ran");
            double[] loop = Tensors.toDoubles(NtkGram.computeByPerSampleLoop(net, images));
            assertEquals(36, batched.length);
            Approx.assertCloseToMax(loop, batched, 1e-10, arch + " Gram");
            for (int i = 0; i < 6; i++) {
                for (int j = 0; j < 6; j++) {
                    assertEquals(batched[i * 6 + j], batched[j * 6 + i], 1e-9 * Math.abs(batched[i * 6 + j]), "symmetric");
                }
                assertTrue(batched[i * 6 + i] > 0, "positive diagonal");
            }
        }
    }
}
