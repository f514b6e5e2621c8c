package org.asvit.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.InvalidSettingException;
import org.asvit.io.RunFolder;
import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A whole search through the library in a run folder, on real networks at 32 px, R = 1. */
@Tag("slow")
class SearchRunTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EvaluationSettings TINY = EvaluationSettings.defaults(32).withRepeats(1).withBatch(4);
    private static final SearchConfig CONFIG = new SearchConfig(6, 0.08, 20, 0.9, 7, TINY);
    /** The run's identity in its folder: an embedder names the settings its own way. */
    private static final Map<String, String> OPTIONS = Map.of("steps", "6", "seed", "7", "imageSize", "32");

    @TempDir
    Path dir;

    @Test
    void stoppedAfterTwoStepsAndResumedEqualsUninterrupted() throws IOException {
        SearchRun search = new SearchRun(CONFIG);
        EvaluationBackend backend = EvaluationBackend.callingThread();

        Path whole = dir.resolve("whole");
        Recorder straight = new Recorder(whole);
        SearchResult uninterrupted;
        try (RunFolder folder = RunFolder.open(whole, SearchRun.COMMAND, OPTIONS, false)) {
            uninterrupted = search.run(backend, folder, straight, () -> false);
        }
        assertTrue(uninterrupted.completed());
        assertEquals(List.of(0, 1, 2, 3, 4, 5), straight.steps);
        assertEquals(1, straight.finished);

        Path split = dir.resolve("split");
        Recorder first = new Recorder(split);
        SearchResult stopped;
        try (RunFolder folder = RunFolder.open(split, SearchRun.COMMAND, OPTIONS, false)) {
            stopped = search.run(backend, folder, first, () -> first.steps.size() >= 2);
        }
        assertFalse(stopped.completed());
        assertEquals(List.of(0, 1), first.steps);
        assertEquals(1, first.finished);
        assertEquals(2, stopped.state().nextStep());
        JsonNode partial = JSON.readTree(split.resolve(SearchOutputs.FILE).toFile());
        assertEquals(2, partial.get("steps").size());
        assertFalse(partial.get("completed").asBoolean());

        Recorder second = new Recorder(split);
        SearchResult resumed;
        try (RunFolder folder = RunFolder.open(split, SearchRun.COMMAND, OPTIONS, true)) {
            assertEquals(2, search.startState(folder).nextStep());
            resumed = search.run(backend, folder, second, () -> false);
        }
        assertEquals(List.of(2, 3, 4, 5), second.steps, "each step is told once, in order");
        assertEquals(1, second.finished);

        assertTrue(resumed.completed());
        assertEquals(uninterrupted.derived(), resumed.derived());
        assertEquals(uninterrupted.scores().ntk(), resumed.scores().ntk(), 0.0);
        assertEquals(uninterrupted.scores().lengthDistortion(), resumed.scores().lengthDistortion(), 0.0);
        assertEquals(uninterrupted.scores().params(), resumed.scores().params());
        assertEquals(uninterrupted.scores().flops(), resumed.scores().flops());
        assertEquals(uninterrupted.entropy(), resumed.entropy(), 0.0);
        assertEquals(withoutSeconds(uninterrupted.state().steps()), withoutSeconds(resumed.state().steps()));
        assertEquals(uninterrupted.state().cacheHits(), resumed.state().cacheHits());
        assertEquals(uninterrupted.state().baseline(), resumed.state().baseline());
        for (int f = 0; f < uninterrupted.state().logits().length; f++) {
            assertArrayEquals(uninterrupted.state().logits()[f], resumed.state().logits()[f], 0.0);
        }

        // The JSON outputs: the same file either way but for wall time, with the derived topology at the end.
        JsonNode done = JSON.readTree(split.resolve(SearchOutputs.FILE).toFile());
        assertEquals(withoutSeconds(JSON.readTree(whole.resolve(SearchOutputs.FILE).toFile())), withoutSeconds(done));
        assertEquals(6, done.get("steps").size());
        assertEquals(resumed.derived().format(), done.get("derived").get("arch").asText());
        assertTrue(done.get("completed").asBoolean());
        assertEquals(6, JSON.readTree(split.resolve(RunFolder.CHECKPOINT).toFile()).get("state").get("nextStep").asInt());
    }

    @Test
    void aCheckpointThatIsNotASearchStateIsRefusedNamingTheSetting() throws IOException {
        Path folderDir = dir.resolve("corrupt");
        try (RunFolder folder = RunFolder.open(folderDir, SearchRun.COMMAND, OPTIONS, false)) {
            ObjectNode state = JSON.createObjectNode().put("nextStep", "not a number");
            folder.saveCheckpoint(state);
        }
        try (RunFolder folder = RunFolder.open(folderDir, SearchRun.COMMAND, OPTIONS, true)) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> new SearchRun(CONFIG).startState(folder));
            assertTrue(e.getMessage().startsWith("resume: the checkpoint's search state cannot be read ("),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("); the checkpoint is corrupt"), e.getMessage());
        }
    }

    /** Counts what the listener is told, and checks that the checkpoint holds each step when it is. */
    private static final class Recorder implements SearchRun.Listener {
        private final Path folder;
        final List<Integer> steps = new ArrayList<>();
        int finished;

        Recorder(Path folder) {
            this.folder = folder;
        }

        @Override
        public void stepDone(SearchStep step, SearchState state) throws IOException {
            steps.add(step.step());
            assertEquals(step.step() + 1, state.nextStep());
            JsonNode saved = JSON.readTree(folder.resolve(RunFolder.CHECKPOINT).toFile());
            assertEquals(state.nextStep(), saved.get("state").get("nextStep").asInt(), "checkpointed before");
            assertEquals(state.nextStep(), JSON.readTree(folder.resolve(SearchOutputs.FILE).toFile())
                    .get("steps").size());
        }

        @Override
        public void finished(SearchResult result) {
            finished++;
        }
    }

    private static List<SearchStep> withoutSeconds(List<SearchStep> steps) {
        return steps.stream().map(s -> new SearchStep(s.step(), s.sample(), s.arch(), s.ntk(), s.lengthDistortion(),
                s.bad(), s.reward(), s.baseline(), s.advantage(), s.entropy(), s.params(), s.flops(), 0,
                s.cacheHit())).toList();
    }

    private static JsonNode withoutSeconds(JsonNode file) {
        JsonNode copy = file.deepCopy();
        copy.get("steps").forEach(step -> ((ObjectNode) step).remove("seconds"));
        return copy;
    }
}
