package org.asvit.model;

import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.asvit.metrics.NtkInputs;
import org.asvit.topology.Projection;
import org.asvit.topology.Topology;
import org.asvit.topology.TopologyException;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Progressive re-tokenisation on the built network: the stage-1 projection at strides 16, 8 and 4 with the
 * same weights, and every later part on the smaller grids (docs/training.md, 'Smaller grids downstream'). The analytic
 * counts ({@link Complexity}) are checked against the shapes the network actually produces.
 */
@Tag("slow")
class ElasticTokenisationTest {
    private static final int CLASSES = 10;
    /** Two images, so that per-image counts are read off batched shapes. */
    private static final int BATCH = 2;

    /**
     * Each topology at each image size and stride: the forward runs, the logits are finite, and the tokens
     * per stage and the FLOPs read off the recorded layer shapes equal {@link Complexity}'s. The topologies
     * include the search space's extremes (smallest and largest K, S, E and H) at a small width.
     */
    @ParameterizedTest(name = "{0} at {1} px")
    @CsvSource(delimiter = ';', value = {
            "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16;  32",
            "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16;  64",
            "4,2,2,1|2,1,2,1|2,1,2,1|2,1,2,1|16,8;   32",
            "4,2,2,1|2,1,2,1|2,1,2,1|2,1,2,1|16,8;   64",
            "4,2,2,1|2,1,2,1|2,1,2,1|2,1,2,1|16,8;  224",
            "8,8,6,1|4,4,6,1|4,2,6,1|4,1,6,1|64,8;   32",
            "8,8,6,1|4,4,6,1|4,2,6,1|4,1,6,1|64,8;   64",
            "8,8,6,1|4,4,6,1|4,2,6,1|4,1,6,1|64,8;  224",
            "5,4,2,2|3,2,5,1|2,2,3,1|3,1,4,2|64,20;  64",
            "7,8,4,1|3,4,2,1|3,2,5,1|2,1,3,1|16,8;  224"})
    void forwardAtEveryStrideMatchesTheAnalyticCounts(String arch, int imageSize) {
        Topology topology = Topology.parse(arch);
        try (AsVitNetwork net = AsVitNetwork.initialised(topology, imageSize, CLASSES, 3, TensorKind.CPU_FLOAT);
             PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor images = NtkInputs.seededNormal(4).batch(BATCH, imageSize, TensorKind.CPU_FLOAT);
            for (int stride : new int[]{16, 8, 4}) {
                net.setStride(stride);
                assertEquals(Projection.forStride(stride, topology.kernel(0)), net.projection());
                LayerTape tape = new LayerTape();
                Tensor tokens = net.tokens(Jet.of(images), ForwardContext.recording(NormMode.LAYER_NORM, tape)).value();
                String where = arch + " at " + imageSize + " px, stride " + stride;
                assertArrayEquals(Complexity.tokens(topology, imageSize, stride), stageTokens(tape), where);
                assertEquals(Complexity.flops(topology, imageSize, stride, CLASSES),
                        flopsFromShapes(tape, tokens, BATCH) + headFlops(topology, imageSize, stride), where);
                double[] logits = Tensors.toDoubles(net.logits(images, NormMode.LAYER_NORM));
                assertEquals(BATCH * CLASSES, logits.length, where);
                assertTrue(Arrays.stream(logits).allMatch(Double::isFinite), where);
            }
        }
    }

    /** Token counts of the seed at 224 px, worked out by hand: grids I/s, then ceil(R/2) at each merging. */
    @Test
    void tokenCountsOfTheSeedAt224() {
        Topology seed = Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32");
        assertArrayEquals(new long[]{3136, 784, 196, 49}, Complexity.tokens(seed, 224, 4));
        assertArrayEquals(new long[]{784, 196, 49, 16}, Complexity.tokens(seed, 224, 8));   // 28, 14, 7, ceil(7/2) = 4
        assertArrayEquals(new long[]{196, 49, 16, 4}, Complexity.tokens(seed, 224, 16));   // 14, 7, 4, 2
        assertArrayEquals(new long[]{16, 4, 1, 1}, Complexity.tokens(seed, 64, 16));       // 4, 2, 1, and 1 stays 1
        assertArrayEquals(new long[]{4, 1, 1, 1}, Complexity.tokens(seed, 32, 16));
    }

    /**
     * Switching strides neither changes nor replaces any parameter (bitwise), and switching back to stride 4
     * gives back exactly the stride-4 network's logits.
     */
    @Test
    void weightsAreUnchangedAcrossSwitches() {
        Topology topology = Topology.parse("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16");
        try (AsVitNetwork net = AsVitNetwork.initialised(topology, 64, CLASSES, 7, TensorKind.CPU_FLOAT);
             PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor images = NtkInputs.seededNormal(1).batch(2, 64, TensorKind.CPU_FLOAT);
            Tensor projection = net.parameters().get("patch_embed.proj.weight");
            List<String> names = List.copyOf(net.parameters().all().keySet());
            List<double[]> before = names.stream().map(n -> Tensors.toDoubles(net.parameters().get(n))).toList();
            double[] logitsAtFour = Tensors.toDoubles(net.logits(images, NormMode.LAYER_NORM));

            for (int stride : new int[]{16, 8, 4, 16, 4}) {
                net.setStride(stride);
                double[] logits = Tensors.toDoubles(net.logits(images, NormMode.LAYER_NORM));
                if (stride == 4) {
                    assertArrayEquals(logitsAtFour, logits, "back at stride 4");
                } else {
                    assertTrue(!Arrays.equals(logitsAtFour, logits), "stride " + stride + " tokenises differently");
                }
            }
            assertSame(projection, net.parameters().get("patch_embed.proj.weight"));
            assertArrayEquals(new long[]{16, 3, 8, 8}, Tensors.shape(projection));
            for (int i = 0; i < names.size(); i++) {
                assertArrayEquals(before.get(i), Tensors.toDoubles(net.parameters().get(names.get(i))), names.get(i));
            }
            assertEquals(Projection.BASE, net.projection());
        }
    }

    /** Training at a coarse stride differentiates the same projection weights: gradients of their shape, finite, not zero. */
    @Test
    void gradientsReachTheProjectionAtEveryStride() {
        Topology topology = Topology.parse("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16");
        try (AsVitNetwork net = AsVitNetwork.initialised(topology, 32, CLASSES, 2, TensorKind.CPU_FLOAT);
             PointerScope scope = new PointerScope()) {
            Tensor images = NtkInputs.seededNormal(3).batch(2, 32, TensorKind.CPU_FLOAT);
            Tensor projection = net.parameters().get("patch_embed.proj.weight");
            for (int stride : new int[]{16, 8, 4}) {
                net.setStride(stride);
                Tensor loss = net.logits(images, NormMode.LAYER_NORM).pow(new org.bytedeco.pytorch.Scalar(2)).sum();
                TensorVector grads = torch.grad(new TensorVector(loss), new TensorVector(projection),
                        new TensorVector(), new BoolOptional(false), false, false);
                Tensor g = grads.get(0);
                assertArrayEquals(Tensors.shape(projection), Tensors.shape(g), "stride " + stride);
                double[] values = Tensors.toDoubles(g);
                assertTrue(Arrays.stream(values).allMatch(Double::isFinite), "stride " + stride);
                assertTrue(Arrays.stream(values).anyMatch(v -> v != 0), "stride " + stride);
            }
        }
    }

    @Test
    void stridesTheNetworkCannotRunAreRejected() {
        Topology topology = Topology.parse("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16");
        try (AsVitNetwork net = AsVitNetwork.initialised(topology, 32, CLASSES, 1, TensorKind.CPU_FLOAT)) {
            IllegalArgumentException notPowerOfTwo = assertThrows(IllegalArgumentException.class, () -> net.setStride(12));
            assertTrue(notPowerOfTwo.getMessage().contains("4, 8, 16"), notPowerOfTwo.getMessage());
            TopologyException tooCoarse = assertThrows(TopologyException.class, () -> net.setStride(64));
            assertTrue(tooCoarse.getMessage().contains("up to the image size 32"), tooCoarse.getMessage());
            assertEquals(Projection.BASE, net.projection(), "a rejected stride changes nothing");
        }
        // S1 = 3 at 96 px: window 24/3 = 8 tiles the stride-4 grid 24 but not the stride-8 grid 12.
        Topology thirds = Topology.parse("8,3,3|4,1,2|4,1,4|4,1,6|32");
        thirds.validateStride(96, 4);
        TopologyException untiled = assertThrows(TopologyException.class, () -> thirds.validateStride(96, 8));
        assertTrue(untiled.getMessage().contains("stage 1 window side 8 does not tile the 12x12 token grid at stride 8"),
                untiled.getMessage());
    }

    /** LayerNorm inputs of each stage's first block are (B, R*R, D): the stage's tokens per image. */
    private static long[] stageTokens(LayerTape tape) {
        long[] tokens = new long[Topology.STAGES];
        for (LayerTape.Entry entry : tape.entries()) {
            for (int stage = 0; stage < Topology.STAGES; stage++) {
                if (entry.weightName().equals("layers." + stage + ".blocks.0.norm1.weight")) {
                    tokens[stage] = entry.input().size(1);
                }
            }
        }
        return tokens;
    }

    /**
     * FLOPs per image by the reference's rules, from the recorded shapes: conv outputs times (3*K*K + 1),
     * Linear outputs times their input width, q.k^T and attn.v from each qkv input's (windows, N, D) shape,
     * and the two token means over the last stage's tokens.
     */
    private static long flopsFromShapes(LayerTape tape, Tensor tokens, int batch) {
        long flops = 0;
        for (LayerTape.Entry entry : tape.entries()) {
            switch (entry.kind()) {
                case CONV -> flops += entry.output().numel() / batch
                        * (entry.input().size(1) * entry.kernel() * entry.kernel() + 1);
                case LINEAR -> {
                    flops += entry.output().numel() / batch * entry.input().size(-1);
                    if (entry.weightName().endsWith("attn.qkv.weight")) {
                        long windows = entry.input().size(0) / batch;
                        long n = entry.input().size(1);
                        long inner = entry.output().size(-1) / 3;
                        flops += 2 * windows * n * n * inner;
                    }
                }
                case LAYER_NORM -> {
                }
            }
        }
        return flops + 2 * (tokens.size(1) + 1) * tokens.size(2);
    }

    /** The head is not on the tape (it runs after pooling) and does not depend on the stride. */
    private static long headFlops(Topology topology, int imageSize, int stride) {
        return Complexity.breakdown(topology, imageSize, stride, CLASSES).stream()
                .filter(p -> p.module().equals("head")).mapToLong(Complexity.Part::flops).sum();
    }
}
