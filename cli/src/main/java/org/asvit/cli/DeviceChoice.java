package org.asvit.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where the evaluation runs: {@code --device cpu|cuda|auto}. */
enum DeviceChoice {
    CPU, CUDA, AUTO;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    static String acceptedNames() {
        return Arrays.stream(values()).map(DeviceChoice::toString).collect(Collectors.joining(", "));
    }

    /** Case-insensitive, with an error that lists the accepted names as they are written. */
    static final class Converter implements CommandLine.ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            return Arrays.stream(values()).filter(d -> d.name().equalsIgnoreCase(value.trim())).findFirst()
                    .orElseThrow(() -> new CommandLine.TypeConversionException("unknown device '" + value
                            + "'; accepted: " + acceptedNames()));
        }
    }
}
