package org.asvit.runtime;

import org.bytedeco.javacpp.Loader;

import java.io.IOException;

/**
 * The versions this build was made with, read from the Bytedeco presets' Maven properties on the class
 * path (no native library is loaded). A preset's version is {@code <library version>-<presets release>},
 * e.g. {@code 2.10.0-1.5.13} for pytorch and {@code 13.1-9.19-1.5.13} for cuda (CUDA 13.1, cuDNN 9.19).
 *
 * @param pytorch the pytorch preset's version, or null when it is not on the class path
 * @param cuda    the cuda preset's version, or null when it is not on the class path
 */
public record PresetVersions(String pytorch, String cuda) {

    public static PresetVersions onClassPath() {
        return new PresetVersions(version("pytorch"), version("cuda"));
    }

    /** libtorch's version, e.g. {@code 2.10.0}. */
    public String libtorch() {
        return pytorch == null ? "unknown" : pytorch.substring(0, pytorch.indexOf('-') < 0 ? pytorch.length() : pytorch.indexOf('-'));
    }

    /** The Bytedeco presets release, e.g. {@code 1.5.13}: the last dash-separated part. */
    public String release() {
        return pytorch == null ? "unknown" : pytorch.substring(pytorch.lastIndexOf('-') + 1);
    }

    /** The CUDA version the cuda preset was made for, e.g. {@code 13.1}. */
    public String cudaToolkit() {
        return part(cuda, 0);
    }

    /** The CUDA major version the cuda preset was made for, e.g. {@code 13}: its libraries' soname suffix. */
    public String cudaMajor() {
        String toolkit = cudaToolkit();
        return toolkit.contains(".") ? toolkit.substring(0, toolkit.indexOf('.')) : toolkit;
    }

    /** The cuDNN version the cuda preset was made for, e.g. {@code 9.19}. */
    public String cudnn() {
        return part(cuda, 1);
    }

    private static String part(String version, int index) {
        if (version == null) {
            return "unknown";
        }
        String[] parts = version.split("-");
        return parts.length == 3 ? parts[index] : "unknown";
    }

    private static String version(String artifact) {
        try {
            return Loader.getVersion("org.bytedeco", artifact);
        } catch (IOException e) {
            return null;
        }
    }
}
