package org.asvit.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which implementation runs the attention of a pass ({@code --kernels}).
 *
 * <ul>
 *   <li>{@link #AUTO}: the native kernels wherever they can take the pass (CPU: the curve passes, and the
 *   NTK pass with its graph cut at each attention), else the libtorch composition.</li>
 *   <li>{@link #NATIVE}: the native kernels; refused when the library is not built or cannot take the
 *   pass's tensors (the NTK on CUDA), never replaced silently. Autograd passes that record no tape
 *   (training) have no native backward and run on libtorch, which the results name.</li>
 *   <li>{@link #LIBTORCH}: the libtorch composition everywhere.</li>
 * </ul>
 */
public enum KernelChoice {
    AUTO, NATIVE, LIBTORCH;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static String acceptedNames() {
        return Arrays.stream(values()).map(KernelChoice::cliName).collect(Collectors.joining(", "));
    }

    /** Case-insensitive, with an error that lists the accepted names. */
    public static KernelChoice parse(String value) {
        return Arrays.stream(values()).filter(k -> k.name().equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown kernels '" + value + "'; accepted: "
                        + acceptedNames()));
    }
}
