package org.asvit.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * Writes safetensors files: every tensor as F32, data laid out back to back in the map's iteration
 * order, the header padded with spaces to a multiple of 8 bytes (as the reference implementation
 * does, so the data section starts aligned), the whole file written through {@link AtomicFiles}.
 */
final class SafeTensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK_BYTES = 1 << 16;

    private SafeTensorsWriter() {
    }

    static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata) throws IOException {
        byte[] header = header(tensors, metadata);
        AtomicFiles.write(file, out -> {
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            chunk.putLong(0, header.length);
            out.write(chunk.array(), 0, 8);
            out.write(header);
            for (TensorData tensor : tensors.values()) {
                writeValues(out, tensor.values(), chunk);
            }
        });
    }

    private static byte[] header(Map<String, TensorData> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(SafeTensors.METADATA_KEY);
            metadata.forEach((key, value) ->
                    meta.put(key, Objects.requireNonNull(value, () -> "metadata value for key '" + key + "' is null")));
        }
        long offset = 0;
        for (Map.Entry<String, TensorData> entry : tensors.entrySet()) {
            if (entry.getKey().equals(SafeTensors.METADATA_KEY)) {
                throw new IllegalArgumentException("a tensor may not be named " + SafeTensors.METADATA_KEY
                        + ": the name is reserved for the metadata");
            }
            TensorData tensor = entry.getValue();
            long bytes = (long) DType.F32.byteSize() * tensor.values().length;
            ObjectNode node = root.putObject(entry.getKey());
            node.put("dtype", DType.F32.name());
            ArrayNode shape = node.putArray("shape");
            Arrays.stream(tensor.shape()).forEach(shape::add);
            node.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = JSON.writeValueAsBytes(root);
        byte[] padded = Arrays.copyOf(json, (json.length + 7) & ~7);
        Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        return padded;
    }

    private static void writeValues(OutputStream out, float[] values, ByteBuffer chunk) throws IOException {
        int perChunk = chunk.capacity() / Float.BYTES;
        for (int done = 0; done < values.length; ) {
            int count = Math.min(perChunk, values.length - done);
            chunk.clear();
            chunk.asFloatBuffer().put(values, done, count);
            out.write(chunk.array(), 0, count * Float.BYTES);
            done += count;
        }
    }
}
