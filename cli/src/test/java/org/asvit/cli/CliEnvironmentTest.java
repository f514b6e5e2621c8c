package org.asvit.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Environment variables with bad values are errors naming the variable (a child JVM: the environment is per process). */
@Tag("child-jvm")
class CliEnvironmentTest {
    @TempDir
    Path dir;

    @Test
    void badAsvitThreadsNamesTheVariable() throws Exception {
        String[] values = {"abc", "0"};
        for (int i = 0; i < values.length; i++) {
            ChildAsvit child = ChildAsvit.start(dir.resolve("run" + i), Map.of("ASVIT_THREADS", values[i]),
                    "evaluate", "--arch", "4,2,2,1|2,1,2,1|2,1,2,1|2,1,2,1|8,8", "--image-size", "32");
            assertEquals(2, child.waitFor(60), child::toString);
            assertEquals("asvit: error: ASVIT_THREADS must be a positive integer (libtorch intra-op threads), got '"
                    + values[i] + "'", child.stderr().strip());
        }
    }
}
