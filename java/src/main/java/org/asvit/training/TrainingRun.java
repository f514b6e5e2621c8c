package org.asvit.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.InvalidSettingException;
import org.asvit.io.RunFolder;
import org.asvit.io.SafeTensors;
import org.asvit.io.WeightsFile;
import org.asvit.model.AsVitNetwork;
import org.asvit.model.Complexity;
import org.asvit.runtime.TensorKind;
import org.asvit.runtime.IntraOpThreads;
import org.asvit.topology.Topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A training run in a {@link RunFolder}: trains a topology ({@link Trainer}) and, after every epoch, writes
 * the run's checkpoint ({@value #CHECKPOINT_PATTERN} beside {@link RunFolder#CHECKPOINT}, the previous
 * epoch's tensors deleted once the new checkpoint is saved), {@value #WEIGHTS} (reference parameter names)
 * and {@value #REPORT} (settings, per-epoch records, totals). A folder opened with resume continues from its
 * last checkpoint and computes exactly what the uninterrupted run computes.
 *
 * <p>A front end attaches progress, tables and plots through a {@link Listener}; the folder is the caller's
 * to open (with the options it names) and to close.
 */
public final class TrainingRun {
    /** The run's report, rewritten after every epoch. */
    public static final String REPORT = "train.json";
    /** The trained weights, rewritten after every epoch; {@code evaluate --weights} and PyTorch read it. */
    public static final String WEIGHTS = "weights.safetensors";
    /** The checkpoint tensors' file name for an epoch, e.g. {@code checkpoint-0003.safetensors}. */
    public static final String CHECKPOINT_PATTERN = "checkpoint-%04d.safetensors";

    /**
     * What determines a training run.
     *
     * @param topology      the topology to train
     * @param imageSize     image side (a multiple of 32 the topology accepts)
     * @param settings      epochs, batch, optimiser and seed
     * @param schedule      the stage-1 stride per epoch (re-tokenisation)
     * @param training      the training images
     * @param validation    the validation images, or null for none
     * @param loaderThreads threads decoding and augmenting images ahead of the training step, at least 1
     * @param kind          dtype and device
     */
    public record Config(Topology topology, int imageSize, TrainingSettings settings, RetokenizationSchedule schedule,
                         LabelledImages training, LabelledImages validation, int loaderThreads, TensorKind kind) {
        public Config {
            Objects.requireNonNull(topology, "topology");
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(training, "training");
            Objects.requireNonNull(kind, "kind");
            topology.validateImageSize(imageSize);
            if (loaderThreads < 1) {
                throw new InvalidSettingException("{loaderThreads} must be at least 1, got " + loaderThreads);
            }
            if (schedule.epochs() != settings.epochs()) {
                throw new InvalidSettingException("{schedule} covers " + schedule.epochs() + " epochs but {epochs} is "
                        + settings.epochs());
            }
            schedule.validateFor(topology, imageSize);
        }

        /** The number of classes (the training images'). */
        public int classes() {
            return training.classes().size();
        }
    }

    /** What a front end hears while the run goes on. Every method runs on the training thread. */
    public interface Listener {
        /**
         * Once, before the first epoch is trained: the epoch it starts at (above 1 when resumed) and the records
         * of the epochs already done.
         */
        default void started(int firstEpoch, List<EpochRecord> done) throws IOException {
        }

        /** After each training step: {@code done} of {@code total} batches of the epoch, the running loss. */
        default void step(int epoch, int done, int total, double runningLoss) {
        }

        /**
         * After each epoch, once its checkpoint, weights and report are written: the place to write the front
         * end's own views of the run (tables, plots) from {@code history}, every epoch's record so far.
         */
        default void epoch(EpochRecord record, List<EpochRecord> history) throws IOException {
        }
    }

    /**
     * How a run ended.
     *
     * @param history  every epoch's record, resumed ones included
     * @param finished whether every epoch is done (false when stopped early, to be resumed)
     */
    public record Outcome(List<EpochRecord> history, boolean finished) {
        public Outcome {
            history = List.copyOf(history);
        }
    }

    private final RunFolder folder;
    private final Config config;
    private final List<EpochRecord> history = new ArrayList<>();

    /**
     * @param folder the run's folder, opened by the caller (with {@code resume} to continue its checkpoint)
     * @param config what to train
     */
    public TrainingRun(RunFolder folder, Config config) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Trains every remaining epoch. */
    public Outcome run(Listener listener) throws IOException {
        return run(config.settings().epochs(), listener);
    }

    /**
     * Trains the remaining epochs, stopping after the first epoch at or after {@code lastEpoch} as if the run
     * had been killed there: its checkpoint is written, and a run resumed from it finishes the work.
     */
    public Outcome run(int lastEpoch, Listener listener) throws IOException {
        TrainingSettings settings = config.settings();
        RandomStreams random = new RandomStreams(settings.seed());
        int classes = config.classes();
        Path previousTensors = null;
        int firstEpoch = 1;
        AsVitNetwork network;
        SafeTensors saved = null;
        history.clear();
        if (folder.checkpoint().isPresent()) {
            ObjectNode state = folder.checkpoint().get();
            previousTensors = folder.file(state.path("tensors").asText());
            saved = SafeTensors.read(previousTensors);
            for (JsonNode r : state.path("epochs")) {
                history.add(EpochRecords.fromJson(r));
            }
            firstEpoch = state.path("epochsDone").asInt() + 1;
            network = TrainingCheckpoint.network(saved, config.topology(), config.imageSize(), classes, config.kind());
        } else {
            network = AsVitNetwork.initialised(config.topology(), config.imageSize(), classes, random.initialisation(),
                    config.kind());
        }
        int threads = config.loaderThreads();
        try (AsVitNetwork net = network;
             AdamW optimizer = new AdamW(net.parameters(), settings.weightDecay());
             BatchLoader trainLoader = new BatchLoader(config.training(), config.imageSize(), settings.batchSize(),
                     settings.augment() ? Augmentation.forSide(config.imageSize()) : null, random, threads, 2 * threads + 2);
             BatchLoader valLoader = config.validation() == null ? null
                     : new BatchLoader(config.validation(), config.imageSize(), settings.batchSize(), null, random,
                     threads, 2 * threads + 2)) {
            if (saved != null) {
                TrainingCheckpoint.restore(saved, optimizer);
            }
            listener.started(firstEpoch, Collections.unmodifiableList(history));
            Path[] lastTensors = {previousTensors};
            Trainer trainer = new Trainer(net, optimizer, settings, config.schedule(), trainLoader, valLoader);
            try {
                trainer.run(firstEpoch, new Trainer.Listener() {
                    @Override
                    public void step(int epoch, int done, int total, double runningLoss) {
                        listener.step(epoch, done, total, runningLoss);
                    }

                    @Override
                    public void epoch(EpochRecord record) throws IOException {
                        lastTensors[0] = checkpoint(record, net, optimizer, lastTensors[0]);
                        listener.epoch(record, Collections.unmodifiableList(history));
                        if (record.epoch() >= lastEpoch && record.epoch() < settings.epochs()) {
                            throw new StopRequested();
                        }
                    }
                });
            } catch (StopRequested stop) {
                return new Outcome(history, false);
            }
        }
        return new Outcome(history, true);
    }

    /** Writes an epoch's checkpoint, drops the previous one's tensors, and rewrites the weights and the report. */
    private Path checkpoint(EpochRecord record, AsVitNetwork net, AdamW optimizer, Path previousTensors)
            throws IOException {
        String tensorsName = String.format(java.util.Locale.ROOT, CHECKPOINT_PATTERN, record.epoch());
        Path tensors = folder.file(tensorsName);
        TrainingCheckpoint.write(tensors, net, optimizer);
        history.add(record);
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("epochsDone", record.epoch());
        state.put("tensors", tensorsName);
        state.set("epochs", EpochRecords.toJson(history));
        folder.saveCheckpoint(state);
        // Only once the new checkpoint names its own tensors may the old ones go.
        if (previousTensors != null && !previousTensors.equals(tensors)) {
            Files.deleteIfExists(previousTensors);
        }
        WeightsFile.save(folder.file(WEIGHTS), net);
        folder.writeJson(REPORT, report());
        return tensors;
    }

    /** The epochs done so far, resumed ones included. */
    public List<EpochRecord> history() {
        return Collections.unmodifiableList(history);
    }

    /** The report ({@value #REPORT}): the settings, the data, every epoch's record and the totals. */
    public ObjectNode report() {
        TrainingSettings settings = config.settings();
        LabelledImages training = config.training();
        LabelledImages validation = config.validation();
        Topology topology = config.topology();
        int imageSize = config.imageSize();
        int classes = config.classes();
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("arch", topology.format());
        node.put("imageSize", imageSize);
        node.put("classes", classes);
        node.put("params", Complexity.params(topology, classes));
        node.put("data", training.describe());
        node.put("trainImages", training.size());
        if (validation == null) {
            node.putNull("val");
        } else {
            node.put("val", validation.describe());
        }
        node.put("valImages", validation == null ? 0 : validation.size());
        node.put("epochs", settings.epochs());
        node.put("batch", settings.batchSize());
        node.put("lr", settings.learningRate());
        node.put("weightDecay", settings.weightDecay());
        node.put("warmup", settings.warmupEpochs());
        node.put("labelSmoothing", settings.labelSmoothing());
        node.put("augment", settings.augment());
        node.put("retokenize", config.schedule().toString());
        node.put("seed", settings.seed());
        node.put("device", config.kind().deviceName());
        node.put("threads", IntraOpThreads.current());
        node.put("epochsDone", history.size());
        if (!history.isEmpty()) {
            EpochRecord last = history.get(history.size() - 1);
            EpochRecords.putFinite(node, "valLoss", last.valLoss());
            EpochRecords.putFinite(node, "valAccuracy", last.valAccuracy());
        }
        long flops = history.stream().mapToLong(EpochRecord::flops).sum();
        long baseline = 3 * Complexity.flops(topology, imageSize, classes) * (long) training.size() * history.size();
        node.put("trainingFlops", flops);
        node.put("baselineTrainingFlops", baseline);
        EpochRecords.putFinite(node, "flopsSaved", baseline == 0 ? Double.NaN : 1 - (double) flops / baseline);
        node.put("seconds", history.stream().mapToDouble(EpochRecord::seconds).sum());
        node.put("weights", folder.file(WEIGHTS).toString());
        ArrayNode records = EpochRecords.toJson(history);
        node.set("epochRecords", records);
        return node;
    }

    /** Ends a run early after an epoch's checkpoint, as a kill would. */
    private static final class StopRequested extends RuntimeException {
        StopRequested() {
            super("stop requested", null, false, false);
        }
    }
}
