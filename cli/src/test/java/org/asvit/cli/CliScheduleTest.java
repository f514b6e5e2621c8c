package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code asvit schedule} and {@code asvit count --stride}. */
@Tag("fast")
class CliScheduleTest {
    private static final String SEED = "8,2,3|4,1,2|4,1,4|4,1,6|32";
    private static final String LARGE = "8,2,3,5|4,1,2,2|4,1,4,5|4,1,6,2|32,180";

    /** The hand-checked case of RetokenizationCostTest: the seed at 64 px, 10 epochs, 16:1,8:3. */
    @Test
    void jsonOfAHandCheckedSchedule() {
        AsvitRun run = AsvitRun.of("schedule", "--arch", SEED, "--image-size", "64", "--epochs", "10",
                "--retokenize", "16:1,8:3", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        JsonNode json = run.json();
        assertEquals("16:1,8:3", json.get("schedule").asText());
        assertEquals(3, json.get("phases").size());
        JsonNode first = json.get("phases").get(0);
        assertEquals(1, first.get("lastEpoch").asInt());
        assertEquals(16, first.get("stride").asInt());
        assertEquals(4, first.get("dilation").asInt());
        assertEquals("[16,4,1,1]", first.get("tokens").toString());
        assertEquals(2_767_104L, first.get("forwardFlops").asLong());
        assertEquals(5_604_864L, json.get("phases").get(1).get("forwardFlops").asLong());
        assertEquals(7, json.get("phases").get(2).get("epochs").asInt());
        assertEquals(501_868_800L, json.get("trainingFlopsPerImage").asLong());
        assertEquals(657_054_720L, json.get("baselineTrainingFlopsPerImage").asLong());
        assertEquals(51_728_640.0 / 219_018_240.0, json.get("saved").asDouble(), 1e-15);
    }

    /** As-ViT Large on the paper's three schedules (Table 6: 18.7%, 37.4%, 56.2%); see the README. */
    @ParameterizedTest
    @CsvSource({"paper-18, 16:40,8:70, 0.2008", "paper-37, 16:80,8:140, 0.4016", "paper-56, 16:120,8:210, 0.6024"})
    void asVitLargeOnThePapersSchedules(String name, String stride16, String stride8, double saved) {
        AsvitRun run = AsvitRun.of("schedule", "--arch", LARGE, "--epochs", "300", "--retokenize", name, "--json");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals(stride16 + "," + stride8, run.json().get("boundaries").asText());
        assertEquals(saved, run.json().get("saved").asDouble(), 5e-5);
        assertEquals(22_358_480_640L, run.json().get("phases").get(2).get("forwardFlops").asLong());
    }

    @Test
    void humanOutputShowsPhasesAndSaving() {
        AsvitRun run = AsvitRun.of("schedule", "--arch", LARGE, "--epochs", "300", "--retokenize", "paper-18");
        assertEquals(0, run.exitCode(), run::toString);
        assertTrue(run.out().contains("paper-18 = 16:40,8:70"), run::toString);
        assertTrue(run.out().contains("196+49+16+4 = 265"), run::toString);
        assertTrue(run.out().contains("71-300"), run::toString);
        assertTrue(run.out().contains("saved     20.08%"), run::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "16:40,8:400; last epoch 400 of stride 8",
            "fast;        unknown re-tokenisation schedule 'fast'",
            "64:10;       projection stride must be a power of two from 4 up to the image size 32"})
    void badSchedulesAreOneLineWithExitCode2(String schedule, String message) {
        AsvitRun run = AsvitRun.of("schedule", "--arch", SEED, "--image-size", "32", "--epochs", "300",
                "--retokenize", schedule);
        assertEquals(2, run.exitCode(), run::toString);
        assertEquals(1, run.errLines().length, run::toString);
        assertTrue(run.err().contains(message), run::toString);
    }

    @Test
    void countAtAStride() {
        AsvitRun run = AsvitRun.of("count", "--arch", SEED, "--image-size", "64", "--stride", "8", "--json");
        assertEquals(0, run.exitCode(), run::toString);
        assertEquals("{\"arch\":\"8,2,3|4,1,2|4,1,4|4,1,6|32\",\"imageSize\":64,\"classes\":1000,\"params\":2319624,"
                + "\"flops\":5604864,\"stride\":8,\"dilation\":2,\"tokens\":[64,16,4,1]}", run.out().strip());
        AsvitRun four = AsvitRun.of("count", "--arch", SEED, "--stride", "4", "--json");
        assertEquals(491_595_264L, four.json().get("flops").asLong(), four::toString);
        assertEquals("[3136,784,196,49]", four.json().get("tokens").toString());
        AsvitRun human = AsvitRun.of("count", "--arch", LARGE, "--stride", "16");
        assertTrue(human.out().contains("stride  16  (dilation 4)"), human::toString);
        assertTrue(human.out().contains("tokens  196 + 49 + 16 + 4 = 265 per image"), human::toString);
        assertTrue(human.out().contains("1,298,759,280"), human::toString);
        AsvitRun bad = AsvitRun.of("count", "--arch", SEED, "--stride", "12");
        assertEquals(2, bad.exitCode(), bad::toString);
        assertTrue(bad.err().contains("--stride must be a power of two from 4 (accepted: 4, 8, 16, 32, ...), got 12"),
                bad::toString);
    }
}
