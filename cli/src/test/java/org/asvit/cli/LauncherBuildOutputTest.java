package org.asvit.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ./asvit launcher's build step in a log (stderr not a terminal): maven's output arrives without ANSI
 * codes (Debian's maven 3.8 starts lines with ESC[0m even with -B). Runs a copy of the launcher in a bare
 * tree, with stand-ins for mvn (which prints as that maven does, and makes the jar) and java.
 */
@Tag("child-jvm")
class LauncherBuildOutputTest {
    @TempDir
    Path tree;

    @Test
    void buildOutputInALogHasNoAnsiCodesAndFailuresKeepTheirStatus() throws Exception {
        Path launcher = Path.of(System.getProperty("user.dir")).resolve("../asvit").normalize();
        assertTrue(Files.isRegularFile(launcher), "the launcher at " + launcher);
        Files.copy(launcher, tree.resolve("asvit"));
        for (String folder : new String[]{"java/src/main", "cli/src/main", "native", "cmake", "bin"}) {
            Files.createDirectories(tree.resolve(folder));
        }
        Files.writeString(tree.resolve("pom.xml"), "");
        Files.writeString(tree.resolve("java/pom.xml"), "");
        Files.writeString(tree.resolve("cli/pom.xml"), "");
        Files.writeString(tree.resolve("CMakeLists.txt"), "");
        executable(tree.resolve("bin/mvn"), "#!/bin/bash\nprintf '\\033[0m\\033[0m[asvit] native kernels: built\\n' >&2\n"
                + "printf '\\033[1;31mred\\033[m\\n'\n"
                + "[[ -n \"${FAIL:-}\" ]] && exit 3\nmkdir -p cli/target && touch cli/target/asvit-cli-0.1.0-SNAPSHOT.jar\n");
        executable(tree.resolve("bin/java"), "#!/bin/bash\necho ran\n");

        Process ok = start("");
        String err = new String(ok.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, ok.waitFor(), err);
        assertFalse(err.contains("\u001b"), "no escape codes: " + err);
        assertTrue(err.contains("[asvit] native kernels: built\nred\n"), err);

        Files.delete(tree.resolve("cli/target/asvit-cli-0.1.0-SNAPSHOT.jar"));
        Process failed = start("1");
        failed.getErrorStream().readAllBytes();
        assertEquals(3, failed.waitFor(), "maven's failure is the launcher's");
    }

    private Process start(String fail) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", tree.resolve("asvit").toString(), "--version")
                .directory(tree.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("PATH", tree.resolve("bin") + ":/usr/bin:/bin");
        builder.environment().put("FAIL", fail);
        builder.environment().remove("ASVIT_GPU");
        return builder.start();
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
