package org.asvit.io;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor as stored in a file: the element type it was stored as, its shape, and its values as
 * float32 in row-major (C) order.
 *
 * <p>The values array is <em>not</em> copied, neither on construction nor by {@link #values()}:
 * weight files run to hundreds of megabytes, so the instance takes the array over and hands out its
 * own storage. Treat both as read-only. The shape is copied both ways.
 */
public final class TensorData {
    private final DType dtype;
    private final long[] shape;
    private final float[] values;

    /**
     * @param dtype  the type the values were stored as (values are float32 whatever it is)
     * @param shape  the dimensions, each {@code >= 0}; empty for a scalar
     * @param values row-major values; its length must be the product of {@code shape}
     * @throws IllegalArgumentException on a negative dimension or a length that disagrees with the shape
     */
    public TensorData(DType dtype, long[] shape, float[] values) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.values = Objects.requireNonNull(values, "values");
        long count = elementCount(this.shape);
        if (count != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                    + " elements but " + values.length + " values were given");
        }
    }

    /** A float32 tensor: {@code new TensorData(DType.F32, shape, values)}. */
    public static TensorData of(long[] shape, float[] values) {
        return new TensorData(DType.F32, shape, values);
    }

    /**
     * The number of elements of {@code shape} (1 for a scalar).
     *
     * @throws IllegalArgumentException on a negative dimension or a count beyond {@code long}
     */
    public static long elementCount(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension " + dim + " in shape " + Arrays.toString(shape));
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^63 elements", e);
            }
        }
        return count;
    }

    /** The type the values were stored as. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the dimensions. */
    public long[] shape() {
        return shape.clone();
    }

    /** The row-major values: this instance's own array, not a copy. Do not modify it. */
    public float[] values() {
        return values;
    }

    /**
     * A new CPU float32 libtorch tensor with this shape and these values. The tensor owns its
     * memory (allocated by libtorch, the values copied in), so nothing on the Java side has to stay
     * alive for it. It attaches to the caller's innermost {@link PointerScope}, if any.
     */
    public Tensor toTensor() {
        Tensor tensor = emptyFloat(shape);
        if (values.length > 0) {
            tensor.data_ptr_float().put(values);
        }
        return tensor;
    }

    /**
     * A new uninitialised contiguous CPU float32 tensor, whatever libtorch's default dtype is. Its
     * helper objects are freed here; the tensor attaches to the caller's innermost scope, if any.
     */
    static Tensor emptyFloat(long... shape) {
        try (TensorOptions options = new TensorOptions(ScalarType.Float);
             MemoryFormatOptional contiguous = new MemoryFormatOptional()) {
            return torch.empty(shape, options, contiguous);
        }
    }

    /**
     * A contiguous float32 copy of {@code tensor}, which may live on any device, have any floating
     * dtype and any strides. The result's dtype is {@link DType#F32}.
     *
     * @throws IllegalArgumentException if {@code tensor} is not floating point or too large for a Java array
     */
    public static TensorData fromTensor(Tensor tensor) {
        if (!tensor.is_floating_point()) {
            throw new IllegalArgumentException("expected a floating-point tensor, got dtype " + tensor.scalar_type());
        }
        if (tensor.numel() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a tensor of " + tensor.numel() + " elements does not fit in a Java array");
        }
        try (PointerScope scope = new PointerScope()) {
            long[] shape = tensor.sizes().vec().get();
            float[] values = new float[(int) tensor.numel()];
            Tensor cpu = tensor.detach().cpu().to(ScalarType.Float).contiguous();
            if (values.length > 0) {
                cpu.data_ptr_float().get(values);
            }
            return of(shape, values);
        }
    }

    /** Equal dtype, shape and values (values compared by bit pattern, every NaN equal to every other, as
     * {@link Arrays#equals(float[], float[])} does). */
    @Override
    public boolean equals(Object other) {
        return other instanceof TensorData that
                && dtype == that.dtype
                && Arrays.equals(shape, that.shape)
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "TensorData[" + dtype + " " + Arrays.toString(shape) + "]";
    }
}
