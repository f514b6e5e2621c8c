package org.asvit.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one safetensors file, validating everything before trusting it: a corrupt or truncated file
 * fails with a {@link SafeTensorsFormatException} before any large allocation, never with an
 * {@link OutOfMemoryError}. Tensor data is streamed through one direct buffer with positional reads,
 * so files of hundreds of megabytes cost one copy into the result arrays.
 */
final class SafeTensorsReader {
    /** The reference implementation's limit; anything larger is corruption, not a header. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    /** The largest Java array the JVM reliably allocates. */
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** A validated header entry. */
    private record Entry(String name, DType dtype, long[] shape, long begin, long end) {
        String range() {
            return "[" + begin + ", " + end + "]";
        }
    }

    private final Path file;
    private final FileChannel channel;

    private SafeTensorsReader(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    static SafeTensors read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return new SafeTensorsReader(file, channel).read();
        }
    }

    private SafeTensors read() throws IOException {
        long fileSize = channel.size();
        if (fileSize < 8) {
            throw problem("the file is " + fileSize + " bytes long, shorter than the 8-byte header length");
        }
        long headerLength = readFully(ByteBuffer.allocate(8), 0).getLong(0);
        if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
            throw problem("header length " + Long.toUnsignedString(headerLength) + " exceeds the limit of "
                    + MAX_HEADER_BYTES + " bytes");
        }
        if (headerLength > fileSize - 8) {
            throw problem("header length " + headerLength + " runs past the end of the file (" + fileSize + " bytes)");
        }
        JsonNode header = parseHeader(readFully(ByteBuffer.allocate((int) headerLength), 8));
        long dataStart = 8 + headerLength;
        long dataLength = fileSize - dataStart;

        Map<String, String> metadata = Map.of();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : header.properties()) {
            if (field.getKey().equals(SafeTensors.METADATA_KEY)) {
                metadata = parseMetadata(field.getValue());
            } else {
                entries.add(parseEntry(field.getKey(), field.getValue(), dataLength));
            }
        }
        checkCoverage(entries, dataLength);

        Map<String, TensorData> tensors = new LinkedHashMap<>();
        ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry entry : entries) {
            tensors.put(entry.name(), readTensor(entry, dataStart, chunk));
        }
        return new SafeTensors(metadata, tensors);
    }

    private JsonNode parseHeader(ByteBuffer bytes) throws SafeTensorsFormatException {
        CharBuffer text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(bytes);
        } catch (CharacterCodingException e) {
            throw problem("header is not valid UTF-8", e);
        }
        JsonNode header;
        try {
            header = JSON.readTree(text.toString());
        } catch (JsonProcessingException e) {
            throw problem("header is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!header.isObject()) {
            throw problem("header is not a JSON object but " + describe(header));
        }
        return header;
    }

    private Map<String, String> parseMetadata(JsonNode node) throws SafeTensorsFormatException {
        if (!node.isObject()) {
            throw problem(SafeTensors.METADATA_KEY + " is " + describe(node) + ", expected an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isTextual()) {
                throw problem(SafeTensors.METADATA_KEY + " value for key '" + field.getKey() + "' is "
                        + describe(field.getValue()) + ", expected a string");
            }
            metadata.put(field.getKey(), field.getValue().textValue());
        }
        return metadata;
    }

    private Entry parseEntry(String name, JsonNode node, long dataLength) throws SafeTensorsFormatException {
        String where = "tensor '" + name + "': ";
        if (!node.isObject()) {
            throw problem(where + "entry is " + describe(node) + ", expected an object with dtype, shape and data_offsets");
        }
        JsonNode dtypeNode = required(where, node, "dtype");
        if (!dtypeNode.isTextual()) {
            throw problem(where + "dtype is " + describe(dtypeNode) + ", expected a string");
        }
        DType dtype = DType.fromHeaderName(dtypeNode.textValue()).orElseThrow(() -> problem(where
                + "unsupported dtype '" + dtypeNode.textValue() + "'; accepted: " + DType.acceptedNames()));
        long[] shape = integers(where, node, "shape");
        for (long dim : shape) {
            if (dim < 0) {
                throw problem(where + "negative dimension " + dim + " in shape " + Arrays.toString(shape));
            }
        }
        long[] offsets = integers(where, node, "data_offsets");
        if (offsets.length != 2) {
            throw problem(where + "data_offsets " + Arrays.toString(offsets) + " must be two numbers [begin, end]");
        }
        long begin = offsets[0];
        long end = offsets[1];
        if (begin < 0 || end < 0) {
            throw problem(where + "negative offset in data_offsets " + Arrays.toString(offsets));
        }
        if (begin > end) {
            throw problem(where + "data_offsets " + Arrays.toString(offsets) + " begin " + begin + " > end " + end);
        }
        if (end > dataLength) {
            throw problem(where + "data_offsets " + Arrays.toString(offsets) + " reach beyond the data section ("
                    + dataLength + " bytes)");
        }
        long count;
        long bytes;
        try {
            count = TensorData.elementCount(shape);
            bytes = Math.multiplyExact(count, dtype.byteSize());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw problem(where + "shape " + Arrays.toString(shape) + " has too many elements", e);
        }
        if (bytes != end - begin) {
            throw problem(where + "shape " + Arrays.toString(shape) + " of " + dtype + " needs " + bytes
                    + " bytes but data_offsets " + Arrays.toString(offsets) + " span " + (end - begin));
        }
        if (count > MAX_ELEMENTS) {
            throw problem(where + count + " elements do not fit in a Java array");
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    private JsonNode required(String where, JsonNode entry, String key) throws SafeTensorsFormatException {
        JsonNode value = entry.get(key);
        if (value == null) {
            throw problem(where + "missing '" + key + "'; an entry needs dtype, shape and data_offsets");
        }
        return value;
    }

    private long[] integers(String where, JsonNode entry, String key) throws SafeTensorsFormatException {
        JsonNode array = required(where, entry, key);
        if (!array.isArray()) {
            throw problem(where + key + " is " + describe(array) + ", expected an array of integers");
        }
        long[] result = new long[array.size()];
        for (int i = 0; i < result.length; i++) {
            JsonNode element = array.get(i);
            if (!element.isIntegralNumber() || !element.canConvertToLong()) {
                throw problem(where + key + " " + array + " holds " + element + ", expected integers");
            }
            result[i] = element.longValue();
        }
        return result;
    }

    /** The byte ranges must tile the data section exactly: no overlaps, gaps or trailing bytes. */
    private void checkCoverage(List<Entry> entries, long dataLength) throws SafeTensorsFormatException {
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long covered = 0;
        Entry previous = null;
        for (Entry entry : byOffset) {
            if (entry.begin() < covered) {
                throw problem("tensors '" + previous.name() + "' " + previous.range() + " and '" + entry.name()
                        + "' " + entry.range() + " overlap");
            }
            if (entry.begin() > covered) {
                throw problem("bytes [" + covered + ", " + entry.begin() + ") of the data section belong to no tensor");
            }
            covered = entry.end();
            previous = entry;
        }
        if (covered != dataLength) {
            throw problem("bytes [" + covered + ", " + dataLength + ") at the end of the data section belong to no tensor");
        }
    }

    private TensorData readTensor(Entry entry, long dataStart, ByteBuffer chunk) throws IOException {
        int elementBytes = entry.dtype().byteSize();
        int perChunk = CHUNK_BYTES / elementBytes;
        float[] values = new float[(int) ((entry.end() - entry.begin()) / elementBytes)];
        long position = dataStart + entry.begin();
        for (int done = 0; done < values.length; ) {
            int count = Math.min(perChunk, values.length - done);
            chunk.clear().limit(count * elementBytes);
            readFully(chunk, position);
            entry.dtype().decode(chunk, values, done, count);
            position += (long) count * elementBytes;
            done += count;
        }
        return new TensorData(entry.dtype(), entry.shape(), values);
    }

    /** Fills {@code buffer} with the file's bytes from {@code position} on; returns it flipped, little-endian. */
    private ByteBuffer readFully(ByteBuffer buffer, long position) throws IOException {
        buffer.order(ByteOrder.LITTLE_ENDIAN);
        long at = position;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, at);
            if (read < 0) {
                throw problem("unexpected end of file at byte " + at + " (did the file change while being read?)");
            }
            at += read;
        }
        buffer.flip();
        return buffer;
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case MISSING -> "empty";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }

    private SafeTensorsFormatException problem(String problem) {
        return new SafeTensorsFormatException(file, problem);
    }

    private SafeTensorsFormatException problem(String problem, Throwable cause) {
        return new SafeTensorsFormatException(file, problem, cause);
    }
}
