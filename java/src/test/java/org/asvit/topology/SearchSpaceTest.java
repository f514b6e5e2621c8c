package org.asvit.topology;

import org.asvit.topology.SearchSpace.Factor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class SearchSpaceTest {
    @Test
    void factorsAreTable1InTheReferenceOrder() {
        List<Factor> factors = SearchSpace.factors();
        assertEquals(List.of("K1", "K2", "K3", "K4", "S1", "S2", "S3", "E1", "E2", "E3", "E4", "H"),
                factors.stream().map(Factor::name).collect(Collectors.toList()));
        assertEquals(List.of(4, 5, 6, 7, 8), factors.get(0).choices());
        assertEquals(List.of(2, 3, 4), factors.get(3).choices());
        assertEquals(List.of(2, 4, 8), factors.get(4).choices());
        assertEquals(List.of(1, 2, 4), factors.get(5).choices());
        assertEquals(List.of(1, 2), factors.get(6).choices());
        assertEquals(List.of(2, 3, 4, 5, 6), factors.get(10).choices());
        assertEquals(List.of(16, 32, 64), factors.get(11).choices());
    }

    @Test
    void sizeAndMaximumEntropy() {
        assertEquals(4_556_250L, SearchSpace.size());
        assertEquals(15.33, SearchSpace.maxEntropy(), 0.01);
        assertEquals(Math.log(4_556_250.0), SearchSpace.maxEntropy(), 1e-12);
    }

    @Test
    void thePapersSeedIsAPointOfTheSpace() {
        Topology seed = Topology.parse(TopologyTest.SEED);
        int[] indices = {4, 2, 2, 2, 0, 0, 0, 1, 0, 2, 4, 1};
        assertArrayEquals(indices, SearchSpace.choiceIndicesOf(seed));
        Topology point = SearchSpace.topologyOf(indices);
        assertEquals(TopologyTest.SEED, point.format());
        assertTrue(point.isSeedForm());
    }

    @Test
    void indicesAndTopologiesRoundTrip() {
        Random random = new Random(20220425);
        for (int trial = 0; trial < 2000; trial++) {
            int[] indices = new int[SearchSpace.factors().size()];
            for (int f = 0; f < indices.length; f++) {
                indices[f] = random.nextInt(SearchSpace.factors().get(f).size());
            }
            Topology topology = SearchSpace.topologyOf(indices);
            assertTrue(SearchSpace.contains(topology));
            assertEquals(SearchSpace.FIXED_LAST_SPLIT, topology.split(3));
            assertArrayEquals(indices, SearchSpace.choiceIndicesOf(topology));
            assertArrayEquals(indices, SearchSpace.choiceIndicesOf(Topology.parse(topology.format())));
            topology.validateImageSize(64);
            topology.validateImageSize(224);
        }
    }

    @Test
    void depthsAndWidthAreNotPartOfTheSpace() {
        Topology large = Topology.parse(TopologyTest.LARGE);
        assertTrue(SearchSpace.contains(large));
        assertArrayEquals(SearchSpace.choiceIndicesOf(Topology.parse(TopologyTest.SEED)), SearchSpace.choiceIndicesOf(large));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "3,2,3|4,1,2|4,1,4|4,1,6|32; factor 'K1' = 3 is outside the search space (accepted: 4, 5, 6, 7, 8)",
            "8,2,3|5,1,7|4,1,4|4,1,6|32; factor 'K2' = 5 is outside the search space (accepted: 2, 3, 4)",
            "8,2,3|4,1,2|4,4,4|4,1,6|32; factor 'S3' = 4 is outside the search space (accepted: 1, 2)",
            "8,2,3|4,1,2|4,1,4|4,2,6|32; field 'S4' = 2 is outside the search space (accepted: 1, S4 is fixed)",
            "8,2,3|4,1,2|4,1,4|4,2,7|32; field 'S4' = 2 is outside the search space",
            "8,2,3|4,1,2|4,1,4|4,1,7|32; factor 'E4' = 7 is outside the search space (accepted: 2, 3, 4, 5, 6)",
            "8,2,3|4,1,2|4,1,4|4,1,6|8; factor 'H' = 8 is outside the search space (accepted: 16, 32, 64)"})
    void requireMemberNamesTheFirstFactorOutside(String text, String message) {
        Topology topology = Topology.parse(text);
        assertFalse(SearchSpace.contains(topology));
        TopologyException error = assertThrows(TopologyException.class, () -> SearchSpace.requireMember(topology));
        assertTrue(error.getMessage().startsWith(message), error.getMessage());
        assertTrue(error.getMessage().endsWith("(topology '" + text + "')"), error.getMessage());
        assertThrows(TopologyException.class, () -> SearchSpace.choiceIndicesOf(topology));
    }

    @Test
    void indexVectorsMustFitTheFactors() {
        TopologyException tooShort = assertThrows(TopologyException.class, () -> SearchSpace.topologyOf(new int[11]));
        assertTrue(tooShort.getMessage().contains("needs 12 choice indices"), tooShort.getMessage());
        int[] indices = new int[12];
        indices[6] = 2;
        TopologyException outOfRange = assertThrows(TopologyException.class, () -> SearchSpace.topologyOf(indices));
        assertEquals("choice index of factor 'S3' must be in 0..1 (choices 1, 2), got 2", outOfRange.getMessage());
        indices[6] = -1;
        assertThrows(TopologyException.class, () -> SearchSpace.topologyOf(indices));
    }
}
