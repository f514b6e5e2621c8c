package org.asvit.runtime.internal;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inconsistent calls are refused in Java with a message naming the problem; nothing reaches C++. */
@Tag("native")
class NativeKernelsChecksTest {

    @org.junit.jupiter.api.BeforeAll
    static void libraryIsBuilt() {
        org.asvit.testing.NativeKernelsBuild.requireKernels();
    }

    private static Tensor ones(long... shape) {
        return torch.ones(shape);
    }

    private static void refused(String expectedPart, Supplier<Tensor> call) {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
            assertTrue(e.getMessage().contains(expectedPart), "message '" + e.getMessage() + "' lacks '"
                    + expectedPart + "'");
        }
    }

    @Test
    void mismatchedShapes() {
        refused("keys have shape [6, 5, 4] but queries [6, 7, 4]",
                () -> NativeKernels.attentionJet(ones(6, 7, 4), ones(6, 5, 4), ones(6, 7, 4), 2));
        refused("values have shape [6, 7, 3] but queries [6, 7, 4]",
                () -> NativeKernels.attentionJet(ones(6, 7, 4), ones(6, 7, 4), ones(6, 7, 3), 1));
    }

    @Test
    void rowsThatDoNotSplitIntoJetBlocks() {
        refused("7 stacked rows do not split into 3 jet blocks of order 2",
                () -> NativeKernels.attentionJet(ones(7, 5, 4), ones(7, 5, 4), ones(7, 5, 4), 2));
    }

    @Test
    void wrongRankOrderDtypeAndLayout() {
        refused("must be ((order+1)*rows, N, d), got 2 dimensions",
                () -> NativeKernels.attentionJet(ones(6, 5), ones(6, 5), ones(6, 5), 0));
        refused("jet order must be 0, 1 or 2, got 3",
                () -> NativeKernels.attentionJet(ones(8, 5, 4), ones(8, 5, 4), ones(8, 5, 4), 3));
        refused("keys are Double but queries Float", () -> NativeKernels.attentionJet(ones(2, 5, 4),
                ones(2, 5, 4).to(torch.ScalarType.Double), ones(2, 5, 4), 1));
        refused("take float32 or float64", () -> NativeKernels.attentionJet(ones(2, 5, 4).to(torch.ScalarType.Int),
                ones(2, 5, 4), ones(2, 5, 4), 0));
        refused("values are not contiguous", () -> NativeKernels.attentionJet(ones(2, 5, 4), ones(2, 5, 4),
                ones(2, 4, 5).transpose(1, 2), 0));
        refused("need at least one token", () -> NativeKernels.attentionJet(ones(2, 0, 4), ones(2, 0, 4),
                ones(2, 0, 4), 0));
    }

    @Test
    void backwardRefusesInconsistentTensors() {
        refused("output gradients have shape [2, 5, 3] but queries [2, 5, 4]", () -> NativeKernels.attentionBackward(
                ones(2, 5, 4), ones(2, 5, 4), ones(2, 5, 4), ones(2, 5, 4), ones(2, 5), ones(2, 5, 3))[0]);
        refused("output gradients are Double but queries Float", () -> NativeKernels.attentionBackward(
                ones(2, 5, 4), ones(2, 5, 4), ones(2, 5, 4), ones(2, 5, 4), ones(2, 5),
                ones(2, 5, 4).to(torch.ScalarType.Double))[0]);
        refused("keys are not contiguous", () -> NativeKernels.attentionBackward(ones(2, 5, 4),
                ones(2, 4, 5).transpose(1, 2), ones(2, 5, 4), ones(2, 5, 4), ones(2, 5), ones(2, 5, 4))[0]);
        refused("the log-sum-exp must be a contiguous (2, 5) CPU tensor of the queries' dtype, got [2, 4] Float",
                () -> NativeKernels.attentionBackward(ones(2, 5, 4), ones(2, 5, 4), ones(2, 5, 4), ones(2, 5, 4),
                        ones(2, 4), ones(2, 5, 4))[0]);
    }

    @Test
    void backwardRefusesTensorsThatRequireGrad() {
        try (PointerScope scope = new PointerScope()) {
            Tensor q = ones(2, 5, 4).requires_grad_(true);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NativeKernels.attentionBackward(q, ones(2, 5, 4), ones(2, 5, 4), ones(2, 5, 4), ones(2, 5),
                            ones(2, 5, 4)));
            assertTrue(e.getMessage().contains("require grad"), e.getMessage());
        }
    }

    @Test
    void consistentCallRuns() {
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            // Uniform attention over equal values returns them: 1 everywhere, derivatives 0 + 1 = 1 too.
            Tensor out = NativeKernels.attentionJet(ones(4, 3, 2), ones(4, 3, 2), ones(4, 3, 2), 1);
            assertEquals(24, out.numel());
            assertEquals(1.0, out.narrow(0, 0, 2).min().item_double(), 1e-6);
            assertEquals(1.0, out.narrow(0, 2, 2).max().item_double(), 1e-6);
        }
    }
}
