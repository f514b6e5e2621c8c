package org.asvit.io;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.asvit.io.SafeTensorsFiles.fixture;
import static org.asvit.io.SafeTensorsFiles.withHeader;
import static org.asvit.io.SafeTensorsFiles.withLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every kind of damage is rejected with a {@link SafeTensorsFormatException} that names the file and the problem. */
@Tag("fast")
class SafeTensorsCorruptFileTest {
    private static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @TempDir
    Path dir;

    private Path file;

    private void assertRejected(String expectedProblem) {
        SafeTensorsFormatException e = assertThrows(SafeTensorsFormatException.class, () -> SafeTensors.read(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertTrue(e.problem().contains(expectedProblem), "expected '" + expectedProblem + "' in: " + e.problem());
    }

    private void header(String json, int dataBytes) throws IOException {
        file = withHeader(dir.resolve("bad.safetensors"), json, new byte[dataBytes]);
    }

    @Test
    void shorterThanTheLengthPrefix() throws IOException {
        file = Files.write(dir.resolve("tiny.safetensors"), new byte[] {1, 2, 3});
        assertRejected("the file is 3 bytes long, shorter than the 8-byte header length");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        file = withLength(dir.resolve("bad.safetensors"), 1000, "{}".getBytes());
        assertRejected("header length 1000 runs past the end of the file (10 bytes)");
    }

    @Test
    void absurdHeaderLength() throws IOException {
        file = withLength(dir.resolve("bad.safetensors"), -1L, "{}".getBytes());
        assertRejected("header length 18446744073709551615 exceeds the limit of 100000000 bytes");
        file = withLength(dir.resolve("bad.safetensors"), 100_000_001L, "{}".getBytes());
        assertRejected("header length 100000001 exceeds the limit");
    }

    @Test
    void headerNotJson() throws IOException {
        header("{\"a\": {\"dtype\": ", 0);
        assertRejected("header is not valid JSON");
        header("{} trailing", 0);
        assertRejected("header is not valid JSON");
        file = withHeader(dir.resolve("bad.safetensors"), "", new byte[0]);
        assertRejected("header is not a JSON object but empty");
    }

    @Test
    void headerNotUtf8() throws IOException {
        file = withLength(dir.resolve("bad.safetensors"), 4, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertRejected("header is not valid UTF-8");
    }

    @Test
    void headerNotAnObject() throws IOException {
        header("[1, 2, 3]", 0);
        assertRejected("header is not a JSON object but an array");
    }

    @Test
    void duplicateTensorName() throws IOException {
        header("{" + A + "," + A + "}", 8);
        assertRejected("Duplicate field 'a'");
    }

    @Test
    void entryNotAnObject() throws IOException {
        header("{\"a\": 5}", 0);
        assertRejected("tensor 'a': entry is a number, expected an object with dtype, shape and data_offsets");
    }

    @Test
    void entryMissingAField() throws IOException {
        header("{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        assertRejected("tensor 'a': missing 'dtype'");
        header("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}", 8);
        assertRejected("tensor 'a': missing 'shape'");
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}", 8);
        assertRejected("tensor 'a': missing 'data_offsets'");
    }

    @Test
    void fieldsOfTheWrongType() throws IOException {
        header("{\"a\":{\"dtype\":7,\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        assertRejected("tensor 'a': dtype is a number, expected a string");
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":\"2\",\"data_offsets\":[0,8]}}", 8);
        assertRejected("tensor 'a': shape is a string, expected an array of integers");
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}", 8);
        assertRejected("tensor 'a': shape [2.5] holds 2.5, expected integers");
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8,16]}}", 8);
        assertRejected("tensor 'a': data_offsets [0, 8, 16] must be two numbers [begin, end]");
    }

    @Test
    void unknownDtype() throws IOException {
        header("{\"a\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8);
        assertRejected("tensor 'a': unsupported dtype 'I64'; accepted: F32, F16, BF16, F64");
    }

    @Test
    void negativeDimension() throws IOException {
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,8]}}", 8);
        assertRejected("tensor 'a': negative dimension -1 in shape [2, -1]");
    }

    @Test
    void negativeOffset() throws IOException {
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", 8);
        assertRejected("tensor 'a': negative offset in data_offsets [-8, 0]");
    }

    @Test
    void offsetsBeyondTheDataSection() throws IOException {
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[16],\"data_offsets\":[0,64]}}", 48);
        assertRejected("tensor 'a': data_offsets [0, 64] reach beyond the data section (48 bytes)");
    }

    @Test
    void beginAfterEnd() throws IOException {
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8);
        assertRejected("tensor 'a': data_offsets [8, 4] begin 8 > end 4");
    }

    @Test
    void overlappingTensors() throws IOException {
        header("{" + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        assertRejected("tensors 'a' [0, 8] and 'b' [4, 12] overlap");
    }

    @Test
    void gapOrTrailingBytesInTheDataSection() throws IOException {
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        assertRejected("bytes [0, 4) of the data section belong to no tensor");
        header("{" + A + "}", 12);
        assertRejected("bytes [8, 12) at the end of the data section belong to no tensor");
    }

    @Test
    void shapeDisagreesWithByteCount() throws IOException {
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", 20);
        assertRejected("tensor 'a': shape [2, 3] of F32 needs 24 bytes but data_offsets [0, 20] span 20");
        header("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8);
        assertRejected("tensor 'a': shape [2] of F16 needs 4 bytes but data_offsets [0, 8] span 8");
    }

    @Test
    void hugeShapeFailsWithoutAllocating() throws IOException {
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8);
        assertRejected("tensor 'a': shape [4294967296, 4294967296] has too many elements");
        header("{\"a\":{\"dtype\":\"F32\",\"shape\":[9223372036854775807],\"data_offsets\":[0,8]}}", 8);
        assertRejected("has too many elements");
    }

    @Test
    void metadataValueNotAString() throws IOException {
        header("{\"__metadata__\":{\"arch\":\"x\",\"img\":64}," + A + "}", 8);
        assertRejected("__metadata__ value for key 'img' is a number, expected a string");
        header("{\"__metadata__\":[\"x\"]," + A + "}", 8);
        assertRejected("__metadata__ is an array, expected an object of strings");
    }

    @Test
    void truncatedFixture() throws IOException {
        byte[] whole = Files.readAllBytes(fixture("seed_c16_64.safetensors"));
        file = dir.resolve("truncated.safetensors");
        Files.write(file, whole, StandardOpenOption.CREATE_NEW);
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.truncate(whole.length - 100);
        }
        assertRejected("tensor 'inputs.curve': data_offsets");
        assertRejected("reach beyond the data section");
    }
}
