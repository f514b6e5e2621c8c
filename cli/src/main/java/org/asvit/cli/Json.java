package org.asvit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The commands' JSON output: one compact object per line, keys in insertion order. A non-finite number
 * (a bad repeat's NaN, an infinite condition number) is written as {@code null}: JSON has no NaN.
 */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** For converting a record to its fields by name (CSV rows). */
    static final com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>> MAP_TYPE =
            new com.fasterxml.jackson.core.type.TypeReference<>() { };

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** {@code value}, or null when it is NaN or infinite. */
    static void putFinite(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    static ArrayNode finiteArray(double[] values) {
        ArrayNode array = MAPPER.createArrayNode();
        for (double v : values) {
            if (Double.isFinite(v)) {
                array.add(v);
            } else {
                array.addNull();
            }
        }
        return array;
    }

    static String write(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
