package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code asvit grow} end to end with small caps at 32 px. */
@Tag("slow")
class CliGrowTest {
    private static final String SEED = "8,2,3|4,1,2|4,1,4|4,1,6|32";

    @TempDir
    Path dir;

    private static AsvitRun grow(String... more) {
        return growWith("3.2e6", "4e6", more);
    }

    private static AsvitRun growWith(String stop, String max, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("grow", "--arch", SEED, "--image-size", "32",
                "--repeat", "1", "--batch", "4", "--stop-params", stop, "--max-params", max));
        args.addAll(List.of(more));
        return AsvitRun.of(args.toArray(String[]::new));
    }

    @Test
    void growsAFamilyAndWritesItsOutputs() throws IOException {
        Path out = dir.resolve("run");
        AsvitRun run = grow("--out", out.toString(), "--emit", "2.5e6,3M");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = new ObjectMapper().readTree(out.resolve("grow.json").toFile());
        JsonNode steps = json.get("steps");
        assertTrue(steps.size() >= 2, run::toString);
        assertEquals("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,32", steps.get(0).get("arch").asText());
        long previous = 0;
        for (JsonNode step : steps) {
            long params = step.get("params").asLong();
            assertTrue(params > previous, "monotonic: " + step);
            previous = params;
            Topology t = Topology.parse(step.get("arch").asText());
            assertEquals(4 * step.get("workingWidth").asInt(), t.width());
        }
        assertTrue(previous >= 3_200_000 && previous <= 4_000_000, "stops at the first network over 3.2M: " + previous);
        assertTrue(json.get("finished").asBoolean());
        assertEquals(2, json.get("emitted").size());
        assertEquals(2_500_000, json.get("emitted").get(0).get("targetParams").asLong());
        assertTrue(run.out().contains("closest to 2.5 M: step"), run::toString);
        assertEquals(steps.size() + 1, Files.readAllLines(out.resolve("grow.csv")).size());
        assertNotNull(ImageIO.read(out.resolve("grow.png").toFile()));

        // Resuming a finished run reports the same family without evaluating anything.
        AsvitRun again = grow("--out", out.toString(), "--emit", "2.5e6,3M", "--resume", "--json");
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(steps.toString(), again.json().get("steps").toString());

        AsvitRun otherCap = growWith("3.2e6", "5e6", "--out", out.toString(), "--resume");
        assertEquals(2, otherCap.exitCode(), otherCap::toString);
        assertTrue(otherCap.err().contains("option --max-params is 5000000 but the run in"), otherCap::toString);
    }

    @Test
    void badOptionsAreOneLine() {
        AsvitRun badCount = grow("--emit", "lots");
        assertEquals(2, badCount.exitCode());
        assertTrue(badCount.err().contains("'lots' is not a positive whole number of parameters"), badCount::toString);

        AsvitRun stopAboveCap = growWith("5e6", "4e6");
        assertEquals(2, stopAboveCap.exitCode());
        assertTrue(stopAboveCap.err().contains("must not exceed --max-params"), stopAboveCap::toString);

        AsvitRun oddWidth = AsvitRun.of("grow", "--arch", "8,2,3|4,1,2|4,1,4|4,1,6|32,30", "--image-size", "32");
        assertEquals(2, oddWidth.exitCode());
        assertTrue(oddWidth.err().contains("must be a multiple of 4"), oddWidth::toString);
    }

    @Test
    void quickPresetIsRecordedAndTheSummaryGroupsDigits() throws IOException {
        Path out = dir.resolve("quick");
        AsvitRun run = AsvitRun.of("grow", "--preset", "quick", "--arch", SEED, "--batch", "4", "--stop-params", "1e6",
                "--max-params", "4e6", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.err().startsWith("asvit: grow: quick preset (64 px, R = 2)"), run::toString);
        assertTrue(run.out().matches("(?s).*\\nreached [0-9]{1,3}(,[0-9]{3})+ >= 1,000,000 parameters in .*"), run::toString);
        com.fasterxml.jackson.databind.JsonNode config = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("grow.json").toFile()).get("config");
        assertEquals(64, config.get("imageSize").asInt());
        assertEquals(2, config.get("repeats").asInt());

        // An error is one line: the banner comes after every check.
        AsvitRun refused = AsvitRun.of("grow", "--preset", "quick", "--arch", SEED, "--stop-params", "1e6",
                "--max-params", "4e6", "--out", out.toString());
        assertEquals(2, refused.exitCode(), refused::toString);
        assertEquals(1, refused.errLines().length, refused::toString);
    }
}
