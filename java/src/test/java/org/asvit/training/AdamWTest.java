package org.asvit.training;

import org.asvit.model.ParameterLayout;
import org.asvit.model.ParameterStore;
import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class AdamWTest {
    private static final Topology TINY = Topology.parse("4,1,2,1|2,1,2,1|2,1,2,1|2,1,2,1|8,8");
    private static final double LR1 = 0.01;
    private static final double LR2 = 0.005;
    private static final double WD = 0.05;

    /** Gradient of a parameter at a step: a fixed function of position, different per step. */
    private static double grad(int step, int i) {
        return step == 1 ? Math.sin(0.7 * i + 0.3) * 0.02 : Math.cos(1.3 * i) * 0.05 - 0.01;
    }

    private static Map<String, Tensor> gradients(ParameterStore store, int step) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        store.all().forEach((name, p) -> {
            double[] g = new double[(int) p.numel()];
            for (int i = 0; i < g.length; i++) {
                g[i] = grad(step, i);
            }
            out.put(name, Tensors.fromDoubles(g, TensorKind.CPU_FLOAT, Tensors.shape(p)));
        });
        return out;
    }

    /** Two steps by hand, in float64, following torch.optim.AdamW's update order. */
    private static double[] byHand(double[] p0, boolean decayed) {
        double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        double[] p = p0.clone();
        double[] m = new double[p.length];
        double[] v = new double[p.length];
        double[] lrs = {LR1, LR2};
        for (int t = 1; t <= 2; t++) {
            double lr = lrs[t - 1];
            for (int i = 0; i < p.length; i++) {
                double g = (float) grad(t, i);
                if (decayed) {
                    p[i] *= 1 - lr * WD;
                }
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                double denom = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                p[i] -= lr / (1 - Math.pow(b1, t)) * m[i] / denom;
            }
        }
        return p;
    }

    @Test
    void twoStepsEqualTheHandComputationWithDecayOnlyOnMatrices() {
        ParameterLayout layout = ParameterLayout.of(TINY, 3);
        try (ParameterStore store = ParameterStore.initialised(layout, 7, TensorKind.CPU_FLOAT);
             AdamW adamw = new AdamW(store, WD);
             PointerScope scope = new PointerScope()) {
            String matrix = "layers.0.blocks.0.attn.qkv.weight";
            String vector = "layers.0.blocks.0.norm1.weight";
            double[] matrix0 = Tensors.toDoubles(store.get(matrix));
            double[] vector0 = Tensors.toDoubles(store.get(vector));
            assertTrue(AdamW.decays(store.get(matrix)));
            assertFalse(AdamW.decays(store.get(vector)));
            assertFalse(AdamW.decays(store.get("head.2.bias")));

            adamw.step(gradients(store, 1), LR1);
            adamw.step(gradients(store, 2), LR2);
            assertEquals(2, adamw.steps());

            assertClose(byHand(matrix0, true), Tensors.toDoubles(store.get(matrix)));
            assertClose(byHand(vector0, false), Tensors.toDoubles(store.get(vector)));
            // The decay makes a difference the test can see: without it the matrix would differ.
            double[] undecayed = byHand(matrix0, false);
            double[] actual = Tensors.toDoubles(store.get(matrix));
            double gap = 0;
            for (int i = 0; i < actual.length; i++) {
                gap = Math.max(gap, Math.abs(actual[i] - undecayed[i]));
            }
            assertTrue(gap > 1e-6, "weight decay changed the matrix by " + gap);
        }
    }

    @Test
    void restoredStateContinuesIdentically() {
        ParameterLayout layout = ParameterLayout.of(TINY, 3);
        try (ParameterStore a = ParameterStore.initialised(layout, 7, TensorKind.CPU_FLOAT);
             ParameterStore b = ParameterStore.initialised(layout, 7, TensorKind.CPU_FLOAT);
             AdamW first = new AdamW(a, WD);
             AdamW second = new AdamW(b, WD);
             PointerScope scope = new PointerScope()) {
            first.step(gradients(a, 1), LR1);
            second.step(gradients(b, 1), LR1);
            try (AdamW resumed = new AdamW(b, WD)) {
                resumed.restore(first.state(), first.steps());
                first.step(gradients(a, 2), LR2);
                resumed.step(gradients(b, 2), LR2);
                a.all().forEach((name, t) -> org.junit.jupiter.api.Assertions.assertArrayEquals(
                        Tensors.toDoubles(t), Tensors.toDoubles(b.get(name)), name));
            }
        }
    }

    private static void assertClose(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-6 + 1e-5 * Math.abs(expected[i]), "element " + i);
        }
    }
}
