package org.asvit.io;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.asvit.io.SafeTensorsFiles.fixture;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class TensorDataTest {
    @Test
    void rejectsValuesThatDisagreeWithTheShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorData.of(new long[] {2, 3}, new float[5]));
        assertEquals("shape [2, 3] holds 6 elements but 5 values were given", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TensorData.of(new long[] {-1}, new float[0]));
    }

    @Test
    void toTensorOwnsACopyOfTheValues() {
        float[] values = {1, 2, 3, 4, 5, 6};
        try (PointerScope scope = new PointerScope()) {
            Tensor tensor = TensorData.of(new long[] {2, 3}, values).toTensor();
            values[0] = 100;

            assertEquals(ScalarType.Float, tensor.scalar_type().intern());
            assertTrue(tensor.is_cpu() && tensor.is_contiguous());
            assertArrayEquals(new long[] {2, 3}, tensor.sizes().vec().get());
            assertEquals(21f, tensor.sum().item_float(), "the tensor keeps the values it was made with");
            assertEquals(6f, tensor.select(0, 1).select(0, 2).item_float(), "row-major layout");
        }
    }

    @Test
    void roundTripsAFixtureTensorBitForBit() throws IOException {
        TensorData original = SafeTensors.read(fixture("seed_c16_64.safetensors")).get("weights.patch_embed.proj.weight");
        try (PointerScope scope = new PointerScope()) {
            assertEquals(original, TensorData.fromTensor(original.toTensor()));
        }
    }

    @Test
    void scalarsAndEmptyTensorsRoundTrip() {
        try (PointerScope scope = new PointerScope()) {
            TensorData scalar = TensorData.of(new long[] {}, new float[] {2.5f});
            TensorData empty = TensorData.of(new long[] {0, 3}, new float[0]);
            assertEquals(scalar, TensorData.fromTensor(scalar.toTensor()));
            assertEquals(empty, TensorData.fromTensor(empty.toTensor()));
        }
    }

    @Test
    void fromTensorCopiesStridedAndDoubleTensorsAsContiguousFloat() {
        try (PointerScope scope = new PointerScope()) {
            Tensor matrix = TensorData.of(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}).toTensor();

            TensorData transposed = TensorData.fromTensor(matrix.t());
            assertArrayEquals(new long[] {3, 2}, transposed.shape());
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, transposed.values());

            TensorData fromDouble = TensorData.fromTensor(matrix.to(ScalarType.Double).mul(torch.ones(1).to(ScalarType.Double)));
            assertEquals(DType.F32, fromDouble.dtype());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, fromDouble.values());
        }
    }

    @Test
    void fromTensorRejectsIntegerTensors() {
        try (PointerScope scope = new PointerScope()) {
            Tensor integers = torch.ones(3).to(ScalarType.Long);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorData.fromTensor(integers));
            assertEquals("expected a floating-point tensor, got dtype Long", e.getMessage());
        }
    }

    @Test
    void equalityComparesDtypeShapeAndValues() {
        TensorData a = TensorData.of(new long[] {2}, new float[] {1, 2});
        assertEquals(a, TensorData.of(new long[] {2}, new float[] {1, 2}));
        assertEquals(a.hashCode(), TensorData.of(new long[] {2}, new float[] {1, 2}).hashCode());
        assertNotEquals(a, TensorData.of(new long[] {1, 2}, new float[] {1, 2}));
        assertNotEquals(a, new TensorData(DType.F16, new long[] {2}, new float[] {1, 2}));
        assertNotEquals(a, TensorData.of(new long[] {2}, new float[] {1, 3}));
    }
}
