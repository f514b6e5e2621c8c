package org.asvit.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link EpochRecord}s as JSON (a training run's checkpoint and report) and as named values (a front end's
 * tables). A NaN (no validation data) is written as null: JSON has no NaN.
 */
public final class EpochRecords {
    /** The fields of a record, in order: the JSON keys and the columns of a table of records. */
    public static final List<String> FIELDS = List.of("epoch", "stride", "dilation", "tokens", "learningRate",
            "trainLoss", "trainAccuracy", "valLoss", "valAccuracy", "seconds", "imagesPerSecond", "flops");

    private EpochRecords() {
    }

    /** The record's fields by name, in the order of {@link #FIELDS}: Integer, Long or Double values. */
    public static Map<String, Object> values(EpochRecord r) {
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

    /** The records as a JSON array of objects, one per record. */
    public static ArrayNode toJson(List<EpochRecord> records) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (EpochRecord r : records) {
            ObjectNode o = array.addObject();
            values(r).forEach((k, v) -> {
                if (v instanceof Double d) {
                    putFinite(o, k, d);
                } else if (v instanceof Long l) {
                    o.put(k, l);
                } else {
                    o.put(k, (Integer) v);
                }
            });
        }
        return array;
    }

    /** A record back from its JSON object (a resumed run's history). */
    public static EpochRecord fromJson(JsonNode n) {
        return new EpochRecord(n.path("epoch").asInt(), n.path("stride").asInt(), n.path("dilation").asInt(),
                n.path("tokens").asLong(), n.path("learningRate").asDouble(), n.path("trainLoss").asDouble(),
                n.path("trainAccuracy").asDouble(), number(n.path("valLoss")), number(n.path("valAccuracy")),
                n.path("seconds").asDouble(), n.path("imagesPerSecond").asDouble(), n.path("flops").asLong());
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    /** {@code value}, or null when it is NaN or infinite. */
    static void putFinite(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }
}
