package org.asvit.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.FiniteJson;
import org.asvit.runtime.IntraOpThreads;
import org.asvit.topology.Topology;

import java.util.List;
import java.util.Locale;

/**
 * The JSON a growth run reports, and the run folder's {@value #FILE}: the configuration, every step, the
 * family members closest to the asked sizes, whether the run has finished and why.
 */
public final class GrowthOutputs {
    /** The run folder's file of steps and members. */
    public static final String FILE = "grow.json";

    private GrowthOutputs() {
    }

    /**
     * The report of a growth run as far as {@code state} goes.
     *
     * @param seed    the seed topology
     * @param members the emitted members ({@link GrowthRun#members})
     * @param seconds the run's wall time, or NaN to leave it out
     */
    public static ObjectNode report(GrowConfig config, Topology seed, GrowState state, List<Family.Member> members,
                                    double seconds) {
        ObjectNode node = FiniteJson.MAPPER.createObjectNode();
        ObjectNode c = node.putObject("config");
        c.put("seed", seed.format());
        c.put("stopParams", config.stopParams());
        c.put("maxParams", config.maxParams());
        ArrayNode ratios = c.putArray("widthRatios");
        config.widthRatios().forEach(ratios::add);
        c.put("countScale", config.countScale());
        c.put("rank", config.rule().name().toLowerCase(Locale.ROOT));
        c.put("imageSize", config.evaluation().imageSize());
        c.put("repeats", config.evaluation().repeats());
        c.put("batch", config.evaluation().batch());
        c.put("seedValue", config.evaluation().seed());
        c.put("device", config.evaluation().kind().deviceName());
        c.put("threads", IntraOpThreads.current());
        c.put("inputs", config.evaluation().ntkInputs().describe());
        ArrayNode steps = node.putArray("steps");
        state.steps().forEach(s -> steps.add(FiniteJson.MAPPER.valueToTree(s)));
        ArrayNode family = node.putArray("emitted");
        for (Family.Member m : members) {
            family.addObject().put("targetParams", m.targetParams()).put("step", m.step().step())
                    .put("arch", m.step().arch()).put("params", m.step().params()).put("flops", m.step().flops());
        }
        node.put("finished", state.finished());
        if (state.stopReason() != null) {
            node.put("stopReason", state.stopReason());
        }
        if (Double.isFinite(seconds)) {
            node.put("seconds", seconds);
        }
        return node;
    }

    /** The content of {@value #FILE}: the report without wall time, with nulls for non-finite numbers. */
    public static JsonNode file(GrowConfig config, Topology seed, GrowState state, List<Family.Member> members) {
        return FiniteJson.finite(report(config, seed, state, members, Double.NaN));
    }
}
