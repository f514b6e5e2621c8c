package org.asvit.io;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.asvit.io.SafeTensorsFiles.fixture;
import static org.asvit.io.SafeTensorsFiles.shorts;
import static org.asvit.io.SafeTensorsFiles.withHeader;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class SafeTensorsReadWriteTest {
    @TempDir
    Path dir;

    @Test
    void readsTheSeedFixture() throws IOException {
        SafeTensors file = SafeTensors.read(fixture("seed_c16_64.safetensors"));

        assertEquals(Map.of("arch", "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,16", "img", "64", "classes", "10"),
                file.metadata());
        assertEquals(77, file.names().size());
        assertEquals("weights.patch_embed.proj.weight", file.names().iterator().next(), "header order kept");
        assertEquals("inputs.curve", List.copyOf(file.names()).get(76), "header order kept");
        assertArrayEquals(new long[] {16, 3, 8, 8}, file.get("weights.patch_embed.proj.weight").shape());
        assertArrayEquals(new long[] {16, 3, 64, 64}, file.get("inputs.ntk").shape());
        assertArrayEquals(new long[] {10, 128}, file.get("weights.head.2.weight").shape());
        assertEquals(DType.F32, file.get("inputs.ntk").dtype());
        assertEquals(16 * 3 * 64 * 64, file.get("inputs.ntk").values().length);

        // Bit patterns read independently from the file with numpy.
        float[] eigenvalues = file.get("expected.ntk_eigenvalues").values();
        assertEquals(0x47a93da2, Float.floatToRawIntBits(eigenvalues[0]));
        assertEquals(0x47b06ffd, Float.floatToRawIntBits(eigenvalues[1]));
        float[] theta = file.get("inputs.theta").values();
        assertEquals(10, theta.length);
        for (int m = 0; m < 10; m++) {
            assertEquals(2 * Math.PI * m / 9, theta[m], 1e-6, "theta = linspace(0, 2 pi, 10)");
        }
    }

    @Test
    void readsTheRandomFixtureAndSelectsByPrefix() throws IOException {
        SafeTensors file = SafeTensors.read(fixture("rand_c20_64.safetensors"));

        assertEquals("5,4,2,2|3,2,5,1|2,2,3,1|3,1,4,2|64,20", file.metadata().get("arch"));
        assertEquals("64", file.metadata().get("img"));
        assertEquals(101, file.names().size());
        assertArrayEquals(new long[] {20, 3, 5, 5}, file.get("weights.patch_embed.proj.weight").shape());
        assertArrayEquals(new long[] {20, 16}, file.get("weights.layers.0.blocks.0.attn.proj.weight").shape());
        assertEquals(0x47827fdb, Float.floatToRawIntBits(file.get("expected.ntk_eigenvalues").values()[0]));

        SafeTensors weights = file.withPrefix("weights.");
        assertEquals(91, weights.names().size());
        assertEquals("patch_embed.proj.weight", weights.names().iterator().next());
        assertEquals(file.get("weights.norm.bias"), weights.get("norm.bias"));
        assertEquals(file.metadata(), weights.metadata());
        assertEquals(4, file.withPrefix("inputs.").names().size());
    }

    @Test
    void missingNameFailsClearly() throws IOException {
        SafeTensors file = SafeTensors.read(fixture("seed_c16_64.safetensors"));

        NoSuchElementException e = assertThrows(NoSuchElementException.class, () -> file.get("weights.nope"));
        assertTrue(e.getMessage().contains("no tensor named 'weights.nope'"), e.getMessage());
        assertTrue(e.getMessage().contains("there are 77"), e.getMessage());
        assertTrue(file.contains("inputs.ntk") && !file.contains("weights.nope"));
    }

    @Test
    void writeThenReadIsBitExact() throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        tensors.put("b.second", TensorData.of(new long[] {2, 3},
                new float[] {1f, -0f, Float.MIN_VALUE, Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 1e-30f}));
        tensors.put("a.first", TensorData.of(new long[] {}, new float[] {Float.intBitsToFloat(0x7fc00001)}));
        tensors.put("empty", TensorData.of(new long[] {0, 4}, new float[0]));
        tensors.put("odd", TensorData.of(new long[] {3}, new float[] {0.1f, 0.2f, 0.3f}));
        Map<String, String> metadata = Map.of("arch", "x|y", "img", "64");
        Path path = dir.resolve("round.safetensors");

        SafeTensors.write(path, tensors, metadata);
        SafeTensors back = SafeTensors.read(path);

        assertEquals(metadata, back.metadata());
        assertEquals(List.copyOf(tensors.keySet()), List.copyOf(back.names()), "written in map order");
        for (Map.Entry<String, TensorData> entry : tensors.entrySet()) {
            TensorData read = back.get(entry.getKey());
            assertArrayEquals(entry.getValue().shape(), read.shape());
            float[] expected = entry.getValue().values();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(read.values()[i]));
            }
        }
        ByteBuffer prefix = ByteBuffer.wrap(Files.readAllBytes(path)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, prefix.getLong(0) % 8, "header padded so the data starts 8-byte aligned");
    }

    @Test
    void rewritingAFixtureReproducesItsBytes() throws IOException {
        Path original = fixture("seed_c16_64.safetensors");
        SafeTensors file = SafeTensors.read(original);
        Path copy = dir.resolve("copy.safetensors");

        SafeTensors.write(copy, file.tensors(), file.metadata());

        byte[] a = Files.readAllBytes(original);
        byte[] b = Files.readAllBytes(copy);
        long headerA = ByteBuffer.wrap(a).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        long headerB = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertEquals(a.length - headerA, b.length - headerB, "same data section size");
        assertEquals(ByteBuffer.wrap(a, (int) (8 + headerA), (int) (a.length - 8 - headerA)),
                ByteBuffer.wrap(b, (int) (8 + headerB), (int) (b.length - 8 - headerB)), "same data bytes");
        assertEquals(file.tensors(), SafeTensors.read(copy).tensors());
    }

    @Test
    void metadataIsOmittedWhenEmpty() throws IOException {
        Path path = dir.resolve("plain.safetensors");
        SafeTensors.write(path, Map.of("x", TensorData.of(new long[] {1}, new float[] {2f})), Map.of());

        byte[] bytes = Files.readAllBytes(path);
        String header = new String(bytes, 8, bytes.length - 12, StandardCharsets.UTF_8);
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", header.strip());
        assertEquals(Map.of(), SafeTensors.read(path).metadata());
    }

    @Test
    void aTensorMayNotUseTheMetadataName() {
        Map<String, TensorData> tensors = Map.of(SafeTensors.METADATA_KEY, TensorData.of(new long[] {0}, new float[0]));
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(dir.resolve("bad.safetensors"), tensors, Map.of()));
    }

    @Test
    void decodesHalfPrecisionBitPatterns() throws IOException {
        int[] patterns = {0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x0400, 0x8000, 0x7c00, 0xfc00, 0x3555};
        float[] expected = {1f, -2f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, 0x1p-14f, -0f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0.333251953125f};
        Path path = withHeader(dir.resolve("f16.safetensors"),
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[10],\"data_offsets\":[0,20]},"
                        + "\"nan\":{\"dtype\":\"F16\",\"shape\":[],\"data_offsets\":[20,22]}}",
                concat(shorts(patterns), shorts(0x7e00)));

        SafeTensors file = SafeTensors.read(path);

        assertEquals(DType.F16, file.get("h").dtype());
        float[] values = file.get("h").values();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(values[i]),
                    "F16 0x" + Integer.toHexString(patterns[i]));
        }
        assertTrue(Float.isNaN(file.get("nan").values()[0]));
    }

    @Test
    void decodesBfloat16BitPatterns() throws IOException {
        int[] patterns = {0x3f80, 0xc040, 0x4049, 0x0001, 0x8000, 0x7f80, 0xff80};
        float[] expected = {1f, -3f, 3.140625f, Float.intBitsToFloat(0x00010000), -0f,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY};
        Path path = withHeader(dir.resolve("bf16.safetensors"),
                "{\"b\":{\"dtype\":\"BF16\",\"shape\":[7],\"data_offsets\":[0,14]}}", shorts(patterns));

        float[] values = SafeTensors.read(path).get("b").values();

        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(values[i]),
                    "BF16 0x" + Integer.toHexString(patterns[i]));
        }
    }

    @Test
    void roundsDoublesToFloat() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-1e300);
        Path path = withHeader(dir.resolve("f64.safetensors"),
                "{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]}}", data.array());

        TensorData d = SafeTensors.read(path).get("d");

        assertEquals(DType.F64, d.dtype());
        assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY}, d.values());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
