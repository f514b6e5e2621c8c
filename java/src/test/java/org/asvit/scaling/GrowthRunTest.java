package org.asvit.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.RunFolder;
import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole growth run through the library in a run folder, on real networks at 32 px, R = 1. */
@Tag("slow")
class GrowthRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Topology SEED = Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32");
    private static final EvaluationSettings TINY = EvaluationSettings.defaults(32).withRepeats(1).withBatch(4);
    private static final GrowConfig CONFIG = new GrowConfig(5_000_000, 110_000_000, GrowConfig.PAPER_WIDTH_RATIOS,
            4, 1000, TINY);
    private static final List<Long> EMIT = List.of(2_000_000L, 4_000_000L);
    private static final Map<String, String> OPTIONS = Map.of("seed", SEED.format(), "imageSize", "32");

    @TempDir
    Path dir;

    @Test
    void stoppedAfterTwoStepsAndResumedEqualsUninterrupted() throws IOException {
        GrowthRun growth = new GrowthRun(CONFIG, SEED, EMIT);
        EvaluationBackend backend = EvaluationBackend.callingThread();

        Path whole = dir.resolve("whole");
        Recorder straight = new Recorder(whole);
        GrowState uninterrupted;
        try (RunFolder folder = RunFolder.open(whole, GrowthRun.COMMAND, OPTIONS, false)) {
            uninterrupted = growth.run(backend, folder, straight, () -> false);
        }
        assertTrue(uninterrupted.finished());
        int steps = uninterrupted.steps().size();
        assertTrue(steps >= 3, "the run must outlast the stop: " + steps + " steps");
        assertEquals(range(0, steps), straight.steps);
        assertEquals(1, straight.finished);

        Path split = dir.resolve("split");
        Recorder first = new Recorder(split);
        GrowState stopped;
        try (RunFolder folder = RunFolder.open(split, GrowthRun.COMMAND, OPTIONS, false)) {
            stopped = growth.run(backend, folder, first, () -> first.steps.size() >= 2);
        }
        assertFalse(stopped.finished());
        assertEquals(List.of(0, 1), first.steps);
        assertEquals(1, first.finished);
        JsonNode partial = JSON.readTree(split.resolve(GrowthOutputs.FILE).toFile());
        assertEquals(2, partial.get("steps").size());
        assertFalse(partial.get("finished").asBoolean());

        Recorder second = new Recorder(split);
        GrowState resumed;
        try (RunFolder folder = RunFolder.open(split, GrowthRun.COMMAND, OPTIONS, true)) {
            assertEquals(2, growth.startState(folder).steps().size());
            resumed = growth.run(backend, folder, second, () -> false);
        }
        assertEquals(range(2, steps), second.steps, "each step is told once, in order");
        assertEquals(1, second.finished);

        assertEquals(GrowerTest.withoutSeconds(uninterrupted), GrowerTest.withoutSeconds(resumed));
        assertEquals(uninterrupted.stopReason(), resumed.stopReason());
        assertTrue(resumed.finished());

        JsonNode done = JSON.readTree(split.resolve(GrowthOutputs.FILE).toFile());
        assertEquals(withoutSeconds(JSON.readTree(whole.resolve(GrowthOutputs.FILE).toFile())), withoutSeconds(done));
        assertEquals(steps, done.get("steps").size());
        assertEquals(EMIT.size(), done.get("emitted").size());
        assertEquals(growth.members(resumed).get(1).step().arch(), done.get("emitted").get(1).get("arch").asText());
        assertEquals(resumed.stopReason(), done.get("stopReason").asText());
        assertEquals("metrics", done.get("config").get("rank").asText());
        assertEquals(steps, JSON.readTree(split.resolve(RunFolder.CHECKPOINT).toFile()).get("state").get("steps").size());
    }

    @Test
    void aSeedWhoseWidthDoesNotFitTheCountingScaleIsRefusedAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GrowthRun(CONFIG, SEED.withWidth(30), EMIT));
        assertTrue(e.getMessage().startsWith("the seed's width C = 30 must be a multiple of 4"), e.getMessage());
    }

    /** Counts what the listener is told, and checks that the checkpoint holds each step when it is. */
    private static final class Recorder implements GrowthRun.Listener {
        private final Path folder;
        final List<Integer> steps = new ArrayList<>();
        int finished;

        Recorder(Path folder) {
            this.folder = folder;
        }

        @Override
        public void stepDone(GrowStep step, GrowState state) throws IOException {
            steps.add(step.step());
            assertEquals(step.step() + 1, state.steps().size());
            JsonNode saved = JSON.readTree(folder.resolve(RunFolder.CHECKPOINT).toFile());
            assertEquals(state.steps().size(), saved.get("state").get("steps").size(), "checkpointed before");
            assertEquals(state.steps().size(), JSON.readTree(folder.resolve(GrowthOutputs.FILE).toFile())
                    .get("steps").size());
        }

        @Override
        public void finished(GrowState state) {
            finished++;
        }
    }

    private static List<Integer> range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).boxed().toList();
    }

    private static JsonNode withoutSeconds(JsonNode file) {
        JsonNode copy = file.deepCopy();
        copy.get("steps").forEach(step -> ((ObjectNode) step).remove("seconds"));
        return copy;
    }
}
