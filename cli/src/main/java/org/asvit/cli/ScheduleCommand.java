package org.asvit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.topology.Topology;
import org.asvit.training.RetokenizationCost;
import org.asvit.training.RetokenizationCost.PhaseCost;
import org.asvit.training.RetokenizationSchedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code asvit schedule}: the phases of a progressive re-tokenisation schedule and the training FLOPs it
 * saves against stride 4 throughout, computed analytically ({@link RetokenizationCost}; no network, no
 * libtorch).
 */
@Command(name = "schedule", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
                "Training FLOPs saved by a progressive re-tokenisation schedule; no network is built.",
                "Per phase: epochs, stride and dilation of the stage-1 projection, tokens and forward FLOPs per image. "
                        + "A training step is counted as 3 forward passes (backward ~ 2x forward) at every stride, "
                        + "so the saving is the epoch-weighted ratio of forward FLOPs."})
final class ScheduleCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, paramLabel = "TOPOLOGY", description = Converters.TOPOLOGY_DESCRIPTION)
    Topology topology;

    @Option(names = "--epochs", required = true, paramLabel = "N", description = "Epochs of the training run.")
    int epochs;

    @Option(names = "--retokenize", required = true, paramLabel = "SCHEDULE",
            description = "STRIDE:LAST_EPOCH,... coarsest first (16:40,8:70: stride 16 for epochs 1-40, 8 for 41-70, "
                    + "then 4), or paper-18, paper-37, paper-56 (the paper's Table 6 schedules at 300 epochs, "
                    + "scaled to --epochs), or none.")
    String retokenize;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "224",
            description = "Image side in pixels, a multiple of 32. Default: ${DEFAULT-VALUE}.")
    int imageSize;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "1000",
            description = "Classes of the head. Default: ${DEFAULT-VALUE}.")
    int classes;

    @Option(names = "--json", description = "Print one JSON object: arch, imageSize, classes, epochs, schedule, "
            + "boundaries, phases (firstEpoch, lastEpoch, epochs, stride, dilation, tokens, forwardFlops, "
            + "forwardRatio, trainingFlopsPerImage), trainingFlopsPerImage, baselineTrainingFlopsPerImage, saved.")
    boolean json;

    @Override
    public Integer call() {
        topology.validateImageSize(imageSize);
        RetokenizationSchedule schedule = RetokenizationSchedule.parse(retokenize, epochs);
        RetokenizationCost cost = RetokenizationCost.of(schedule, topology, imageSize, classes);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(toJson(cost)));
        } else {
            print(out, cost);
        }
        out.flush();
        return 0;
    }

    private ObjectNode toJson(RetokenizationCost cost) {
        ObjectNode node = Json.object();
        node.put("arch", topology.format());
        node.put("imageSize", imageSize);
        node.put("classes", classes);
        node.put("epochs", epochs);
        node.put("schedule", cost.schedule().name());
        node.put("boundaries", cost.schedule().boundaries());
        ArrayNode phases = node.putArray("phases");
        for (PhaseCost phase : cost.phases()) {
            ObjectNode p = phases.addObject();
            p.put("firstEpoch", phase.phase().firstEpoch());
            p.put("lastEpoch", phase.phase().lastEpoch());
            p.put("epochs", phase.phase().epochs());
            p.put("stride", phase.projection().stride());
            p.put("dilation", phase.projection().dilation());
            ArrayNode tokens = p.putArray("tokens");
            Arrays.stream(phase.tokens()).forEach(tokens::add);
            p.put("forwardFlops", phase.forwardFlops());
            p.put("forwardRatio", (double) phase.forwardFlops() / cost.baselineForwardFlops());
            p.put("trainingFlopsPerImage", phase.trainingFlopsPerImage());
        }
        node.put("trainingFlopsPerImage", cost.trainingFlopsPerImage());
        node.put("baselineTrainingFlopsPerImage", cost.baselineTrainingFlopsPerImage());
        node.put("saved", cost.savedFraction());
        return node;
    }

    private void print(PrintWriter out, RetokenizationCost cost) {
        out.printf(Locale.ROOT, "arch      %s  (%d px, %d classes, %d epochs)%n", topology.format(), imageSize,
                classes, epochs);
        String boundaries = cost.schedule().boundaries();
        out.printf(Locale.ROOT, "schedule  %s%s%n", cost.schedule().name(),
                boundaries.isEmpty() || boundaries.equals(cost.schedule().name()) ? "" : " = " + boundaries);
        out.printf(Locale.ROOT, "%-9s %6s  %-15s %-26s %14s %10s%n", "epochs", "count", "stride/dilation",
                "tokens per image", "forward FLOPs", "vs stride 4");
        for (PhaseCost phase : cost.phases()) {
            String tokens = Arrays.stream(phase.tokens()).mapToObj(Long::toString).collect(Collectors.joining("+"))
                    + " = " + Arrays.stream(phase.tokens()).sum();
            out.printf(Locale.ROOT, "%-9s %6d  %-15s %-26s %12.3f G %9.1f%%%n",
                    phase.phase().firstEpoch() + "-" + phase.phase().lastEpoch(), phase.phase().epochs(),
                    phase.projection().stride() + "/" + phase.projection().dilation(), tokens,
                    phase.forwardFlops() / 1e9, 100.0 * phase.forwardFlops() / cost.baselineForwardFlops());
        }
        out.printf(Locale.ROOT, "training FLOPs per image  %.4g  (stride 4 throughout: %.4g; step = %d x forward)%n",
                (double) cost.trainingFlopsPerImage(), (double) cost.baselineTrainingFlopsPerImage(),
                RetokenizationCost.STEP_OVER_FORWARD);
        out.printf(Locale.ROOT, "saved     %.2f%%%n", 100 * cost.savedFraction());
    }
}
