package org.asvit.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asvit.io.RunFolder;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.BeforeAll;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A training run through the library: checkpoints every epoch, and a run stopped and resumed is the uninterrupted one. */
@Tag("slow")
class TrainingRunTest {
    private static final Topology ARCH = Topology.parse("4,2,2,1|2,1,2,1|2,1,2,1|2,1,2,1|8,16");
    private static final Map<String, String> OPTIONS = Map.of("--seed", "0");

    @TempDir
    static Path dir;
    static LabelledImages training;
    static LabelledImages validation;

    @BeforeAll
    static void makeData() throws IOException {
        Path data = dir.resolve("shapes");
        SyntheticDataset.write(data, 3, 16, 4, 32, 5);
        training = DataSources.open(data.resolve("train").toString(), DataSources.Role.TRAINING);
        validation = DataSources.open(data.resolve("val").toString(), DataSources.Role.VALIDATION);
    }

    private static TrainingRun.Config config() {
        TrainingSettings settings = new TrainingSettings(3, 16, 2e-3, 0.05, 1, 0.1, true, 0);
        return new TrainingRun.Config(ARCH, 32, settings, RetokenizationSchedule.parse("16:1", 3), training, validation,
                1, TensorKind.CPU_FLOAT);
    }

    /** Records what the run tells its listener. */
    private static final class Heard implements TrainingRun.Listener {
        final List<String> events = new ArrayList<>();

        @Override
        public void started(int firstEpoch, List<EpochRecord> done) {
            events.add("started " + firstEpoch + " after " + done.size());
        }

        @Override
        public void epoch(EpochRecord record, List<EpochRecord> history) {
            events.add("epoch " + record.epoch() + " of " + history.size());
        }
    }

    @Test
    void aStoppedAndResumedRunIsTheUninterruptedOne() throws IOException {
        Path full = dir.resolve("full");
        Heard heardFull = new Heard();
        TrainingRun.Outcome whole;
        try (RunFolder folder = RunFolder.open(full, "train", OPTIONS, false)) {
            whole = new TrainingRun(folder, config()).run(heardFull);
        }
        assertTrue(whole.finished());
        assertEquals(List.of("started 1 after 0", "epoch 1 of 1", "epoch 2 of 2", "epoch 3 of 3"), heardFull.events);
        assertEquals(List.of(16, 4, 4), whole.history().stream().map(EpochRecord::stride).toList());
        // Only the last epoch's checkpoint tensors are kept; the checkpoint names them.
        assertTrue(Files.isRegularFile(full.resolve("checkpoint-0003.safetensors")));
        assertFalse(Files.exists(full.resolve("checkpoint-0002.safetensors")));
        assertFalse(Files.exists(full.resolve("checkpoint-0001.safetensors")));
        JsonNode checkpoint = new ObjectMapper().readTree(full.resolve(RunFolder.CHECKPOINT).toFile());
        assertEquals("checkpoint-0003.safetensors", checkpoint.path("state").path("tensors").asText());
        JsonNode report = new ObjectMapper().readTree(full.resolve(TrainingRun.REPORT).toFile());
        assertEquals(3, report.path("epochsDone").asInt());
        assertEquals(3, report.path("epochRecords").size());
        assertEquals(whole.history().get(2).valAccuracy(), report.path("valAccuracy").asDouble());

        Path parted = dir.resolve("parted");
        TrainingRun.Outcome stopped;
        try (RunFolder folder = RunFolder.open(parted, "train", OPTIONS, false)) {
            stopped = new TrainingRun(folder, config()).run(1, new Heard());
        }
        assertFalse(stopped.finished());
        assertEquals(1, stopped.history().size());
        Heard heardResumed = new Heard();
        TrainingRun.Outcome resumed;
        try (RunFolder folder = RunFolder.open(parted, "train", OPTIONS, true)) {
            resumed = new TrainingRun(folder, config()).run(heardResumed);
        }
        assertTrue(resumed.finished());
        assertEquals(List.of("started 2 after 1", "epoch 2 of 2", "epoch 3 of 3"), heardResumed.events);
        assertEquals(3, resumed.history().size());
        for (int e = 0; e < 3; e++) {
            EpochRecord a = whole.history().get(e);
            EpochRecord b = resumed.history().get(e);
            assertEquals(List.of(a.stride(), a.learningRate(), a.trainLoss(), a.trainAccuracy(), a.valLoss(),
                    a.valAccuracy(), a.flops()), List.of(b.stride(), b.learningRate(), b.trainLoss(), b.trainAccuracy(),
                    b.valLoss(), b.valAccuracy(), b.flops()), "epoch " + (e + 1));
        }
        assertArrayEquals(Files.readAllBytes(full.resolve(TrainingRun.WEIGHTS)),
                Files.readAllBytes(parted.resolve(TrainingRun.WEIGHTS)), "same final weights");
        assertFalse(Files.exists(parted.resolve("checkpoint-0001.safetensors")), "the stopped run's tensors are rotated out");
    }
}
