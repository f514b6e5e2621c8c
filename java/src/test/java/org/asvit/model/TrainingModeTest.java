package org.asvit.model;

import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.asvit.metrics.NtkInputs;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow")
class TrainingModeTest {
    private static final Topology TOPOLOGY = Topology.parse("4,2,2,2|2,1,3,2|2,1,2,1|2,1,2,2|16,8");

    @Test
    void trainingWithoutDropPathEqualsEvaluationAndDropPathIsSeeded() {
        try (AsVitNetwork net = AsVitNetwork.initialised(TOPOLOGY, 32, 10, 1, TensorKind.CPU_FLOAT);
             PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor images = NtkInputs.seededNormal(2).batch(8, 32, TensorKind.CPU_FLOAT);
            assertFalse(net.isTraining());
            double[] eval = Tensors.toDoubles(net.logits(images, NormMode.LAYER_NORM));

            net.train(5);
            assertTrue(net.isTraining());
            assertArrayEquals(eval, Tensors.toDoubles(net.logits(images, NormMode.LAYER_NORM)), "rate 0: no effect");

            net.setDropPathRate(0.5);
            net.train(5);
            double[] first = Tensors.toDoubles(net.logits(images, NormMode.LAYER_NORM));
            net.train(5);
            assertArrayEquals(first, Tensors.toDoubles(net.logits(images, NormMode.LAYER_NORM)), "same seed, same masks");
            net.train(6);
            double[] other = Tensors.toDoubles(net.logits(images, NormMode.LAYER_NORM));
            assertFalse(java.util.Arrays.equals(first, other), "another seed, other masks");
            assertFalse(java.util.Arrays.equals(first, eval), "drop-path changes the training forward");

            net.eval();
            assertArrayEquals(eval, Tensors.toDoubles(net.logits(images, NormMode.LAYER_NORM)), "evaluation mode again");
            assertThrows(IllegalArgumentException.class, () -> net.setDropPathRate(1.0));
        }
    }
}
