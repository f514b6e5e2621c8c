package org.asvit.runtime;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.MemoryFormatOptional;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;

/** Small helpers over libtorch tensors that the JavaCPP API makes verbose. */
public final class Tensors {
    private Tensors() {
    }

    /** The tensor's shape as a Java array. */
    public static long[] shape(Tensor t) {
        long[] s = new long[(int) t.dim()];
        for (int i = 0; i < s.length; i++) {
            s[i] = t.size(i);
        }
        return s;
    }

    /** Sum over the last axis, keeping it (size 1). */
    public static Tensor sumLast(Tensor t) {
        return t.sum(new long[]{-1}, true, new ScalarTypeOptional());
    }

    /** A copy of the tensor's values as float64, row-major, whatever its dtype and device. */
    public static double[] toDoubles(Tensor t) {
        Tensor c = TensorKind.CPU_DOUBLE.convert(t.detach()).contiguous();
        double[] out = new double[(int) c.numel()];
        new DoublePointer(c.data_ptr_double()).capacity(out.length).get(out);
        return out;
    }

    /** A new CPU tensor holding {@code values} in the given shape (float32 or float64 by kind). */
    public static Tensor fromDoubles(double[] values, TensorKind kind, long... shape) {
        Tensor t = torch.empty(shape, new TensorOptions(torch.ScalarType.Double), new MemoryFormatOptional());
        new DoublePointer(t.data_ptr_double()).capacity(values.length).put(values);
        return kind.convert(t);
    }
}
