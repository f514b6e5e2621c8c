package org.asvit.runtime;

import org.bytedeco.cuda.global.cudart;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch_cuda;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which libtorch build this process runs: the preset versions, whether libtorch's libraries load, whether
 * they are a CUDA build, the CUDA and cuDNN versions they run with, and the devices they see. Built by
 * {@link #inspect()}, which loads libtorch; a failure is recorded, not thrown, so that a machine check
 * can say what is missing. (Not to be confused with asvit's own native kernels, {@link org.asvit.runtime.internal.NativeKernels}.)
 *
 * <p>A CUDA build whose CUDA libraries are missing still loads: JavaCPP loads libtorch's CPU part, skips
 * {@code libtorch_cuda} when its dependencies are absent, and libtorch then says it has no CUDA. So the
 * build is recognised by its libraries ({@code <platform>-gpu} in the pytorch preset's platform jar), and the reason is
 * found by loading the CUDA part of the presets, whose error names the missing library.
 *
 * @param presets     versions from the presets on the class path
 * @param libtorch    the version the loaded libtorch reports (its build settings' TORCH_VERSION), or null
 * @param loadError   why libtorch did not load (one line), or null when they did
 * @param cudaBuild   whether this is libtorch's CUDA build (the {@code -Pgpu} / {@code -Pgpu-cuda12} libraries)
 * @param cudaError   in a CUDA build, why CUDA cannot be used (a library that did not load, devices that could
 *                    not be listed; one line), or null; having no device is not an error
 * @param cudaRuntime the version of the CUDA runtime library loaded, e.g. {@code 13.1}, or null
 * @param cudnn       the version of the cuDNN library loaded, e.g. {@code 9.19.0}, or null
 * @param driver      the newest CUDA version the installed driver supports, e.g. {@code 13.0}, or null
 * @param devices     the CUDA devices libtorch can use
 */
public record TorchBuild(PresetVersions presets, String libtorch, String loadError, boolean cudaBuild,
                          String cudaError, String cudaRuntime, String cudnn, String driver, List<CudaDevice> devices) {

    public TorchBuild {
        devices = List.copyOf(devices);
    }

    /**
     * Loads libtorch (if not yet loaded) and asks it what it is, once per process: a library
     * that failed to load is reported by JavaCPP with its cause only the first time.
     */
    public static TorchBuild inspect() {
        return Once.BUILD;
    }

    private static final class Once {
        static final TorchBuild BUILD = probe();
    }

    private static TorchBuild probe() {
        PresetVersions presets = PresetVersions.onClassPath();
        boolean gpuLibraries = torch.class.getResource("/org/bytedeco/pytorch/" + Loader.getPlatform() + "-gpu/"
                + System.mapLibraryName("jnitorch")) != null;
        try {
            Loader.load(torch.class);
        } catch (LinkageError | RuntimeException e) {
            return new TorchBuild(presets, null, firstLine(e), gpuLibraries, null, null, null, null, List.of());
        }
        String libtorch = torchVersion(torch.show_config().getString());
        if (!torch.hasCUDA()) {
            String cudaError = gpuLibraries ? whyCudaDidNotLoad() : null;
            return new TorchBuild(presets, libtorch, null, gpuLibraries, cudaError, null, null, null, List.of());
        }
        // The libraries actually loaded, asked through the CUDA presets' JNI wrappers (the GPU profiles carry them).
        String runtime = attempt(() -> {
            int[] version = new int[1];
            return cudart.cudaRuntimeGetVersion(version) == 0 && version[0] > 0 ? cudaVersion(version[0]) : null;
        });
        String cudnnLoaded = attempt(() -> cudnnVersion(org.bytedeco.cuda.global.cudnn.cudnnGetVersion()));
        String driver = attempt(() -> {
            int[] version = new int[1];
            return cudart.cudaDriverGetVersion(version) == 0 && version[0] > 0 ? cudaVersion(version[0]) : null;
        });
        try {
            return new TorchBuild(presets, libtorch, null, true, null, runtime, cudnnLoaded, driver, CudaDevice.visible());
        } catch (LinkageError | RuntimeException e) {
            return new TorchBuild(presets, libtorch, null, true, firstLine(e), runtime, cudnnLoaded, driver, List.of());
        }
    }

    /** Loads the CUDA part of the pytorch presets, whose failure names the library that is missing. */
    private static String whyCudaDidNotLoad() {
        try {
            Loader.load(torch_cuda.class);
            return "libtorch's CUDA part loaded, but libtorch reports no CUDA";
        } catch (LinkageError | RuntimeException e) {
            return "CUDA libraries not loaded: " + firstLine(e);
        }
    }

    public boolean loaded() {
        return loadError == null;
    }

    /** The lines {@code asvit --version} and {@code asvit doctor} print about libtorch, CUDA and the devices. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        lines.add("libtorch " + (libtorch == null ? presets.libtorch() : libtorch) + " (Bytedeco presets "
                + presets.release() + "), " + (cudaBuild ? "CUDA build" : "CPU build")
                + (loadError == null ? "" : ", natives not loaded: " + loadError));
        if (loadError != null) {
            return lines;
        }
        if (!cudaBuild) {
            lines.add("CUDA: none (CPU build)");
            return lines;
        }
        lines.add("CUDA " + orUnknown(cudaRuntime) + " (built for " + presets.cudaToolkit() + "), cuDNN "
                + orUnknown(cudnn) + " (built for " + presets.cudnn() + "), driver supports CUDA " + orUnknown(driver));
        if (cudaError != null) {
            lines.add("no CUDA device usable: " + cudaError);
        } else if (devices.isEmpty()) {
            lines.add("no CUDA device");
        }
        for (CudaDevice d : devices) {
            lines.add("GPU " + d.describe());
        }
        return lines;
    }

    /** The {@code TORCH_VERSION=...} entry of libtorch's build settings ({@code torch.show_config()}), or null. */
    static String torchVersion(String config) {
        Matcher m = Pattern.compile("TORCH_VERSION=([^,\\s]+)").matcher(config);
        return m.find() ? m.group(1) : null;
    }

    /** CUDA's integer version (1000 major + 10 minor, e.g. 13010) as {@code 13.1}. */
    static String cudaVersion(long encoded) {
        return (encoded / 1000) + "." + (encoded % 1000) / 10;
    }

    /**
     * cuDNN's integer version as {@code major.minor.patch}: 10000 major + 100 minor + patch from cuDNN 9 on
     * (91900 is 9.19.0), 1000 major + 100 minor + patch before (8902 is 8.9.2).
     */
    static String cudnnVersion(long encoded) {
        if (encoded >= 90000) {
            return (encoded / 10000) + "." + (encoded % 10000) / 100 + "." + encoded % 100;
        }
        return (encoded / 1000) + "." + (encoded % 1000) / 100 + "." + encoded % 100;
    }

    private static String orUnknown(String s) {
        return s == null ? "unknown" : s;
    }

    private interface Query {
        String get();
    }

    /** The query's answer, or null when libtorch's libraries cannot answer it (a library missing, no driver). */
    private static String attempt(Query query) {
        try {
            return query.get();
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
        String first = message.strip().lines().findFirst().orElse("");
        return first.length() > 300 ? first.substring(0, 300) + " [...]" : first;
    }
}
