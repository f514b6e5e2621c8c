package org.asvit.io;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The safetensors element types this project reads, each with its byte size and its decoding to
 * {@code float}.
 *
 * <p>Every type is widened or narrowed to {@code float} on reading, because all of the project's
 * arithmetic is float32: {@link #F16} and {@link #BF16} convert exactly; {@link #F64} is rounded to
 * the nearest float (the project never stores float64 tensors; a file that does loses precision
 * here). Writing always produces {@link #F32}.
 */
public enum DType {
    /** IEEE 754 binary32. */
    F32(4) {
        @Override
        void decode(ByteBuffer source, float[] target, int offset, int count) {
            source.asFloatBuffer().get(target, offset, count);
        }
    },
    /** IEEE 754 binary16 (half precision). */
    F16(2) {
        @Override
        void decode(ByteBuffer source, float[] target, int offset, int count) {
            for (int i = 0; i < count; i++) {
                target[offset + i] = halfToFloat(source.getShort(2 * i));
            }
        }
    },
    /** bfloat16: the upper 16 bits of a binary32. */
    BF16(2) {
        @Override
        void decode(ByteBuffer source, float[] target, int offset, int count) {
            for (int i = 0; i < count; i++) {
                target[offset + i] = bfloat16ToFloat(source.getShort(2 * i));
            }
        }
    },
    /** IEEE 754 binary64, rounded to float on reading. */
    F64(8) {
        @Override
        void decode(ByteBuffer source, float[] target, int offset, int count) {
            for (int i = 0; i < count; i++) {
                target[offset + i] = (float) source.getDouble(8 * i);
            }
        }
    };

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /**
     * Decodes the first {@code count} elements of {@code source} (position 0, byte order already set
     * to little-endian) into {@code target[offset .. offset + count)}.
     */
    abstract void decode(ByteBuffer source, float[] target, int offset, int count);

    /** The type spelled {@code name} in a safetensors header, if this project accepts it. */
    public static Optional<DType> fromHeaderName(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equals(name)).findFirst();
    }

    /** The accepted header spellings, for error messages: "F32, F16, BF16, F64". */
    public static String acceptedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** Exact conversion of an IEEE binary16 bit pattern (subnormals, infinities and NaN included). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Zero or subnormal: mantissa * 2^-24, exact in float.
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        // Rebias the exponent from 15 to 127.
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** Exact conversion of a bfloat16 bit pattern: it is the high half of a binary32. */
    static float bfloat16ToFloat(short bfloat16) {
        return Float.intBitsToFloat((bfloat16 & 0xffff) << 16);
    }
}
