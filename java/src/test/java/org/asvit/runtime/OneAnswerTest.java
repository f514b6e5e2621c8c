package org.asvit.runtime;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One answer: the same evaluation gives the same bits whatever the process's thread environment and
 * backend. Each case is a fresh JVM running {@link EvaluationFingerprint} through the library alone, as a
 * Spark executor (which Spark starts with {@code OMP_NUM_THREADS=spark.task.cpus}) or an embedding service
 * would. Before the library pinned OpenBLAS, {@code OPENBLAS_NUM_THREADS=1} and the default (two threads on
 * a 2-core machine) gave different NTK condition numbers in the seventh digit.
 */
@Tag("child-jvm")
class OneAnswerTest {
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");

    @Test
    void bitsDoNotDependOnThreadSettingsOrBackend() throws Exception {
        Map<String, String> reference = Map.of();
        String expected = fingerprint("local", reference);
        assertTrue(expected.lines().count() > 20, expected);
        assertTrue(expected.contains("openblas-threads " + BlasThreads.PINNED), expected);

        Map<String, Map<String, String>> environments = new LinkedHashMap<>();
        environments.put("OPENBLAS_NUM_THREADS=1", Map.of("OPENBLAS_NUM_THREADS", "1"));
        environments.put("OPENBLAS_NUM_THREADS=4", Map.of("OPENBLAS_NUM_THREADS", "4"));
        environments.put("OMP_NUM_THREADS=1 (a Spark executor)", Map.of("OMP_NUM_THREADS", "1"));
        environments.put("ASVIT_THREADS=2 (libtorch intra-op)", Map.of("ASVIT_THREADS", "2"));
        environments.put("ASVIT_THREADS=4 OPENBLAS_NUM_THREADS=2", Map.of("ASVIT_THREADS", "4",
                "OPENBLAS_NUM_THREADS", "2"));
        for (Map.Entry<String, Map<String, String>> e : environments.entrySet()) {
            assertEquals(expected, fingerprint("local", e.getValue()), "local backend under " + e.getKey());
        }
        assertEquals(expected, fingerprint("threads:2", Map.of()), "threads:2 backend");
        assertEquals(expected, fingerprint("threads:2", Map.of("OMP_NUM_THREADS", "1")),
                "threads:2 backend under OMP_NUM_THREADS=1");
    }

    /** The child's output; the thread variables of this JVM's environment are removed first, then {@code env} added. */
    private static String fingerprint(String backend, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-Xss8m", "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), EvaluationFingerprint.class.getName(), backend));
        Path err = Files.createTempFile("asvit-fingerprint", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            builder.environment().keySet().removeAll(List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "ASVIT_THREADS"));
            builder.environment().putAll(env);
            Process p = builder.start();
            byte[] stdout = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the child JVM did not finish in 300 s");
            }
            assertEquals(0, p.exitValue(), () -> "child failed under " + env + ": " + read(err));
            return new String(stdout);
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
