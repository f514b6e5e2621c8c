package org.asvit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asvit.model.Complexity.Part;
import org.asvit.topology.Topology;
import org.asvit.topology.TopologyException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class ComplexityTest {
    private static final String SEED = "8,2,3|4,1,2|4,1,4|4,1,6|32";

    /** Numbers reported by the reference code (docs/topology.md, 'Parameters and FLOPs', and the fixtures). */
    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource(delimiter = ';', value = {
            "8,2,3|4,1,2|4,1,4|4,1,6|32;             224; 1000;  2319624;   491595264",
            "8,2,3|4,1,2|4,1,4|4,1,6|32;              64; 1000;  2319624;    21901824",
            "8,2,3,3|4,1,2,1|4,1,4,4|4,1,6,2|32,88;  224; 1000; 28775328;  5132481024",
            "8,2,3,3|4,1,2,1|4,1,4,5|4,1,6,2|32,116; 224; 1000; 52258652;  8754150656",
            "8,2,3,5|4,1,2,2|4,1,4,5|4,1,6,2|32,180; 224; 1000; 87580820; 22358480640",
            "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16;   64;   10;   522138;     6220288",
            "5,4,2,2|3,2,5,1|2,2,3,1|3,1,4,2|64,20;   64;   10;   831602;     7950464"})
    void matchesTheReference(String topology, int imageSize, int classes, long params, long flops) {
        Topology parsed = Topology.parse(topology);
        assertEquals(params, Complexity.params(parsed, classes));
        assertEquals(flops, Complexity.flops(parsed, imageSize, classes));
        assertEquals(flops, Complexity.flops(parsed, imageSize, 4, classes), "stride 4 is the network as built");
    }

    @ParameterizedTest
    @ValueSource(strings = {"seed_c16_64", "rand_c20_64"})
    void matchesTheFixtures(String fixture) throws IOException {
        JsonNode expected = readFixture(fixture);
        Topology topology = Topology.parse(expected.get("arch").asText());
        int classes = expected.get("classes").asInt();
        assertEquals(expected.get("params").asLong(), Complexity.params(topology, classes));
        assertEquals(expected.get("flops").asDouble(), Complexity.flops(topology, expected.get("img").asInt(), classes));
    }

    /** The seed at 224, worked out by hand from the reference's counting rules. */
    @Test
    void breakdownOfTheSeed() {
        List<Part> parts = Complexity.breakdown(Topology.parse(SEED), 224, 1000);
        List<Part> expected = List.of(
                // conv 3->32, 8x8, 56x56 outputs: 3136*32*(192+1); weights 6144 + bias 32 + LN 64
                new Part("patch_embed", 6_240, 19_367_936),
                // qkv 3136*32*96, q.k^T and attn.v 2*3136*784*32, proj 3136*32*32, MLP 2*3136*32*96
                new Part("layers.0.blocks", 64 + 3_168 + 1_056 + 64 + 3_168 + 3_104, 189_464_576),
                // LN(512), Linear(512->64) on 28x28 tokens
                new Part("layers.0.downsample", 1_024 + 32_768, 25_690_112),
                new Part("layers.1.blocks", 128 + 12_480 + 4_160 + 128 + 8_320 + 8_256, 104_366_080),
                new Part("layers.1.downsample", 2_048 + 131_072, 25_690_112),
                new Part("layers.2.blocks", 256 + 49_536 + 16_512 + 256 + 66_048 + 65_664, 48_369_664),
                new Part("layers.2.downsample", 4_096 + 524_288, 25_690_112),
                new Part("layers.3.blocks", 512 + 197_376 + 65_792 + 512 + 394_752 + 393_472, 52_609_536),
                new Part("norm", 512, 0),
                // two means over 7x7 tokens: 2 * (49 + 1) * 256
                new Part("avgpool", 0, 25_600),
                new Part("head", 65_792 + 257_000, 65_536 + 256_000));
        assertEquals(expected, parts);
        assertEquals(Complexity.params(Topology.parse(SEED), 1000), parts.stream().mapToLong(Part::params).sum());
    }

    @Test
    void blocksScaleWithDepth() {
        Topology one = Topology.parse(SEED);
        Topology three = one.withDepths(new int[] {1, 1, 3, 1});
        List<Part> single = Complexity.breakdown(one, 224, 1000);
        List<Part> triple = Complexity.breakdown(three, 224, 1000);
        assertEquals(3 * single.get(5).params(), triple.get(5).params());
        assertEquals(3 * single.get(5).flops(), triple.get(5).flops());
        assertEquals(Complexity.flops(one, 224, 1000) + 2 * single.get(5).flops(), Complexity.flops(three, 224, 1000));
    }

    @Test
    void invalidInputsAreRejected() {
        Topology seed = Topology.parse(SEED);
        assertThrows(TopologyException.class, () -> Complexity.flops(seed, 100, 1000));
        assertThrows(TopologyException.class, () -> Complexity.flops(Topology.parse("8,2,3|4,1,2|4,1,4|4,2,6|32"), 32, 10));
        assertThrows(IllegalArgumentException.class, () -> Complexity.params(seed, 0));
        assertThrows(IllegalArgumentException.class, () -> Complexity.flops(seed, 224, -1));
    }

    /**
     * Counts past the int range are exact: the stage-1 MLP's two Linears (hidden width 32 * E) grow by
     * (32 + 1 + 32) * 32 parameters and 3136 tokens * 2 * 32 * 32 FLOPs per unit of E.
     */
    @Test
    void hugeExpansionIsCountedExactly() {
        long e = 2_000_000_000L;
        Topology huge = Topology.parse("8,2," + e + "|4,1,2|4,1,4|4,1,6|32");
        assertEquals(2_319_624L + 65L * 32 * (e - 3), Complexity.params(huge, 1000));
        assertEquals(4_160_002_313_384L, Complexity.params(huge, 1000));
        assertEquals(491_595_264L + 3136L * 2 * 32 * 32 * (e - 3), Complexity.flops(huge, 224, 1000));
        assertEquals(Complexity.params(huge, 1000), ParameterLayout.of(huge, 1000).count());
    }

    /** Past a long, a count is an error naming it, never a wrapped negative number. */
    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource(delimiter = ';', value = {
            "8,2,3|4,1,2|4,1,4|4,1,6|32;                    131072; FLOPs",
            "2000000000,2,3|4,1,2|4,1,4|4,1,6|32;             224; parameters",
            "8,2,3|2000000000,1,2|4,1,4|4,1,6|32;             224; parameters",
            "8,2,3,2000000000|4,1,2,1|4,1,4,1|4,1,6,1|32,1024; 224; FLOPs"})
    void overflowingCountsAreErrors(String topology, int imageSize, String quantity) {
        Topology t = Topology.parse(topology);
        Counts.OverflowException e = assertThrows(Counts.OverflowException.class, () -> {
            Complexity.params(t, 1000);
            Complexity.flops(t, imageSize, 1000);
        });
        assertEquals("the number of " + quantity + " exceeds 9,223,372,036,854,775,807, the largest count a 64-bit"
                + " integer holds; use smaller values", e.getMessage());
    }

    @Test
    void exactArithmeticNamesTheQuantity() {
        assertEquals(Long.MAX_VALUE, Counts.product("x", Long.MAX_VALUE, 1));
        assertEquals(-6, Counts.product("x", 2, -3));
        assertEquals(Long.MAX_VALUE, Counts.sum("x", Long.MAX_VALUE - 1, 1));
        assertTrue(assertThrows(Counts.OverflowException.class, () -> Counts.product("the widget count", 1L << 32, 1L << 31))
                .getMessage().startsWith("the widget count exceeds"));
        assertThrows(Counts.OverflowException.class, () -> Counts.sum("x", Long.MAX_VALUE, 1));
    }

    private static JsonNode readFixture(String name) throws IOException {
        try (InputStream in = ComplexityTest.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            assertNotNull(in, name);
            return new ObjectMapper().readTree(in);
        }
    }
}
