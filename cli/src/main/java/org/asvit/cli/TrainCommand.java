package org.asvit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.RunFolder;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.asvit.training.DataSources;
import org.asvit.training.EpochRecord;
import org.asvit.training.LabelledImages;
import org.asvit.training.RandomStreams;
import org.asvit.training.RetokenizationSchedule;
import org.asvit.training.Subset;
import org.asvit.training.TrainingRun;
import org.asvit.training.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code asvit train}: trains a topology on an ImageFolder tree or MNIST IDX files with AdamW, warmup and
 * cosine decay, label smoothing, light augmentation and optional progressive re-tokenisation; writes a
 * checkpoint every epoch into {@code --out}, which {@code --resume} continues exactly.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
                "Trains a topology (AdamW, linear warmup then cosine decay, label-smoothed cross-entropy, random crop "
                        + "and flip) with optional progressive re-tokenisation (--retokenize).",
                "Writes into --out, every epoch: checkpoint.json and checkpoint-NNNN.safetensors (continue with "
                        + "--resume), weights.safetensors (reference names; loads in 'evaluate --weights' and in PyTorch), "
                        + "train.json, train.csv and train.png."})
final class TrainCommand implements Callable<Integer> {
    static final String COMMAND = "train";

    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, paramLabel = "TOPOLOGY", description = Converters.TOPOLOGY_DESCRIPTION)
    Topology topology;

    @Option(names = "--data", required = true, paramLabel = "DIR|SPEC",
            description = "Training images: an ImageFolder tree (one subfolder of JPEG/PNG per class), a folder of "
                    + "MNIST IDX files (its train-images-idx3-ubyte[.gz] / train-labels-idx1-ubyte[.gz]), or "
                    + "IMAGES,LABELS (two IDX files).")
    String data;

    @Option(names = "--val", paramLabel = "DIR|SPEC",
            description = "Validation images, same forms (an IDX folder gives its t10k pair). Default: the t10k pair "
                    + "when --data is an IDX folder holding one, else none.")
    String val;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "64",
            description = "Images per optimiser step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3",
            description = "Peak learning rate, reached after warmup. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--weight-decay", paramLabel = "WD", defaultValue = "0.05",
            description = "AdamW's decoupled weight decay, on conv and Linear weights only. Default: ${DEFAULT-VALUE}.")
    double weightDecay;

    @Option(names = "--warmup", paramLabel = "EPOCHS",
            description = "Epochs of linear learning-rate warmup. Default: 1 (0 when --epochs is 1).")
    Integer warmup;

    @Option(names = "--label-smoothing", paramLabel = "EPS", defaultValue = "0.1",
            description = "Label smoothing of the training loss. Default: ${DEFAULT-VALUE}.")
    double labelSmoothing;

    @Option(names = "--retokenize", paramLabel = "SCHEDULE",
            description = "Progressive re-tokenisation: STRIDE:LAST_EPOCH,... (e.g. 16:4,8:7: stride 16 for epochs "
                    + "1-4, 8 for 5-7, 4 after) or a named schedule of the paper (see 'asvit schedule'). Default: "
                    + "stride 4 throughout.")
    String retokenize;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "32",
            description = "Image side in pixels (a multiple of 32); images are resized to it. Default: ${DEFAULT-VALUE}.")
    int imageSize;

    @Option(names = "--no-augment", description = "No random crop and flip on the training images.")
    boolean noAugment;

    @Option(names = "--limit", paramLabel = "N",
            description = "Train on a seeded random subset of N training images. Default: all.")
    Integer limit;

    @Option(names = "--val-limit", paramLabel = "N",
            description = "Validate on a seeded random subset of N validation images. Default: all.")
    Integer valLimit;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the initial weights, the order of the images, the augmentation. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--loader-threads", paramLabel = "N", defaultValue = "2",
            description = "Threads decoding and augmenting images ahead of the training step. Default: ${DEFAULT-VALUE}.")
    int loaderThreads;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "asvit-train",
            description = "Folder of the run's outputs and checkpoints; must be new or empty unless --resume. "
                    + "Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint (same options).")
    boolean resume;

    @Option(names = "--stop-after", paramLabel = "EPOCH", hidden = true,
            description = "Stop after this epoch, as if the run had been killed there (for tests of --resume).")
    Integer stopAfter;

    @Mixin
    DeviceOptions device;

    @Option(names = "--json", description = "Print train.json's object on one line at the end instead of the table.")
    boolean json;

    /** The run's folder once open; held (no other run may write it) until the command ends. */
    private RunFolder folder;

    @Override
    public Integer call() throws IOException {
        try {
            return run();
        } finally {
            if (folder != null) {
                folder.close();
            }
        }
    }

    private Integer run() throws IOException {
        int warmupEpochs = warmup != null ? warmup : epochs > 1 ? 1 : 0;
        TrainingSettings settings = new TrainingSettings(epochs, batch, lr, weightDecay, warmupEpochs, labelSmoothing,
                !noAugment, seed);
        topology.validateImageSize(imageSize);
        if (loaderThreads < 1) {
            throw new IllegalArgumentException("--loader-threads must be at least 1, got " + loaderThreads);
        }
        RetokenizationSchedule schedule = retokenize == null ? RetokenizationSchedule.none(epochs)
                : RetokenizationSchedule.parse(retokenize, epochs);
        schedule.validateFor(topology, imageSize);

        RandomStreams random = new RandomStreams(seed);
        LabelledImages training = DataFolders.open(data, DataSources.Role.TRAINING, "--data");
        String valSpec = val != null ? val : DataSources.hasIdxValidation(data) ? data : null;
        LabelledImages validation = valSpec == null ? null
                : DataFolders.open(valSpec, DataSources.Role.VALIDATION, val != null ? "--val" : "--data");
        if (validation != null) {
            DataSources.requireSameClasses(training, validation);
        }
        if (limit != null) {
            training = Subset.of(training, limit, random.subset());
        }
        if (validation != null && valLimit != null) {
            validation = Subset.of(validation, valLimit, random.subset());
        }
        int classes = training.classes().size();

        folder = RunFolder.open(out, COMMAND, options(settings, schedule, valSpec), resume);
        TensorKind kind = device.apply();
        device.maxMemory.checkTraining(topology, imageSize, batch, classes, kind);
        TrainingRun run = new TrainingRun(folder, new TrainingRun.Config(topology, imageSize, settings, schedule,
                training, validation, loaderThreads, kind));
        PrintWriter stdout = spec.commandLine().getOut();
        TrainingRun.Outcome outcome = run.run(stopAfter != null ? stopAfter : epochs,
                new CommandListener(run, schedule, stdout, spec.commandLine().getErr()));
        if (!outcome.finished()) {
            if (!json) {
                stdout.printf(Locale.ROOT, "stopped after epoch %d as asked (--stop-after); continue with --resume%n",
                        outcome.history().get(outcome.history().size() - 1).epoch());
                stdout.flush();
            }
            return 0;
        }
        if (json) {
            stdout.println(Json.write(run.report()));
        } else {
            stdout.print(TrainOutputs.summary(folder, run.report()));
        }
        stdout.flush();
        return 0;
    }

    /** The command line's side of a training run: the table on standard output, progress, train.csv and train.png. */
    private final class CommandListener implements TrainingRun.Listener {
        private final TrainingRun run;
        private final RetokenizationSchedule schedule;
        private final PrintWriter stdout;
        private final PrintWriter err;
        private Progress progress;

        CommandListener(TrainingRun run, RetokenizationSchedule schedule, PrintWriter stdout, PrintWriter err) {
            this.run = run;
            this.schedule = schedule;
            this.stdout = stdout;
            this.err = err;
        }

        @Override
        public void started(int firstEpoch, List<EpochRecord> done) {
            if (json) {
                return;
            }
            ObjectNode report = run.report();
            stdout.printf(Locale.ROOT, "training %s at %d px, %d classes, on %s: %s%s%n", topology.format(), imageSize,
                    report.path("classes").asInt(), report.path("device").asText(), report.path("data").asText(),
                    report.path("val").isNull() ? "; no validation data" : "; validation: " + report.path("val").asText());
            if (firstEpoch > 1) {
                stdout.printf(Locale.ROOT, "resuming after epoch %d of %d%n", firstEpoch - 1, epochs);
            }
            stdout.println(TrainOutputs.HEADER);
            done.forEach(r -> stdout.println(TrainOutputs.row(r)));
            stdout.flush();
        }

        @Override
        public void step(int epoch, int done, int total, double runningLoss) {
            if (progress == null) {
                progress = Progress.start("epoch " + epoch + "/" + epochs, total, "batch", err, json);
            }
            progress.update(done, String.format(Locale.ROOT, "loss %.4f", runningLoss));
        }

        @Override
        public void epoch(EpochRecord record, List<EpochRecord> history) throws IOException {
            if (progress != null) {
                progress.close();
                progress = null;
            }
            TrainOutputs.write(folder, topology, schedule, history);
            if (!json) {
                stdout.println(TrainOutputs.row(record));
                stdout.flush();
            }
        }
    }

    /** The options that determine the run's numbers: a resumed run must repeat them. */
    private Map<String, String> options(TrainingSettings s, RetokenizationSchedule schedule, String valSpec) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--arch", topology.format());
        o.put("--data", data);
        o.put("--val", String.valueOf(valSpec));
        o.put("--epochs", Integer.toString(s.epochs()));
        o.put("--batch", Integer.toString(s.batchSize()));
        o.put("--lr", Double.toString(s.learningRate()));
        o.put("--weight-decay", Double.toString(s.weightDecay()));
        o.put("--warmup", Integer.toString(s.warmupEpochs()));
        o.put("--label-smoothing", Double.toString(s.labelSmoothing()));
        o.put("--retokenize", schedule.toString());
        o.put("--image-size", Integer.toString(imageSize));
        o.put("--no-augment", Boolean.toString(!s.augment()));
        o.put("--limit", String.valueOf(limit));
        o.put("--val-limit", String.valueOf(valLimit));
        o.put("--seed", Long.toString(s.seed()));
        o.put("--device", device.device.toString());
        return o;
    }
}
