package org.asvit.topology;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class TopologyTest {
    static final String SEED = "8,2,3|4,1,2|4,1,4|4,1,6|32";
    static final String LARGE = "8,2,3,5|4,1,2,2|4,1,4,5|4,1,6,2|32,180";
    static final String RAND_C20 = "5,4,2,2|3,2,5,1|2,2,3,1|3,1,4,2|64,20";

    @ParameterizedTest
    @ValueSource(strings = {SEED, LARGE, RAND_C20, "4,8,2|2,4,6|3,2,5|2,1,3|16",
            "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16"})
    void formatOfParsedCanonicalStringIsTheInput(String text) {
        Topology topology = Topology.parse(text);
        assertEquals(text, topology.format());
        assertEquals(text, topology.toString());
        assertEquals(topology, Topology.parse(topology.format()));
    }

    @Test
    void seedFormReadsKernelsSplitsExpansionsAndHeadsWithDefaultDepthAndWidth() {
        Topology seed = Topology.parse(SEED);
        assertTrue(seed.isSeedForm());
        int[][] expected = {{8, 2, 3}, {4, 1, 2}, {4, 1, 4}, {4, 1, 6}};
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            assertEquals(expected[stage][0], seed.kernel(stage));
            assertEquals(expected[stage][1], seed.split(stage));
            assertEquals(expected[stage][2], seed.expansion(stage));
            assertEquals(1, seed.depth(stage));
        }
        assertEquals(32, seed.heads());
        assertEquals(32, seed.width());
    }

    @Test
    void scaledFormReadsDepthsAndWidth() {
        Topology large = Topology.parse(LARGE);
        assertFalse(large.isSeedForm());
        assertArrayEquals(new int[] {5, 2, 5, 2}, large.depths());
        assertEquals(180, large.width());
        assertEquals(32, large.heads());
    }

    @Test
    void depthsAndWidthAreReadIndependentlyAsTheReferenceDoes() {
        // Stages of 3 fields: depth 1 everywhere; H,C: width 48 (valid in the reference, and here).
        String widthOnly = "6,8,5|2,4,6|3,2,2|4,1,3|64,48";
        Topology t = Topology.parse(widthOnly);
        assertArrayEquals(new int[] {1, 1, 1, 1}, t.depths());
        assertEquals(48, t.width());
        assertEquals(64, t.heads());
        assertEquals(widthOnly, t.format());
        assertEquals(new Topology.Form(false, true), t.form());
        assertFalse(t.isSeedForm());
        assertEquals(Topology.parse("6,8,5,1|2,4,6,1|3,2,2,1|4,1,3,1|64,48"), t);
        assertEquals("6,8,5,1|2,4,6,1|3,2,2,1|4,1,3,1|64,48", t.scaledForm().format());

        // Stages of 4 fields, heads group H: width 32.
        String depthsOnly = "8,2,3,2|4,1,2,1|4,1,4,3|4,1,6,1|32";
        Topology d = Topology.parse(depthsOnly);
        assertArrayEquals(new int[] {2, 1, 3, 1}, d.depths());
        assertEquals(32, d.width());
        assertEquals(depthsOnly, d.format());
        assertEquals(new Topology.Form(true, false), d.form());
    }

    @Test
    void seedOfDropsDepthsAndWidth() {
        assertEquals(SEED, Topology.parse(LARGE).seedOf().format());
    }

    @Test
    void surroundingWhitespaceIsAcceptedAndFormattedAway() {
        assertEquals(SEED, Topology.parse(" 8, 2,3|4,1,2 |4,1,4|4,1,6| 32").format());
    }

    @Test
    void seedFormEqualsItsScaledFormButFormatsDifferently() {
        Topology seed = Topology.parse(SEED);
        Topology scaled = seed.scaledForm();
        assertEquals("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,32", scaled.format());
        assertEquals(seed, scaled);
        assertEquals(seed.hashCode(), scaled.hashCode());
        assertSame(scaled, scaled.scaledForm());
        assertNotEquals(seed, Topology.parse("8,2,3|4,1,2|4,1,4|4,1,5|32"));
        assertNotEquals(seed, seed.withWidth(33));
    }

    @Test
    void withDepthsAndWidthGiveScaledTopologies() {
        Topology grown = Topology.parse(SEED).withDepths(new int[] {5, 2, 5, 2}).withWidth(180);
        assertEquals(LARGE, grown.format());
        assertEquals(Topology.parse(LARGE), grown);
    }

    @Test
    void depthsAccessorIsACopy() {
        Topology large = Topology.parse(LARGE);
        large.depths()[0] = 99;
        assertEquals(5, large.depth(0));
    }

    @Test
    void derivedWidthsOfTheSeed() {
        Topology seed = Topology.parse(SEED);
        assertArrayEquals(new int[] {32, 64, 128, 256}, perStage(seed::stageWidth));
        assertArrayEquals(new int[] {4, 8, 16, 32}, perStage(seed::stageHeads));
        assertArrayEquals(new int[] {8, 8, 8, 8}, perStage(seed::headDim));
        assertArrayEquals(new int[] {32, 64, 128, 256}, perStage(seed::attentionInner));
        assertArrayEquals(new int[] {96, 128, 512, 1536}, perStage(s -> (int) seed.mlpHidden(s)));
        assertEquals(256, seed.finalWidth());
    }

    @Test
    void widthsAreCappedAt1024() {
        Topology large = Topology.parse(LARGE);
        assertArrayEquals(new int[] {180, 360, 720, 1024}, perStage(large::stageWidth));
        assertArrayEquals(new int[] {45, 45, 45, 32}, perStage(large::headDim));
        assertEquals(1024, large.finalWidth());
    }

    @Test
    void innerWidthIsSmallerThanStageWidthWhenHeadsDoNotDivideIt() {
        Topology random = Topology.parse(RAND_C20);
        assertArrayEquals(new int[] {20, 40, 80, 160}, perStage(random::stageWidth));
        assertArrayEquals(new int[] {8, 16, 32, 64}, perStage(random::stageHeads));
        assertArrayEquals(new int[] {2, 2, 2, 2}, perStage(random::headDim));
        assertArrayEquals(new int[] {16, 32, 64, 128}, perStage(random::attentionInner));
        assertArrayEquals(new int[] {40, 200, 240, 640}, perStage(s -> (int) random.mlpHidden(s)));
    }

    @Test
    void gridsAndWindowsOfTheSeed() {
        Topology seed = Topology.parse(SEED);
        assertArrayEquals(new int[] {56, 28, 14, 7}, perStage(stage -> seed.stageGrid(224, stage)));
        assertArrayEquals(new int[] {28, 28, 14, 7}, perStage(stage -> seed.windowSide(224, stage)));
        assertArrayEquals(new int[] {16, 8, 4, 2}, perStage(stage -> seed.stageGrid(64, stage)));
        assertArrayEquals(new int[] {8, 8, 4, 2}, perStage(stage -> seed.windowSide(64, stage)));
    }

    @Test
    void windowIsTheGridDividedBySplits() {
        Topology random = Topology.parse(RAND_C20);
        assertArrayEquals(new int[] {4, 4, 2, 2}, perStage(stage -> random.windowSide(64, stage)));
        Topology fine = Topology.parse("8,8,3|4,4,2|4,2,4|4,1,6|32");
        assertArrayEquals(new int[] {1, 1, 1, 1}, perStage(stage -> fine.windowSide(32, stage)));
    }

    @Test
    void stageIndexOutOfRangeIsRejected() {
        Topology seed = Topology.parse(SEED);
        assertThrows(IndexOutOfBoundsException.class, () -> seed.kernel(4));
        assertThrows(IndexOutOfBoundsException.class, () -> seed.stageWidth(-1));
    }

    private static int[] perStage(java.util.function.IntUnaryOperator value) {
        int[] values = new int[Topology.STAGES];
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            values[stage] = value.applyAsInt(stage);
        }
        return values;
    }
}
