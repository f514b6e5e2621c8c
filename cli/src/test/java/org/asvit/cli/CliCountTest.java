package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code asvit count} and the error reporting shared by every command. */
@Tag("fast")
class CliCountTest {
    private static final String SEED = "8,2,3|4,1,2|4,1,4|4,1,6|32";

    @Test
    void jsonForTheSeedAt224() {
        AsvitRun run = AsvitRun.of("count", "--arch", SEED, "--json");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("", run.err());
        JsonNode json = run.json();
        assertEquals(5, json.size(), run::toString);
        assertEquals(SEED, json.get("arch").asText());
        assertEquals(224, json.get("imageSize").asInt());
        assertEquals(1000, json.get("classes").asInt());
        assertEquals(2_319_624L, json.get("params").asLong());
        assertEquals(491_595_264L, json.get("flops").asLong());
        assertEquals("{\"arch\":\"8,2,3|4,1,2|4,1,4|4,1,6|32\",\"imageSize\":224,\"classes\":1000,"
                + "\"params\":2319624,\"flops\":491595264}", run.out().strip());
    }

    /** Counts past a long are one-line errors with exit code 2, never negative numbers with exit code 0. */
    @Test
    void overflowingCountsAreOneLineErrors() {
        for (String[] args : new String[][] {
                {"count", "--arch", SEED, "--image-size", "131072"},
                {"count", "--arch", "8,2,3,2000000000|4,1,2,1|4,1,4,1|4,1,6,1|32,1024", "--json"},
                {"count", "--arch", "2000000000,2,3|4,1,2|4,1,4|4,1,6|32"}}) {
            AsvitRun run = AsvitRun.of(args);
            assertEquals(2, run.exitCode(), run::toString);
            assertEquals("", run.out(), run::toString);
            assertEquals(1, run.errLines().length, run::toString);
            assertTrue(run.err().matches("asvit: error: (--image-size [0-9]+: )?the number of (FLOPs|parameters) exceeds "
                    + "9,223,372,036,854,775,807, the largest count a 64-bit integer holds; use smaller values\\R"), run::toString);
        }
        AsvitRun big = AsvitRun.of("count", "--arch", "8,2,2000000000|4,1,2|4,1,4|4,1,6|32", "--json");
        assertEquals(0, big.exitCode(), big::toString);
        assertEquals(4_160_002_313_384L, big.json().get("params").asLong());
        assertEquals(12_845_056_472_327_680L, big.json().get("flops").asLong());
    }

    @Test
    void humanOutputAt64() {
        AsvitRun run = AsvitRun.of("count", "--arch", SEED, "--image-size", "64");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("2,319,624"), run::toString);
        assertTrue(run.out().contains("21,901,824"), run::toString);
    }

    @Test
    void archIsFormattedByTopology() {
        AsvitRun run = AsvitRun.of("count", "--arch", " 8,2,3,3|4,1,2,1|4,1,4,4|4,1,6,2|32,88 ", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("8,2,3,3|4,1,2,1|4,1,4,4|4,1,6,2|32,88", run.json().get("arch").asText());
        assertEquals(28_775_328L, run.json().get("params").asLong());
        assertEquals(5_132_481_024L, run.json().get("flops").asLong());
    }

    @Test
    void widthWithoutDepthsIsCountedAsTheReferenceReadsIt() {
        // Reference reading: stages of 3 fields are depth 1, "64,48" sets width 48.
        String arch = "6,8,5|2,4,6|3,2,2|4,1,3|64,48";
        AsvitRun run = AsvitRun.of("count", "--arch", arch, "--json");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(arch, run.json().get("arch").asText());
        AsvitRun scaled = AsvitRun.of("count", "--arch", "6,8,5,1|2,4,6,1|3,2,2,1|4,1,3,1|64,48", "--json");
        assertEquals(scaled.json().get("params"), run.json().get("params"));
        assertEquals(scaled.json().get("flops"), run.json().get("flops"));
        AsvitRun seedWidth = AsvitRun.of("count", "--arch", "6,8,5|2,4,6|3,2,2|4,1,3|64", "--json");
        assertTrue(run.json().get("params").asLong() > seedWidth.json().get("params").asLong(), "width 48 > 32");
    }

    @Test
    void badArchIsOneLineWithExitCode2() {
        AsvitRun run = AsvitRun.of("count", "--arch", "8,2,3|4,1,2|4,1,4|4,1,6", "--json");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals("", run.out());
        assertEquals(1, run.errLines().length, run::toString);
        assertTrue(run.err().startsWith("asvit: error: "), run::toString);
        assertTrue(run.err().contains("--arch") && run.err().contains("5 '|'-separated groups"), run::toString);
        assertTrue(run.err().contains("8,2,3|4,1,2|4,1,4|4,1,6"), run::toString);
    }

    @Test
    void badFieldNamesTheField() {
        AsvitRun run = AsvitRun.of("count", "--arch", "8,2,3|4,1,2|4,x,4|4,1,6|32");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().length, run::toString);
        assertTrue(run.err().contains("stage 3"), run::toString);
    }

    @Test
    void imageSizeNotAMultipleOf32() {
        AsvitRun run = AsvitRun.of("count", "--arch", SEED, "--image-size", "100");
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().length, run::toString);
        assertTrue(run.err().startsWith("asvit: error: image size must be a positive multiple of 32"), run::toString);
        assertTrue(run.err().contains("got 100"), run::toString);
    }

    @Test
    void badOptionValuesAndUnknownOptions() {
        AsvitRun notANumber = AsvitRun.of("count", "--arch", SEED, "--image-size", "big");
        assertEquals(2, notANumber.exitCode(), notANumber::toString);
        assertEquals(1, notANumber.errLines().length, notANumber::toString);
        assertTrue(notANumber.err().contains("--image-size"), notANumber::toString);

        AsvitRun unknown = AsvitRun.of("count", "--arch", SEED, "--bogus");
        assertEquals(2, unknown.exitCode(), unknown::toString);
        assertEquals(1, unknown.errLines().length, unknown::toString);
        assertTrue(unknown.err().contains("--bogus") && unknown.err().contains("asvit count --help"), unknown::toString);

        AsvitRun missing = AsvitRun.of("count");
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("--arch"), missing::toString);

        AsvitRun classes = AsvitRun.of("count", "--arch", SEED, "--classes", "0");
        assertEquals(2, classes.exitCode(), classes::toString);
        assertTrue(classes.err().contains("classes must be positive"), classes::toString);
    }

    @Test
    void helpOnEveryCommand() {
        for (String[] args : new String[][] {{"--help"}, {"count", "--help"}, {"evaluate", "--help"}, {"help", "count"}}) {
            AsvitRun run = AsvitRun.of(args);
            assertEquals(0, run.exitCode(), run::toString);
            assertTrue(run.out().startsWith("Usage: asvit"), run::toString);
        }
        assertTrue(AsvitRun.of("evaluate", "--help").out().contains("--metrics"));
        AsvitRun version = AsvitRun.of("--version");
        assertEquals(0, version.exitCode(), version::toString);
        assertTrue(version.out().startsWith("asvit "), version::toString);
    }

    @Test
    void noCommandIsAUsageError() {
        AsvitRun run = AsvitRun.of();
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("missing command: one of count, evaluate, search, grow"), run::toString);
        assertTrue(run.err().contains("doctor"), run::toString);
    }
}
