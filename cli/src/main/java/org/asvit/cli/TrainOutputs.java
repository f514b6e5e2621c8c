package org.asvit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.RunFolder;
import org.asvit.topology.Topology;
import org.asvit.training.EpochRecord;
import org.asvit.training.EpochRecords;
import org.asvit.training.RetokenizationSchedule;
import org.asvit.training.TrainingRun;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line's views of {@code asvit train}, beside the library's {@code train.json}
 * ({@link TrainingRun}): the table printed as epochs end, {@code train.csv} (one row per epoch) and
 * {@code train.png} (loss and accuracy against epoch, a vertical line where the stride changes, as the
 * paper's Figure 4), rewritten after every epoch.
 */
final class TrainOutputs {
    static final List<String> COLUMNS = EpochRecords.FIELDS;
    static final String HEADER = String.format(Locale.ROOT, "%5s %9s %6s %10s %9s %9s %9s %9s %8s %8s %10s",
            "epoch", "stride", "tokens", "lr", "loss", "train acc", "val loss", "val acc", "seconds", "img/s", "GFLOPs");

    private TrainOutputs() {
    }

    static String row(EpochRecord r) {
        return String.format(Locale.ROOT, "%5d %9s %6d %10.3e %9.4f %9.4f %9s %8s %8.1f %8.1f %10.1f", r.epoch(),
                r.stride() + "/" + r.dilation(), r.tokens(), r.learningRate(), r.trainLoss(), r.trainAccuracy(),
                Double.isNaN(r.valLoss()) ? "-" : String.format(Locale.ROOT, "%.4f", r.valLoss()),
                Double.isNaN(r.valAccuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", r.valAccuracy()),
                r.seconds(), r.imagesPerSecond(), r.flops() / 1e9);
    }

    /** The closing lines of the table, from the run's report. */
    static String summary(RunFolder folder, ObjectNode n) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "validation accuracy %s, loss %s after %d epochs; %.1f s in all%n",
                n.path("valAccuracy").isNumber() ? String.format(Locale.ROOT, "%.4f", n.path("valAccuracy").asDouble()) : "-",
                n.path("valLoss").isNumber() ? String.format(Locale.ROOT, "%.4f", n.path("valLoss").asDouble()) : "-",
                n.path("epochsDone").asInt(), n.path("seconds").asDouble()));
        b.append(String.format(Locale.ROOT, "training FLOPs %.4g (%.1f%% fewer than at stride 4 throughout)%n",
                n.path("trainingFlops").asDouble(), 100 * n.path("flopsSaved").asDouble()));
        b.append("outputs in ").append(folder.dir()).append(": weights.safetensors, train.json, train.csv, train.png")
                .append(System.lineSeparator());
        return b.toString();
    }

    /** Rewrites train.csv and train.png from every epoch's record. */
    static void write(RunFolder folder, Topology topology, RetokenizationSchedule schedule, List<EpochRecord> history)
            throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        history.forEach(r -> rows.add(EpochRecords.values(r)));
        RunFiles.writeCsv(folder, "train.csv", COLUMNS, rows);
        RunFiles.writePng(folder, "train.png", chart(topology, schedule, history));
    }

    private static java.awt.image.BufferedImage chart(Topology topology, RetokenizationSchedule schedule,
                                                      List<EpochRecord> history) {
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
