package org.asvit.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.io.FiniteJson;
import org.asvit.runtime.IntraOpThreads;

/**
 * The JSON a search reports: its configuration, the summary of a finished search, and the run folder's
 * {@value #FILE} (configuration, every step, and the derived topology once the search has ended). Numbers
 * that are not finite are kept here as they are; {@link FiniteJson#finite} turns them into nulls for output.
 */
public final class SearchOutputs {
    /** The run folder's file of steps and result. */
    public static final String FILE = "search.json";

    private SearchOutputs() {
    }

    /** The settings that determine the search, and the threads and inputs it ran with. */
    public static ObjectNode config(SearchConfig c) {
        ObjectNode node = FiniteJson.MAPPER.createObjectNode();
        node.put("steps", c.steps());
        node.put("samplesPerStep", c.samplesPerStep());
        node.put("imageSize", c.evaluation().imageSize());
        node.put("repeats", c.evaluation().repeats());
        node.put("batch", c.evaluation().batch());
        node.put("learningRate", c.learningRate());
        node.put("buffer", c.window());
        node.put("baselineMomentum", c.baselineMomentum());
        node.put("seed", c.seed());
        node.put("device", c.evaluation().kind().deviceName());
        node.put("threads", IntraOpThreads.current());
        node.put("inputs", c.evaluation().ntkInputs().describe());
        node.put("circle", c.evaluation().circles().describe());
        return node;
    }

    /**
     * A search's outcome: configuration, the derived topology and its metrics, the entropy at the first and
     * last step, counts, whether it completed and its wall time ({@code seconds}, NaN when not measured).
     */
    public static ObjectNode summary(SearchConfig config, SearchResult result, double seconds) {
        ObjectNode node = FiniteJson.MAPPER.createObjectNode();
        node.set("config", config(config));
        ObjectNode derived = node.putObject("derived");
        derived.put("arch", result.derived().format());
        derived.put("ntkCond", result.scores().ntk());
        derived.put("lengthDistortion", result.scores().lengthDistortion());
        derived.put("params", result.scores().params());
        derived.put("flops", result.scores().flops());
        node.put("entropyStart", result.state().steps().isEmpty() ? Double.NaN
                : result.state().steps().get(0).entropy());
        node.put("entropyEnd", result.entropy());
        node.put("steps", result.state().steps().size());
        node.put("cacheHits", result.state().cacheHits());
        node.put("completed", result.completed());
        node.put("seconds", seconds);
        return node;
    }

    /**
     * The content of {@value #FILE}, with nulls for non-finite numbers: the configuration, every step of
     * {@code state}, the cache hits, and, when {@code result} is given (the search has ended), the derived
     * topology, the last entropy and whether the search completed.
     */
    public static JsonNode file(SearchConfig config, SearchState state, SearchResult result) {
        ObjectNode node = FiniteJson.MAPPER.createObjectNode();
        node.set("config", config(config));
        ArrayNode rows = node.putArray("steps");
        for (SearchStep s : state.steps()) {
            rows.add(FiniteJson.MAPPER.valueToTree(s));
        }
        node.put("cacheHits", state.cacheHits());
        if (result != null) {
            node.set("derived", summary(config, result, Double.NaN).get("derived"));
            node.put("entropyEnd", result.entropy());
            node.put("completed", result.completed());
        }
        return FiniteJson.finite(node);
    }
}
