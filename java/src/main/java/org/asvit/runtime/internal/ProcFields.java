package org.asvit.runtime.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fields of Linux's /proc files, such as {@code VmHWM} in {@code /proc/self/status}; -1 elsewhere. */
public final class ProcFields {
    public static final Path MEMINFO = Path.of("/proc/meminfo");
    public static final Path SELF_STATUS = Path.of("/proc/self/status");

    private ProcFields() {
    }

    /** A {@code "Name:   123 kB"} line of {@code file}, in bytes, or -1 where there is none. */
    public static long kilobytes(Path file, String field) {
        String prefix = field + ":";
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                if (line.startsWith(prefix)) {
                    return Long.parseLong(line.substring(prefix.length()).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** A file holding one number, or -1 (missing, unreadable, or not a number, such as cgroup's "max"). */
    public static long number(Path file) {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
