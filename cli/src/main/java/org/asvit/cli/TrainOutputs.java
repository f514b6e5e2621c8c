package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.RunFolder;
import org.asvit.model.Complexity;
import org.asvit.runtime.IntraOpThreads;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.asvit.training.EpochRecord;
import org.asvit.training.LabelledImages;
import org.asvit.training.RetokenizationSchedule;
import org.asvit.training.TrainingSettings;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outputs of {@code asvit train}: {@code train.json} (settings, per-epoch records, totals),
 * {@code train.csv} (one row per epoch) and {@code train.png} (loss and accuracy against epoch, a vertical
 * line where the stride changes, as the paper's Figure 4), rewritten after every epoch.
 */
final class TrainOutputs {
    static final List<String> COLUMNS = List.of("epoch", "stride", "dilation", "tokens", "learningRate", "trainLoss",
            "trainAccuracy", "valLoss", "valAccuracy", "seconds", "imagesPerSecond", "flops");
    static final String HEADER = String.format(Locale.ROOT, "%5s %9s %6s %10s %9s %9s %9s %9s %8s %8s %10s",
            "epoch", "stride", "tokens", "lr", "loss", "train acc", "val loss", "val acc", "seconds", "img/s", "GFLOPs");

    private final RunFolder folder;
    private final Topology topology;
    private final int imageSize;
    private final int classes;
    private final TrainingSettings settings;
    private final RetokenizationSchedule schedule;
    private final LabelledImages training;
    private final LabelledImages validation;
    private final TensorKind kind;
    private final List<EpochRecord> history;

    TrainOutputs(RunFolder folder, Topology topology, int imageSize, int classes, TrainingSettings settings,
                 RetokenizationSchedule schedule, LabelledImages training, LabelledImages validation, TensorKind kind,
                 List<EpochRecord> history) {
        this.folder = folder;
        this.topology = topology;
        this.imageSize = imageSize;
        this.classes = classes;
        this.settings = settings;
        this.schedule = schedule;
        this.training = training;
        this.validation = validation;
        this.kind = kind;
        this.history = history;
    }

    static String row(EpochRecord r) {
        return String.format(Locale.ROOT, "%5d %9s %6d %10.3e %9.4f %9.4f %9s %8s %8.1f %8.1f %10.1f", r.epoch(),
                r.stride() + "/" + r.dilation(), r.tokens(), r.learningRate(), r.trainLoss(), r.trainAccuracy(),
                Double.isNaN(r.valLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", r.valLoss()),
                Double.isNaN(r.valAccuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", r.valAccuracy()),
                r.seconds(), r.imagesPerSecond(), r.flops() / 1e9);
    }

    static Map<String, Object> values(EpochRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", r.epoch());
        m.put("stride", r.stride());
        m.put("dilation", r.dilation());
        m.put("tokens", r.tokens());
        m.put("learningRate", r.learningRate());
        m.put("trainLoss", r.trainLoss());
        m.put("trainAccuracy", r.trainAccuracy());
        m.put("valLoss", r.valLoss());
        m.put("valAccuracy", r.valAccuracy());
        m.put("seconds", r.seconds());
        m.put("imagesPerSecond", r.imagesPerSecond());
        m.put("flops", r.flops());
        return m;
    }

    /** A record back from its JSON (a resumed run's history). */
    static EpochRecord record(JsonNode n) {
        return new EpochRecord(n.path("epoch").asInt(), n.path("stride").asInt(), n.path("dilation").asInt(),
                n.path("tokens").asLong(), n.path("learningRate").asDouble(), n.path("trainLoss").asDouble(),
                n.path("trainAccuracy").asDouble(), number(n.path("valLoss")), number(n.path("valAccuracy")),
                n.path("seconds").asDouble(), n.path("imagesPerSecond").asDouble(), n.path("flops").asLong());
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    ArrayNode recordsJson() {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (EpochRecord r : history) {
            ObjectNode o = array.addObject();
            values(r).forEach((k, v) -> {
                if (v instanceof Double d) {
                    Json.putFinite(o, k, d);
                } else if (v instanceof Long l) {
                    o.put(k, l);
                } else {
                    o.put(k, (Integer) v);
                }
            });
        }
        return array;
    }

    ObjectNode json() {
        ObjectNode node = Json.object();
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
        node.put("retokenize", schedule.toString());
        node.put("seed", settings.seed());
        node.put("device", kind.deviceName());
        node.put("threads", IntraOpThreads.current());
        node.put("epochsDone", history.size());
        if (!history.isEmpty()) {
            EpochRecord last = history.get(history.size() - 1);
            Json.putFinite(node, "valLoss", last.valLoss());
            Json.putFinite(node, "valAccuracy", last.valAccuracy());
        }
        long flops = history.stream().mapToLong(EpochRecord::flops).sum();
        long baseline = 3 * Complexity.flops(topology, imageSize, classes) * (long) training.size() * history.size();
        node.put("trainingFlops", flops);
        node.put("baselineTrainingFlops", baseline);
        Json.putFinite(node, "flopsSaved", baseline == 0 ? Double.NaN : 1 - (double) flops / baseline);
        node.put("seconds", history.stream().mapToDouble(EpochRecord::seconds).sum());
        node.put("weights", folder.file("weights.safetensors").toString());
        node.set("epochRecords", recordsJson());
        return node;
    }

    String summary() {
        ObjectNode n = json();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "validation accuracy %s, loss %s after %d epochs; %.1f s in all%n",
                n.path("valAccuracy").isNumber() ? String.format(Locale.ROOT, "%.4f", n.path("valAccuracy").asDouble()) : "-",
                n.path("valLoss").isNumber() ? String.format(Locale.ROOT, "%.4f", n.path("valLoss").asDouble()) : "-",
                history.size(), n.path("seconds").asDouble()));
        b.append(String.format(Locale.ROOT, "training FLOPs %.4g (%.1f%% fewer than at stride 4 throughout)%n",
                n.path("trainingFlops").asDouble(), 100 * n.path("flopsSaved").asDouble()));
        b.append("outputs in ").append(folder.dir()).append(": weights.safetensors, train.json, train.csv, train.png")
                .append(System.lineSeparator());
        return b.toString();
    }

    void write() throws IOException {
        folder.writeJson("train.json", json());
        List<Map<String, Object>> rows = new ArrayList<>();
        history.forEach(r -> rows.add(values(r)));
        RunFiles.writeCsv(folder, "train.csv", COLUMNS, rows);
        RunFiles.writePng(folder, "train.png", chart());
    }

    private java.awt.image.BufferedImage chart() {
        int n = history.size();
        double[] epoch = new double[n];
        double[] trainLoss = new double[n];
        double[] valLoss = new double[n];
        double[] trainAcc = new double[n];
        double[] valAcc = new double[n];
        List<Double> changes = new ArrayList<>();
        List<Charts.Label> labels = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            EpochRecord r = history.get(i);
            epoch[i] = r.epoch();
            trainLoss[i] = r.trainLoss();
            valLoss[i] = r.valLoss();
            trainAcc[i] = r.trainAccuracy();
            valAcc[i] = r.valAccuracy();
            if (i > 0 && history.get(i - 1).stride() != r.stride()) {
                changes.add(r.epoch() - 0.5);
            }
            if (i == 0 || history.get(i - 1).stride() != r.stride()) {
                labels.add(new Charts.Label("stride " + r.stride(), r.epoch(), r.trainAccuracy()));
            }
        }
        double[] lines = changes.stream().mapToDouble(Double::doubleValue).toArray();
        Charts.Panel loss = Charts.Panel.of("loss, " + topology.format(), "epoch", "loss",
                Charts.Series.line("training (smoothed)", epoch, trainLoss).withMarkers(),
                Charts.Series.line("validation", epoch, valLoss).withMarkers()).withVerticalLines(lines);
        Charts.Panel accuracy = Charts.Panel.of("top-1 accuracy, " + (schedule.boundaries().isEmpty() ? "stride 4" : "strides " + schedule.boundaries() + ", then 4"), "epoch", "accuracy",
                Charts.Series.line("training", epoch, trainAcc).withMarkers(),
                Charts.Series.line("validation", epoch, valAcc).withMarkers())
                .withVerticalLines(lines).withLabels(labels);
        return Charts.sideBySide(loss, accuracy);
    }
}
