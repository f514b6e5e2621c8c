package org.asvit.runtime;

import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Where tensors live and in what precision: CPU or CUDA, float32 or float64. The metrics run in
 * float32 like the reference; float64 serves the finite-difference checks and reference quantities
 * that were computed in float64.
 *
 * @param cuda   true for the first CUDA device
 * @param double64 true for float64, false for float32
 */
public record TensorKind(boolean cuda, boolean double64) {
    public static final TensorKind CPU_FLOAT = new TensorKind(false, false);
    public static final TensorKind CPU_DOUBLE = new TensorKind(false, true);
    public static final TensorKind CUDA_FLOAT = new TensorKind(true, false);

    /** float32 on the named device: {@code cpu} or {@code cuda}. */
    public static TensorKind forDevice(String device) {
        return switch (device) {
            case "cpu" -> CPU_FLOAT;
            case "cuda" -> CUDA_FLOAT;
            default -> throw new IllegalArgumentException("device must be cpu or cuda, got '" + device + "'");
        };
    }

    public torch.ScalarType scalarType() {
        return double64 ? torch.ScalarType.Double : torch.ScalarType.Float;
    }

    /** A libtorch device for this kind; allocated in the caller's pointer scope. */
    public Device device() {
        return cuda ? new Device(torch.DeviceType.CUDA, (byte) 0) : new Device(torch.DeviceType.CPU);
    }

    /** {@code t} on this device and dtype (a copy only when something changes). */
    public Tensor convert(Tensor t) {
        return t.to(device(), scalarType());
    }

    public String deviceName() {
        return cuda ? "cuda" : "cpu";
    }
}
