package org.asvit.cli;

import org.asvit.runtime.DeviceChoice;
import picocli.CommandLine;

import java.util.Arrays;

/** {@code --device cpu|cuda|auto}: case-insensitive, with an error that lists the accepted names as they are written. */
final class DeviceChoiceConverter implements CommandLine.ITypeConverter<DeviceChoice> {
    @Override
    public DeviceChoice convert(String value) {
        return Arrays.stream(DeviceChoice.values()).filter(d -> d.name().equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new CommandLine.TypeConversionException("unknown device '" + value
                        + "'; accepted: " + DeviceChoice.acceptedNames()));
    }
}
