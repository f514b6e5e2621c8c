package org.asvit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.DocumentationTool;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The public API is documented: javadoc, run in this JVM over the packages that {@code module-info.java}
 * exports, reports no error, and every public type in them has a comment (doclint's "no comment" on a type
 * declaration fails; on a member it is counted and printed, not failed).
 */
@Tag("fast")
class ApiJavadocTest {
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Pattern EXPORTS = Pattern.compile("^\\s*exports\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    @Test
    void exportedPackagesHaveJavadocWithoutErrors() throws IOException {
        List<String> packages = exportedPackages(Files.readString(SOURCES.resolve("module-info.java")));
        assertTrue(packages.contains("org.asvit.runtime"), "module-info.java exports " + packages);

        List<Path> files = new ArrayList<>();
        for (String pkg : packages) {
            try (Stream<Path> list = Files.list(SOURCES.resolve(pkg.replace('.', '/')))) {
                list.filter(f -> f.toString().endsWith(".java")).forEach(files::add);
            }
        }
        DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter out = new StringWriter();
        boolean ok;
        try (StandardJavaFileManager fm = javadoc.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> options = List.of("-d", Path.of("target", "api-javadoc").toString(), "-quiet",
                    "-notimestamp", "-classpath", classPath, "-Xdoclint:all", "-Xmaxwarns", "100000",
                    "-Xmaxerrs", "10000", "-encoding", "UTF-8");
            ok = javadoc.getTask(out, fm, diagnostics, null, options, fm.getJavaFileObjectsFromPaths(files)).call();
        }

        List<String> errors = new ArrayList<>();
        List<String> undocumentedTypes = new ArrayList<>();
        int undocumentedMembers = 0;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            String where = (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ");
            String message = d.getMessage(null);
            if (d.getKind() == Diagnostic.Kind.ERROR) {
                errors.add(where + message);
            } else if (message.contains("no comment")) {
                if (isTypeDeclaration(d)) {
                    undocumentedTypes.add(where + message);
                } else {
                    undocumentedMembers++;
                }
            }
        }
        System.out.println("javadoc over " + packages.size() + " exported packages (" + files.size()
                + " files): " + errors.size() + " errors, " + undocumentedTypes.size() + " public types and "
                + undocumentedMembers + " public members without a comment");
        assertEquals(List.of(), errors, "javadoc errors\n" + out);
        assertEquals(List.of(), undocumentedTypes, "exported public types without Javadoc");
        assertTrue(ok, "javadoc failed:\n" + out);
    }

    @Test
    void readsTheExportsOfAModuleDescriptor() {
        assertEquals(List.of("org.asvit", "org.asvit.io"), exportedPackages("""
                module org.asvit {
                    requires transitive org.bytedeco.pytorch;
                    exports org.asvit;
                    // exports org.asvit.hidden; is a comment, but starts its line with '//'
                    exports org.asvit.io;
                    uses org.asvit.io.ParquetTables;
                }
                """));
        assertTrue(pointsAtType("public record ", "CudaDevice(int index, String name) {"));
        assertTrue(pointsAtType("", "public final class Scopes {"));
        assertFalse(pointsAtType("public record CudaDevice(int ", "index, String name) {"));
        assertFalse(pointsAtType("    public static int ", "classify(int x) {"));
    }

    static List<String> exportedPackages(String moduleInfo) {
        List<String> packages = new ArrayList<>();
        Matcher m = EXPORTS.matcher(moduleInfo);
        while (m.find()) {
            packages.add(m.group(1));
        }
        return packages;
    }

    /**
     * Whether the diagnostic points at a type's declaration: doclint reports a type's missing comment at its
     * name (or its modifiers), and a record component's at the component, on the same line.
     */
    private static boolean isTypeDeclaration(Diagnostic<? extends JavaFileObject> d) {
        if (d.getSource() == null || d.getLineNumber() < 1 || d.getColumnNumber() < 1) {
            return false;
        }
        try {
            String line = d.getSource().getCharContent(true).toString().lines()
                    .skip(d.getLineNumber() - 1).findFirst().orElse("");
            int column = (int) Math.min(d.getColumnNumber() - 1, line.length());
            return pointsAtType(line.substring(0, column), line.substring(column));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean pointsAtType(String before, String at) {
        return TYPE_KEYWORD_BEFORE.matcher(before).find() || TYPE_DECLARATION_AT.matcher(at).lookingAt();
    }

    private static final Pattern TYPE_KEYWORD_BEFORE = Pattern.compile("\\b(class|interface|enum|record)\\s+$");
    private static final Pattern TYPE_DECLARATION_AT = Pattern.compile(
            "((public|protected|private|static|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
                    + "(class|interface|enum|record|@interface)\\s");
}
