package org.asvit.topology;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a topology string, topology value or image size can be wrong, and what its message says. */
@Tag("fast")
class TopologyValidationTest {
    private static final String SEED = TopologyTest.SEED;

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "8,2,3|4,1,2|32; got 3",
            "8,2,3|4,1,2|4,1,4|4,1,6|32|7; got 6",
            "''; got 1"})
    void wrongNumberOfGroups(String text, String got) {
        assertMessage(text, "must have 5 '|'-separated groups", got, "K,S,E or K,S,E,L, then H or H,C");
    }

    @Test
    void firstStageMustHaveThreeOrFourFields() {
        assertMessage("8,2|4,1,2|4,1,4|4,1,6|32",
                "stage 1 must have 3 fields K,S,E (depth 1) or 4 fields K,S,E,L (with its depth L), got 2");
        assertMessage("8,2,3,1,1|4,1,2|4,1,4|4,1,6|32", "stage 1 must have", "got 5");
    }

    @Test
    void stagesMustNotMixThreeAndFourFields() {
        // The reference would silently drop every depth here; asvit refuses.
        assertMessage("8,2,3|4,1,2,1|4,1,4|4,1,6|32", "stage 2 must have 3 fields K,S,E (as stage 1)", "got 4",
                "all four stages give their depth L, or none does");
        assertMessage("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6|32,32", "stage 4 must have 4 fields K,S,E,L (as stage 1)", "got 3");
    }

    @Test
    void headsGroupHasOneOrTwoFields() {
        assertMessage("8,2,3|4,1,2|4,1,4|4,1,6|32,64,1", "heads group", "1 field H (width 32) or 2 fields H,C", "got 3");
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "8,2,3|4,1,x|4,1,4|4,1,6|32; stage 2 field 'E' must be a positive integer, got 'x'",
            "8,2,3|4,1,2|4,1,4|4.5,1,6|32; stage 4 field 'K' must be a positive integer, got '4.5'",
            "8,,3|4,1,2|4,1,4|4,1,6|32; stage 1 field 'S' must be a positive integer, got ''",
            "8,2,3|4,1,2|4,1,4|4,1,6|3.5; field 'H' must be a positive integer, got '3.5'",
            "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,c; field 'C' must be a positive integer, got 'c'",
            "8,2,3|4,1,2|4,1,4|4,1,6|99999999999; field 'H' must be a positive integer, got '99999999999'"})
    void nonIntegers(String text, String message) {
        assertMessage(text, message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "8,0,3|4,1,2|4,1,4|4,1,6|32; stage 1 field 'S' must be a positive integer, got '0'",
            "8,2,3|4,1,2|0,1,4|4,1,6|32; stage 3 field 'K' must be a positive integer, got '0'",
            "8,2,3,-1|4,1,2,1|4,1,4,1|4,1,6,1|32,32; stage 1 field 'L' must be a positive integer, got '-1'",
            "8,2,3|4,1,2|4,1,4|4,1,-6|32; stage 4 field 'E' must be a positive integer, got '-6'",
            "8,2,3|4,1,2|4,1,4|4,1,6|0; field 'H' must be a positive integer, got '0'",
            "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,0; field 'C' must be a positive integer, got '0'"})
    void zeroOrNegativeValues(String text, String message) {
        assertMessage(text, message);
    }

    @Test
    void headsThatLeaveAStageWithoutHeads() {
        assertMessage("8,2,3|4,1,2|4,1,4|4,1,6|4",
                "field 'H' = 4 gives stage 1 zero heads (H/8 = 0)", "accepted: 8..256 for width C = 32");
    }

    @Test
    void headsThatGiveAZeroHeadDimension() {
        // C = 4: widths 4, 8, 16, 32, so H/8 <= 4, H/4 <= 8, H/2 <= 16 and H <= 32.
        assertMessage("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|64,4",
                "field 'H' = 64 gives stage 1 head dimension 0 (width 4, 8 heads)", "accepted: 8..32 for width C = 4");
        assertMessage("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|33,4",
                "field 'H' = 33 gives stage 4 head dimension 0 (width 32, 33 heads)", "accepted: 8..32");
        Topology.parse("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,4");
    }

    @Test
    void widthChangesAreValidatedAgainstTheHeads() {
        TopologyException error = assertThrows(TopologyException.class, () -> Topology.parse(SEED).withWidth(2));
        assertContains(error, "field 'H' = 32 gives stage 1 head dimension 0", "accepted: 8..16 for width C = 2",
                "topology '8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,2'");
    }

    @Test
    void programmaticValuesAreValidatedLikeParsedOnes() {
        Topology seed = Topology.parse(SEED);
        assertContains(assertThrows(TopologyException.class, () -> seed.withDepths(new int[] {1, 0, 1, 1})),
                "stage 2 field 'L' must be a positive integer, got '0'", "'8,2,3,1|4,1,2,0|4,1,4,1|4,1,6,1|32,32'");
        assertContains(assertThrows(TopologyException.class, () -> seed.withDepths(new int[] {1, 1, 1})),
                "field 'L' needs one value per stage (4), got 3");
        assertContains(assertThrows(TopologyException.class,
                        () -> Topology.seed(new int[] {8, 4, 4, 4}, new int[] {2, 1, 1, 1}, new int[] {3, 2, 4, 6}, -32)),
                "field 'H' must be a positive integer, got '-32'");
    }

    @Test
    void missingString() {
        assertContains(assertThrows(TopologyException.class, () -> Topology.parse(null)), "topology string is missing");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -32, 16, 100, 225})
    void imageSizesThatAreNotPositiveMultiplesOf32(int imageSize) {
        TopologyException error = assertThrows(TopologyException.class,
                () -> Topology.parse(SEED).validateImageSize(imageSize));
        assertContains(error, "image size must be a positive multiple of 32", "got " + imageSize, "'" + SEED + "'");
        assertThrows(TopologyException.class, () -> Topology.parse(SEED).stageGrid(imageSize, 0));
    }

    @Test
    void splitLargerThanTheGrid() {
        Topology topology = Topology.parse("8,2,3|4,1,2|4,1,4|4,2,6|32");
        topology.validateImageSize(64);
        TopologyException error = assertThrows(TopologyException.class, () -> topology.validateImageSize(32));
        assertContains(error, "stage 4 field 'S' = 2 does not divide the stage's 1x1 token grid at image size 32",
                "accepted: the divisors of 1: 1)", "'8,2,3|4,1,2|4,1,4|4,2,6|32'");
        assertThrows(TopologyException.class, () -> topology.windowSide(32, 0));
    }

    /**
     * S_i must divide R_i: S1 = 3 on a 56 grid (the reference fails: 18 does not tile 56), and S1 = 30 on a 56
     * grid (the reference builds 1-token windows, i.e. S1 = 56, silently) are both refused; 3 divides nothing
     * of 8, 16 or 56, and S1 = 7 divides 56 but not 8.
     */
    @Test
    void splitThatDoesNotDivideTheGrid() {
        for (String arch : new String[] {"8,3,3|4,1,2|4,1,4|4,1,6|32", "8,30,3|4,1,2|4,1,4|4,1,6|32"}) {
            Topology topology = Topology.parse(arch);
            String split = arch.substring(2, arch.indexOf(',', 2));
            TopologyException error = assertThrows(TopologyException.class, () -> topology.validateImageSize(224));
            assertContains(error, "stage 1 field 'S' = " + split + " does not divide the stage's 56x56 token grid at "
                    + "image size 224", "accepted: the divisors of 56: 1, 2, 4, 7, 8, 14, 28, 56)");
            assertThrows(TopologyException.class, () -> topology.validateImageSize(64));
            assertThrows(TopologyException.class, () -> topology.validateImageSize(32));
        }
        Topology seven = Topology.parse("8,7,3|4,1,2|4,1,4|4,1,6|32");
        seven.validateImageSize(224);
        assertEquals(8, seven.windowSide(224, 0));
        TopologyException error = assertThrows(TopologyException.class, () -> seven.validateImageSize(32));
        assertContains(error, "the divisors of 8: 1, 2, 4, 8)");
        Topology eleven = Topology.parse("8,11,3|4,1,2|4,1,4|4,1,6|32");
        assertContains(assertThrows(TopologyException.class, () -> eleven.validateImageSize(32 * 2520)),
                "the divisors of 20160: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, ...)");
    }

    private static void assertMessage(String text, String... parts) {
        TopologyException error = assertThrows(TopologyException.class, () -> Topology.parse(text));
        assertContains(error, parts);
        assertContains(error, "(topology '" + text + "')");
    }

    private static void assertContains(Exception error, String... parts) {
        for (String part : parts) {
            assertTrue(error.getMessage().contains(part), () -> "message '" + error.getMessage() + "' lacks '" + part + "'");
        }
    }
}
