package org.asvit.cli;

import java.util.Map;

/**
 * The command line's flag for each library setting that an {@link org.asvit.InvalidSettingException} names,
 * so that errors read in the user's terms: {@code samplesPerStep} is {@code --samples-per-step}.
 */
final class SettingFlags {
    /** Where a flag is not the setting's name in kebab case. */
    private static final Map<String, String> RENAMED = Map.of(
            "learningRate", "--lr",
            "window", "--buffer",
            "batchSize", "--batch",
            "warmupEpochs", "--warmup",
            "count", "--topologies",
            "runFolder", "--out");

    private SettingFlags() {
    }

    /** {@code samplesPerStep} to {@code --samples-per-step}, or the flag that differs. */
    static String flag(String setting) {
        String renamed = RENAMED.get(setting);
        return renamed != null ? renamed : "--" + setting.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }
}
