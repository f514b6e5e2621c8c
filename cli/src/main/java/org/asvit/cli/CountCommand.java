package org.asvit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.model.Complexity;
import org.asvit.model.Counts;
import org.asvit.topology.Projection;
import org.asvit.topology.Topology;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code asvit count}: parameters and FLOPs of a topology, computed analytically (no network, no libtorch). */
@Command(name = "count", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
                "Parameters and FLOPs of a topology; no network is built. With --stride: at a re-tokenisation stride.",
                "FLOPs are counted as the reference does: one per multiply-accumulate of every Conv2d and Linear, "
                        + "one per conv-bias output, the attention products q.k^T and attn.v, and (tokens + 1) per "
                        + "output of each of the two token means."})
final class CountCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--arch", required = true, paramLabel = "TOPOLOGY", description = Converters.TOPOLOGY_DESCRIPTION)
    Topology topology;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "224",
            description = "Image side in pixels, a multiple of 32. Default: ${DEFAULT-VALUE}.")
    int imageSize;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "1000",
            description = "Classes of the head. Default: ${DEFAULT-VALUE}.")
    int classes;

    @Option(names = "--stride", paramLabel = "S",
            description = "Count with the stage-1 projection at this stride (progressive re-tokenisation: 4, 8, 16, "
                    + "...; the dilation follows the paper's rule) and print the tokens per stage. Without it: "
                    + "the network as built (stride 4).")
    Integer stride;

    @Option(names = "--json", description = "Print one JSON object: arch, imageSize, classes, params, flops; "
            + "with --stride also stride, dilation and tokens (per stage).")
    boolean json;

    @Override
    public Integer call() {
        int atStride = stride == null ? Topology.PATCH_STRIDE : stride;
        if (stride != null && !Projection.isAcceptedStride(stride)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--stride must be a power of two from 4 "
                    + "(accepted: 4, 8, 16, 32, ...), got " + stride);
        }
        topology.validateStride(imageSize, atStride);
        long params = Complexity.params(topology, classes);
        long flops;
        try {
            flops = Complexity.flops(topology, imageSize, atStride, classes);
        } catch (Counts.OverflowException e) {
            // The parameters fit, so the image size is what made the FLOPs too many: name it.
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--image-size %d: the number of FLOPs "
                    + "exceeds %,d, the largest count a 64-bit integer holds; use smaller values",
                    imageSize, Long.MAX_VALUE), e);
        }
        Projection projection = Projection.forStride(atStride, topology.kernel(0));
        long[] tokens = Complexity.tokens(topology, imageSize, atStride);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode node = Json.object();
            node.put("arch", topology.format());
            node.put("imageSize", imageSize);
            node.put("classes", classes);
            node.put("params", params);
            node.put("flops", flops);
            if (stride != null) {
                node.put("stride", projection.stride());
                node.put("dilation", projection.dilation());
                ArrayNode perStage = node.putArray("tokens");
                Arrays.stream(tokens).forEach(perStage::add);
            }
            out.println(Json.write(node));
        } else {
            out.printf(Locale.ROOT, "arch    %s  (%d px, %d classes)%n", topology.format(), imageSize, classes);
            if (stride != null) {
                out.printf(Locale.ROOT, "stride  %d  (dilation %d)%n", projection.stride(), projection.dilation());
                out.printf(Locale.ROOT, "tokens  %s = %,d per image%n",
                        Arrays.stream(tokens).mapToObj(Long::toString).collect(Collectors.joining(" + ")),
                        Arrays.stream(tokens).sum());
            }
            out.printf(Locale.ROOT, "params  %,d  (%.2f M)%n", params, params / 1e6);
            out.printf(Locale.ROOT, "flops   %,d  (%.2f G)%n", flops, flops / 1e9);
        }
        out.flush();
        return 0;
    }
}
