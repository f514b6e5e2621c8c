package org.asvit.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.InvalidSettingException;

/**
 * JSON for run outputs: JSON has no NaN or infinity, so an output file holds {@code null} where a value is
 * not finite (a bad repeat's NaN, an infinite condition number); and a checkpoint's state is read back into
 * the run's state record, a state that does not fit being a corrupt checkpoint.
 */
public final class FiniteJson {
    /** Converts records to trees and back, with Jackson's defaults (fields in declaration order). */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private FiniteJson() {
    }

    /** A copy of {@code node} with every non-finite number replaced by null. */
    public static JsonNode finite(JsonNode node) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            ObjectNode copy = MAPPER.createObjectNode();
            node.fields().forEachRemaining(e -> copy.set(e.getKey(), finite(e.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = MAPPER.createArrayNode();
            node.forEach(child -> copy.add(finite(child)));
            return copy;
        }
        return node;
    }

    /**
     * A run's checkpoint state read back as {@code type}.
     *
     * @param what what is read, for the message ("search state")
     * @throws InvalidSettingException (naming {@code resume}) if the state does not fit: the checkpoint is corrupt
     */
    public static <T> T checkpointState(JsonNode node, Class<T> type, String what) {
        try {
            return MAPPER.convertValue(node, type);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("{resume}: the checkpoint's " + what + " cannot be read ("
                    + e.getMessage() + "); the checkpoint is corrupt", e);
        }
    }
}
