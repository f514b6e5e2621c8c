package org.asvit.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The contents of a safetensors file: string metadata and named tensors, in the order the file's
 * header lists them. Also the entry point for reading and writing such files.
 *
 * <p>Format (https://github.com/huggingface/safetensors): an 8-byte little-endian unsigned header
 * length N; N bytes of UTF-8 JSON mapping each tensor name to {@code {"dtype", "shape",
 * "data_offsets": [begin, end]}} (offsets relative to the first byte after the header), plus an
 * optional {@code "__metadata__"} object of string values; then the little-endian tensor data,
 * covered by the tensors' byte ranges without gaps or overlaps.
 */
public final class SafeTensors {
    /** The reserved header key that holds the metadata. */
    public static final String METADATA_KEY = "__metadata__";

    private final Map<String, String> metadata;
    private final Map<String, TensorData> tensors;

    /** Copies both maps, keeping their iteration order. */
    public SafeTensors(Map<String, String> metadata, Map<String, TensorData> tensors) {
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        this.tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    /**
     * Reads and validates a whole file.
     *
     * @throws SafeTensorsFormatException if the file is truncated or malformed; the message names the file and the problem
     * @throws IOException                if it cannot be read
     */
    public static SafeTensors read(Path file) throws IOException {
        return SafeTensorsReader.read(file);
    }

    /**
     * Writes {@code tensors} (in iteration order, all as F32) and {@code metadata} to {@code file},
     * atomically: readers see either the old file or the complete new one.
     *
     * @throws IllegalArgumentException if a tensor is named {@value #METADATA_KEY}
     */
    public static void write(Path file, Map<String, TensorData> tensors, Map<String, String> metadata)
            throws IOException {
        SafeTensorsWriter.write(file, tensors, metadata);
    }

    /** The {@value #METADATA_KEY} entries (empty if the file has none), unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** All tensors by name, in header order, unmodifiable. */
    public Map<String, TensorData> tensors() {
        return tensors;
    }

    /** The tensor names, in header order. */
    public Set<String> names() {
        return tensors.keySet();
    }

    /** Whether a tensor is called {@code name}. */
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /**
     * The tensor called {@code name}.
     *
     * @throws NoSuchElementException if there is none; the message lists some of the names there are
     */
    public TensorData get(String name) {
        TensorData tensor = tensors.get(name);
        if (tensor == null) {
            List<String> some = tensors.keySet().stream().limit(8).collect(Collectors.toList());
            throw new NoSuchElementException("no tensor named '" + name + "'; there are " + tensors.size()
                    + (tensors.isEmpty() ? "" : ", e.g. " + String.join(", ", some)));
        }
        return tensor;
    }

    /**
     * The tensors whose names start with {@code prefix}, renamed without it, in the same order and
     * with the same metadata: {@code withPrefix("weights.").get("norm.bias")} is
     * {@code get("weights.norm.bias")}.
     */
    public SafeTensors withPrefix(String prefix) {
        Map<String, TensorData> selected = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            if (name.startsWith(prefix)) {
                selected.put(name.substring(prefix.length()), tensor);
            }
        });
        return new SafeTensors(metadata, selected);
    }

    @Override
    public String toString() {
        return "SafeTensors[" + tensors.size() + " tensors, metadata " + metadata.keySet() + "]";
    }
}
