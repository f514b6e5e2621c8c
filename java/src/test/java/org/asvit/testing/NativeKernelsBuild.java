package org.asvit.testing;

import org.asvit.runtime.internal.NativeKernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * For tests of the native kernels. Where the build said it could not build them (no CMake, no
 * compiler: {@code target/native/status} starts with "not built") those tests are skipped, so that such
 * a build still succeeds on the libtorch composition; where the build says it built them (CI, every
 * machine with CMake and g++) a library that does not load fails the test instead of skipping it.
 */
public final class NativeKernelsBuild {
    private static final Path STATUS = Path.of("target", "native", "status");

    private NativeKernelsBuild() {
    }

    public static void requireKernels() {
        if (NativeKernels.available()) {
            return;
        }
        String status;
        try {
            status = Files.exists(STATUS) ? Files.readString(STATUS).strip() : "no build status at " + STATUS;
        } catch (IOException e) {
            status = "unreadable build status: " + e.getMessage();
        }
        assumeTrue(!status.startsWith("not built"), "native kernels " + status);
        fail("the build reports '" + status + "' but the library does not load: "
                + NativeKernels.unavailableReason());
    }
}
