package org.asvit.runtime;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only {@code org.asvit.runtime} sets process-wide libtorch state or loads native libraries: the sources of
 * every module (main and test) are scanned for the calls that do, and any found outside the runtime package
 * fails this test with its file and line.
 */
@Tag("fast")
class ProcessStateOwnershipTest {
    /** The modules whose sources are scanned, relative to the repository root. */
    private static final List<String> MODULES = List.of("java", "cli", "spark", "cli-spark", "examples", "benchmarks");

    /** Calls that change state shared by every thread of the process, or load a native library. */
    static final Pattern PROCESS_WIDE = Pattern.compile(String.join("|",
            "\\bset_num_threads\\s*\\(",             // libtorch intra-op threads
            "\\bset_num_interop_threads\\s*\\(",     // libtorch inter-op threads
            "\\bblas_set_num_threads\\s*\\(",        // OpenBLAS threads
            "\\.setAllow(TF32|BF16|FP16)\\w*\\s*\\(", // TF32 and reduced-precision reductions
            "\\.setFloat32MatmulPrecision\\s*\\(",
            "\\.set(Benchmark|Deterministic|UserEnabled)CuDNN\\s*\\(",
            "\\.setDeterministicAlgorithms\\s*\\(",
            "\\buse_deterministic_algorithms\\s*\\(",
            "\\bset_default_dtype\\s*\\(",
            "\\bset_flush_denormal\\s*\\(",
            "\\b(cuda_)?manual_seed(_all)?\\s*\\(",  // libtorch's global generators
            "(?<![A-Za-z])Loader\\.load\\s*\\(",      // JavaCPP loading natives (ServiceLoader.load is fine)
            "\\bSystem\\.load(Library)?\\s*\\("));

    private static final String RUNTIME_DIR = "org/asvit/runtime/";

    @Test
    void nothingOutsideTheRuntimeSetsProcessWideState() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isDirectory(root.resolve("java/src/main/java/" + RUNTIME_DIR)),
                "run from the core module's folder; the repository root should be " + root);
        List<String> found = new ArrayList<>();
        for (String module : MODULES) {
            for (String set : List.of("main", "test")) {
                Path sources = root.resolve(module).resolve("src").resolve(set);
                if (!Files.isDirectory(sources)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(f -> f.toString().endsWith(".java"))
                            .filter(f -> !f.toString().replace('\\', '/').contains("/" + RUNTIME_DIR))
                            .forEach(f -> found.addAll(offences(root.relativize(f).toString(), read(f))));
                }
            }
        }
        assertEquals(List.of(), found, "process-wide libtorch or native state set outside org.asvit.runtime "
                + "(route it through the runtime package)");
    }

    /** The scan itself: it names the file and line of a call, and passes over comments and harmless look-alikes. */
    @Test
    void theScanNamesFileAndLine() {
        List<String> lines = List.of(
                "class X {",
                "    // torch.set_num_threads(4) in a comment is fine",
                "    void f() { ServiceLoader.load(Foo.class); torch.get_num_threads(); }",
                "    void g() { torch.set_num_threads(4); }",
                "    void h() { Loader.load(torch.class); torch.globalContext().setAllowTF32CuBLAS(true); }",
                "}");
        assertEquals(List.of(
                "cli/src/main/java/X.java:4: void g() { torch.set_num_threads(4); }",
                "cli/src/main/java/X.java:5: void h() { Loader.load(torch.class); torch.globalContext().setAllowTF32CuBLAS(true); }"),
                offences("cli/src/main/java/X.java", lines));
    }

    /** "file:line: code" for each line of {@code lines} that makes a process-wide call, comments skipped. */
    static List<String> offences(String file, List<String> lines) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i).strip();
            if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) {
                continue;
            }
            if (PROCESS_WIDE.matcher(code).find()) {
                found.add(file + ":" + (i + 1) + ": " + code);
            }
        }
        return found;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
