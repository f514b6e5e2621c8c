package org.asvit.cli;

import picocli.CommandLine;

/** {@code asvit --version}: this build's version and the Java runtime; loads no native library. */
final class VersionProvider implements CommandLine.IVersionProvider {
    /** The project version, when the jar's manifest does not carry one. */
    static final String FALLBACK_VERSION = "0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion() {
        String version = AsvitCommand.class.getPackage().getImplementationVersion();
        return new String[] {
                "asvit " + (version == null ? FALLBACK_VERSION : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
