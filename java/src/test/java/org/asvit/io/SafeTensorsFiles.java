package org.asvit.io;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helpers: the fixtures, and hand-made safetensors files. */
final class SafeTensorsFiles {
    private SafeTensorsFiles() {
    }

    /** A fixture from the test resources, e.g. {@code fixture("seed_c16_64.safetensors")}. */
    static Path fixture(String name) {
        try {
            return Path.of(SafeTensorsFiles.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A file with the given header length prefix followed by {@code rest}. */
    static Path withLength(Path file, long headerLength, byte[] rest) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(8 + rest.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(headerLength).put(rest);
        return Files.write(file, bytes.array());
    }

    /** A file with the given JSON header (its true length in the prefix) and data section. */
    static Path withHeader(Path file, String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        byte[] rest = new byte[json.length + data.length];
        System.arraycopy(json, 0, rest, 0, json.length);
        System.arraycopy(data, 0, rest, json.length, data.length);
        return withLength(file, json.length, rest);
    }

    /** {@code count} little-endian 16-bit patterns. */
    static byte[] shorts(int... patterns) {
        ByteBuffer bytes = ByteBuffer.allocate(2 * patterns.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int pattern : patterns) {
            bytes.putShort((short) pattern);
        }
        return bytes.array();
    }
}
