package org.asvit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The library's messages name its settings, never a command-line flag: an embedder never had {@code --steps}.
 * A message that names a setting throws {@link InvalidSettingException} with the setting written
 * {@code {steps}}, and a front end renames it (the command line's SettingFlags).
 */
@Tag("fast")
class LibraryMessagesTest {
    /** A string literal holding a flag: a double dash followed by a letter. */
    private static final Pattern FLAG_IN_LITERAL = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*?--[a-z](?:[^\"\\\\]|\\\\.)*\"");

    @Test
    void noStringLiteralOfTheCoreNamesAFlag() throws IOException {
        Path sources = Path.of("src/main/java");
        assertTrue(Files.isDirectory(sources.resolve("org/asvit")), "run from the core module: " + sources.toAbsolutePath());
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                found.addAll(flagsIn(sources.relativize(file).toString(), Files.readAllLines(file)));
            }
        }
        assertEquals(List.of(), found, "library messages must name settings ({setting}), not flags");
    }

    @Test
    void theScanFindsAFlagInCodeButNotInComments() {
        List<String> lines = List.of(
                "    // --steps in a comment is fine",
                "     * {@code --steps} in Javadoc too",
                "    throw new IllegalArgumentException(\"--steps must be at least 1\");",
                "    String ok = \"a -- b\" + \"{steps}\";");
        assertEquals(List.of("X.java:3: \"--steps must be at least 1\""), flagsIn("X.java", lines));
    }

    private static List<String> flagsIn(String name, List<String> lines) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String code = lines.get(i).strip();
            if (code.startsWith("//") || code.startsWith("*") || code.startsWith("/*")) {
                continue;
            }
            Matcher m = FLAG_IN_LITERAL.matcher(code);
            while (m.find()) {
                found.add(name + ":" + (i + 1) + ": " + m.group());
            }
        }
        return found;
    }
}
