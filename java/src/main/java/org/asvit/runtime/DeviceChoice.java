package org.asvit.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where to compute, as a front end asks for it; {@link ComputeDevice#prepare} turns it into a {@link TensorKind}. */
public enum DeviceChoice {
    /** The CPU. */
    CPU,
    /** The first CUDA device; refused where libtorch has none. */
    CUDA,
    /** CUDA where libtorch has a usable device, else the CPU. */
    AUTO;

    /** The name as written: {@code cpu}, {@code cuda}, {@code auto}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The accepted names as written, comma-separated. */
    public static String acceptedNames() {
        return Arrays.stream(values()).map(DeviceChoice::toString).collect(Collectors.joining(", "));
    }
}
