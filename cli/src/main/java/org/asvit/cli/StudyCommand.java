package org.asvit.cli;

import org.asvit.io.RunFolder;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;
import org.asvit.runtime.TensorKind;
import org.asvit.study.StudyRecipe;
import org.asvit.study.StudyReport;
import org.asvit.study.StudyRow;
import org.asvit.study.StudyRun;
import org.asvit.study.StudyTopologies;
import org.asvit.topology.Topology;
import org.asvit.training.DataSources;
import org.asvit.training.LabelledImages;
import org.asvit.training.RandomStreams;
import org.asvit.training.Subset;
import org.asvit.training.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code asvit study}: do the training-free metrics rank topologies as their trained accuracies do? Trains
 * each of N topologies under one recipe, evaluates every metric on each, and reports Kendall tau-b and
 * Spearman rho against the final validation accuracy, with bootstrap intervals, beside the trivial
 * proxies (parameters, FLOPs). Resumable per topology.
 */
@Command(name = "study", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        description = {
                "Do the metrics predict accuracy? Trains N topologies under one recipe, evaluates every metric on each, "
                        + "and reports Kendall tau-b and Spearman rho against validation accuracy, with bootstrap 95% "
                        + "intervals, beside parameters and FLOPs.",
                "Writes study.json, study.csv and study.png into --out after every topology; --resume continues."})
final class StudyCommand implements Callable<Integer> {
    /** Ready-made settings. */
    enum Preset {
        /**
         * Fashion-MNIST from Debian's dataset-fashion-mnist package, sized for about an hour on 2 CPU cores:
         * all 60,000 training and 10,000 test images, 2 epochs (about 150 s per topology at 32 px).
         */
        FASHION_MNIST("/usr/share/datasets/fashion-mnist", 24, 2, 32, 2, null, null),
        /** The same data, more topologies and epochs: for a GPU. */
        GPU("/usr/share/datasets/fashion-mnist", 60, 10, 64, 3, null, null);

        final String data;
        final int topologies;
        final int epochs;
        final int imageSize;
        final int repeats;
        final Integer limit;
        final Integer valLimit;

        Preset(String data, int topologies, int epochs, int imageSize, int repeats, Integer limit, Integer valLimit) {
            this.data = data;
            this.topologies = topologies;
            this.epochs = epochs;
            this.imageSize = imageSize;
            this.repeats = repeats;
            this.limit = limit;
            this.valLimit = valLimit;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", paramLabel = "fashion-mnist|gpu", converter = PresetConverter.class,
            description = "fashion-mnist: 24 topologies, 2 epochs on all 60,000 images at 32 px, R = 2 (about an hour "
                    + "on 2 cores); gpu: 60 topologies, 10 epochs on all images at 64 px, R = 3. Explicit options override.")
    Preset preset;

    @Option(names = "--data", paramLabel = "DIR|SPEC",
            description = "Training images, as for 'train' (ImageFolder tree, IDX folder or IMAGES,LABELS).")
    String data;

    @Option(names = "--val", paramLabel = "DIR|SPEC",
            description = "Validation images; default: the t10k pair of an IDX folder.")
    String val;

    @Option(names = "--topologies", paramLabel = "N", description = "Seeded uniform samples of the search space. "
            + "Default: the preset's, else 20.")
    Integer topologies;

    @Option(names = "--vary", description = "Give the sampled topologies random depths (1-2 per stage) and widths "
            + "(16, 24, 32, 48).")
    boolean vary;

    @Option(names = "--arch-file", paramLabel = "FILE",
            description = "Topology strings, one per line (blank lines and # comments ignored), instead of samples.")
    Path archFile;

    @Option(names = "--epochs", paramLabel = "E", description = "Training epochs per topology. Default: preset, else 2.")
    Integer epochs;

    @Option(names = "--image-size", paramLabel = "PX", description = "Image side for training and metrics. "
            + "Default: preset, else 32.")
    Integer imageSize;

    @Option(names = "--repeat", paramLabel = "R", description = "Initialisations per metric. Default: preset, else 2.")
    Integer repeats;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "64", description = "Training batch. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "1e-3", description = "Peak learning rate. Default: ${DEFAULT-VALUE}.")
    double lr;

    @Option(names = "--limit", paramLabel = "N", description = "Train on a seeded subset of N images. Default: preset, else all.")
    Integer limit;

    @Option(names = "--val-limit", paramLabel = "N", description = "Validate on a seeded subset of N images. Default: "
            + "preset, else all.")
    Integer valLimit;

    @Option(names = "--bootstrap", paramLabel = "N", defaultValue = "1000",
            description = "Bootstrap resamples for the 95% intervals. Default: ${DEFAULT-VALUE}.")
    int bootstrap;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of the topologies, initialisations, data order, metrics and bootstrap. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--loader-threads", paramLabel = "N", defaultValue = "2",
            description = "Threads decoding images ahead of the training step. Default: ${DEFAULT-VALUE}.")
    int loaderThreads;

    @Mixin
    DeviceOptions device;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "asvit-study",
            description = "Folder of study.json, study.csv, study.png and the checkpoint. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--resume", description = "Continue the study in --out (same options).")
    boolean resume;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    static final class PresetConverter implements picocli.CommandLine.ITypeConverter<Preset> {
        @Override
        public Preset convert(String value) {
            for (Preset p : Preset.values()) {
                if (p.toString().equalsIgnoreCase(value.trim())) {
                    return p;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("unknown preset '" + value + "'; accepted: fashion-mnist, gpu");
        }
    }

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
        String dataSpec = data != null ? data : preset != null ? preset.data : null;
        if (dataSpec == null) {
            throw new IllegalArgumentException("--data is required (or --preset fashion-mnist, which reads "
                    + Preset.FASHION_MNIST.data + "; install it with 'apt-get install dataset-fashion-mnist')");
        }
        int size = imageSize != null ? imageSize : preset != null ? preset.imageSize : 32;
        int epochCount = epochs != null ? epochs : preset != null ? preset.epochs : 2;
        int repeatCount = repeats != null ? repeats : preset != null ? preset.repeats : 2;
        Integer trainLimit = limit != null ? limit : preset != null ? preset.limit : null;
        Integer validationLimit = valLimit != null ? valLimit : preset != null ? preset.valLimit : null;
        if (bootstrap < 100) {
            throw new IllegalArgumentException("--bootstrap must be at least 100, got " + bootstrap);
        }
        List<Topology> list = archFile != null ? readArchFile(archFile)
                : StudyTopologies.sample(topologies != null ? topologies : preset != null ? preset.topologies : 20, vary, seed);
        for (Topology t : list) {
            t.validateImageSize(size);
        }
        TrainingSettings training = new TrainingSettings(epochCount, batch, lr, 0.05, epochCount > 1 ? 1 : 0, 0.1, true, seed);
        StudyRecipe recipe = new StudyRecipe(training, size, loaderThreads);

        RandomStreams random = new RandomStreams(seed);
        LabelledImages trainImages = DataFolders.open(dataSpec, DataSources.Role.TRAINING, "--data");
        String valSpec = val != null ? val : DataSources.hasIdxValidation(dataSpec) ? dataSpec : null;
        if (valSpec == null) {
            throw new IllegalArgumentException("a study needs validation images: give --val (an IDX folder's t10k pair is "
                    + "taken by default)");
        }
        LabelledImages valImages = DataFolders.open(valSpec, DataSources.Role.VALIDATION,
                val != null ? "--val" : "--data");
        DataSources.requireSameClasses(trainImages, valImages);
        if (trainLimit != null) {
            trainImages = Subset.of(trainImages, trainLimit, random.subset());
        }
        if (validationLimit != null) {
            valImages = Subset.of(valImages, validationLimit, random.subset());
        }
        int classes = trainImages.classes().size();

        TensorKind kind = device.apply();
        Map<String, String> options = new LinkedHashMap<>();
        options.put("--data", dataSpec);
        options.put("--val", valSpec);
        options.put("--topologies", list.stream().map(Topology::format).reduce((a, b) -> a + ";" + b).orElse(""));
        options.put("--epochs", Integer.toString(epochCount));
        options.put("--image-size", Integer.toString(size));
        options.put("--repeat", Integer.toString(repeatCount));
        options.put("--batch", Integer.toString(batch));
        options.put("--lr", Double.toString(lr));
        options.put("--limit", String.valueOf(trainLimit));
        options.put("--val-limit", String.valueOf(validationLimit));
        options.put("--seed", Long.toString(seed));
        options.put("--device", kind.deviceName());
        folder = RunFolder.open(out, "study", options, resume);
        EvaluationSettings metricSettings = device.configure(EvaluationSettings.defaults(size).withSeed(seed, true)
                .withMetrics(EnumSet.allOf(Metric.class)).withRepeats(repeatCount).withClasses(classes).withKind(kind));
        Map<String, String> described = new LinkedHashMap<>();
        options.forEach((k, v) -> described.put(k.substring(2), v));
        StudyRun study = new StudyRun(folder, new StudyRun.Config(list, recipe, trainImages, valImages, metricSettings,
                bootstrap, seed, kind, described));
        StudyRun.Outcome outcome;
        Progress[] progress = {null};
        try {
            outcome = study.run(new StudyRun.Listener() {
                @Override
                public void started(int done, int total) {
                    progress[0] = Progress.start("study", total, "topology", spec.commandLine().getErr(), json);
                    progress[0].update(done, "");
                }

                @Override
                public void topology(StudyRow row, List<StudyRow> rows, List<StudyReport.Correlation> correlations)
                        throws IOException {
                    writeTables(folder, rows, correlations);
                    progress[0].update(rows.size(), String.format(Locale.ROOT, "last accuracy %.3f", row.accuracy()));
                }
            });
        } finally {
            if (progress[0] != null) {
                progress[0].close();
            }
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(json ? Json.write(study.report(outcome.rows(), outcome.correlations())) + System.lineSeparator()
                : table(outcome.rows(), outcome.correlations()));
        stdout.flush();
        return 0;
    }

    static List<Topology> readArchFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--arch-file: no such file: " + file);
        }
        List<Topology> list = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                list.add(Topology.parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--arch-file " + file + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        if (list.size() < 3) {
            throw new IllegalArgumentException("--arch-file " + file + " holds " + list.size()
                    + " topologies; a rank correlation needs at least 3");
        }
        return list;
    }

    private static String table(List<StudyRow> rows, List<StudyReport.Correlation> report) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%d topologies; accuracy %.3f to %.3f%n", rows.size(),
                rows.stream().mapToDouble(StudyRow::accuracy).min().orElse(Double.NaN),
                rows.stream().mapToDouble(StudyRow::accuracy).max().orElse(Double.NaN)));
        b.append(String.format(Locale.ROOT, "%-32s %8s %18s %8s %18s  %s%n", "quantity", "tau-b", "95% interval", "rho",
                "95% interval", "beats params and FLOPs"));
        for (StudyReport.Correlation c : report) {
            b.append(String.format(Locale.ROOT, "%-32s %8.3f  [%6.3f, %6.3f] %8.3f  [%6.3f, %6.3f]  %s%n", c.quantity(),
                    c.kendall().value(), c.kendall().low(), c.kendall().high(), c.spearman().value(), c.spearman().low(),
                    c.spearman().high(), c.quantity().equals(StudyReport.PARAMS) || c.quantity().equals(StudyReport.FLOPS)
                            ? "-" : c.beatsParamsAndFlops() ? "yes" : "no"));
        }
        return b.toString();
    }

    /** study.csv (one row per topology) and study.png, beside the library's study.json. */
    private static void writeTables(RunFolder folder, List<StudyRow> rows, List<StudyReport.Correlation> report)
            throws IOException {
        List<String> columns = new ArrayList<>(List.of("index", "arch", "params", "flops"));
        for (Metric m : Metric.values()) {
            columns.add(m.jsonName());
        }
        columns.addAll(List.of("accuracy", "trainSeconds", "metricSeconds"));
        List<Map<String, Object>> table = new ArrayList<>();
        for (StudyRow r : rows) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("index", r.index());
            row.put("arch", r.arch());
            row.put("params", r.params());
            row.put("flops", r.flops());
            r.metrics().forEach(row::put);
            row.put("accuracy", r.accuracy());
            row.put("trainSeconds", r.trainSeconds());
            row.put("metricSeconds", r.metricSeconds());
            table.add(row);
        }
        RunFiles.writeCsv(folder, "study.csv", columns, table);
        RunFiles.writePng(folder, "study.png", plot(rows, report));
    }

    /** One scatter per quantity against accuracy, tau in each panel's title. */
    static BufferedImage plot(List<StudyRow> rows, List<StudyReport.Correlation> report) {
        double[] accuracy = rows.stream().mapToDouble(StudyRow::accuracy).toArray();
        Map<String, double[]> values = StudyReport.values(rows);
        List<Charts.Panel> panels = new ArrayList<>();
        for (String q : StudyReport.QUANTITIES) {
            double tau = report.stream().filter(c -> c.quantity().equals(q)).findFirst()
                    .map(c -> c.kendall().value()).orElse(Double.NaN);
            panels.add(Charts.Panel.of(String.format(Locale.ROOT, "%s (tau %.2f)", q, tau), q, "validation accuracy",
                    Charts.Series.points("topologies", values.get(q), accuracy)));
        }
        return Charts.grid(3, panels.toArray(Charts.Panel[]::new));
    }
}
