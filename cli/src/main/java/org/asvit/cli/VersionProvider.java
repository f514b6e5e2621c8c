package org.asvit.cli;

import org.asvit.runtime.TorchBuild;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code asvit --version}: this build's version, the Java runtime, libtorch's and CUDA's versions and the
 * CUDA devices found. Loads the libtorch natives, but only when the version is asked for.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    /** The project version, when the jar's manifest does not carry one. */
    static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion() {
        return lines(TorchBuild.inspect()).toArray(String[]::new);
    }

    static List<String> lines(TorchBuild build) {
        String version = AsvitCommand.class.getPackage().getImplementationVersion();
        List<String> lines = new ArrayList<>();
        lines.add("asvit " + (version == null ? FALLBACK_VERSION : version));
        lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        lines.addAll(build.describe());
        return lines;
    }
}
