package org.asvit.training;

import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag("fast")
class SmoothedCrossEntropyTest {
    @Test
    void equalsTheSmoothedTargetDistributionsCrossEntropy() {
        double[] logits = {1.0, -0.5, 2.0, 0.0, 0.3, 0.3};
        long[] labels = {2, 0};
        double eps = 0.1;
        double expected = 0;
        for (int b = 0; b < 2; b++) {
            double max = Math.max(logits[3 * b], Math.max(logits[3 * b + 1], logits[3 * b + 2]));
            double z = 0;
            for (int c = 0; c < 3; c++) {
                z += Math.exp(logits[3 * b + c] - max);
            }
            for (int c = 0; c < 3; c++) {
                double logP = logits[3 * b + c] - max - Math.log(z);
                double target = (c == labels[b] ? 1 - eps : 0) + eps / 3;
                expected -= target * logP / 2;
            }
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor x = Tensors.fromDoubles(logits, TensorKind.CPU_DOUBLE, 2, 3);
            Tensor y = Tensors.fromDoubles(new double[] {2, 0}, TensorKind.CPU_DOUBLE, 2).to(torch.ScalarType.Long);
            assertEquals(expected, new SmoothedCrossEntropy(eps).loss(x, y).item_double(), 1e-12);
        }
    }
}
