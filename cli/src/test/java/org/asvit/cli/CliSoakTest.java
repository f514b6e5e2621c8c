package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("slow")
class CliSoakTest {

    @Test
    void reportsResidentMemoryAtTheBaselineAndAtTheEnd() throws Exception {
        AsvitRun run = AsvitRun.of("soak", "--count", "6", "--baseline", "2", "--every", "3", "--image-size", "32",
                "--max-growth", "1000", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertEquals(6, json.get("count").asInt());
        assertEquals(2, json.get("baseline").asInt());
        // On the CPU no device memory is reported.
        assertEquals("cpu", json.get("device").asText());
        assertEquals(60 * 6 / json.get("seconds").asDouble(), json.get("perMinute").asDouble(), 1e-9);
        assertFalse(json.has("finalCudaAllocatedMb"), run::toString);
        assertFalse(json.get("samples").get(0).has("cudaAllocatedMb"), run::toString);
        assertTrue(json.get("baselineMb").asDouble() > 0, run::toString);
        assertTrue(json.get("finalMb").asDouble() > 0, run::toString);
        assertTrue(json.get("ok").asBoolean(), run::toString);
        // Samples at the baseline (2) and every 3 topologies (3, 6).
        assertEquals(3, json.get("samples").size(), run::toString);
        assertEquals(6, json.get("samples").get(2).get("topologies").asInt());
    }

    @Test
    void aBaselineBeyondTheCountIsAUsageError() {
        AsvitRun negative = AsvitRun.of("soak", "--max-growth", "-5");
        assertEquals(2, negative.exitCode(), negative::toString);
        assertEquals("asvit: error: --max-growth must be a percentage of at least 0, got -5.0" + System.lineSeparator(),
                negative.err());
        AsvitRun run = AsvitRun.of("soak", "--count", "5", "--baseline", "9");
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--baseline"), run::toString);
    }
}
