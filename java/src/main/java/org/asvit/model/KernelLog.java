package org.asvit.model;

import java.util.Set;
import java.util.TreeSet;

/** Which attention kernels a pass actually ran ({@code native}, {@code libtorch}), for the results. */
public final class KernelLog {
    public static final String NATIVE = "native";
    public static final String LIBTORCH = "libtorch";

    private final Set<String> ran = new TreeSet<>();

    synchronized void ran(String kernel) {
        ran.add(kernel);
    }

    /** "native", "libtorch", "libtorch+native" when both ran, or "none" (no attention, or nothing run yet). */
    public synchronized String describe() {
        return ran.isEmpty() ? "none" : String.join("+", ran);
    }
}
