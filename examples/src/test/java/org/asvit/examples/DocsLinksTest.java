package org.asvit.examples;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README and the pages in docs/ link to each other and into the repository; a moved file or a renamed
 * heading would leave a dead link that nobody notices. This checks every relative link: the file exists,
 * and a {@code #fragment} names a heading of the target file by GitHub's anchor rule. Links to web pages
 * (http, https, mailto) are not followed.
 */
@Tag("fast")
class DocsLinksTest {
    /** {@code [text](target)} and {@code ![alt](target)}, with an optional title after the target. */
    private static final Pattern LINK = Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*])*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern INLINE_CODE = Pattern.compile("`+[^`]*`+");

    /** The repository root: the nearest folder, from the working directory up, holding README.md and docs/. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("README.md")) && Files.isDirectory(p.resolve("docs"))) {
                return p;
            }
        }
        throw new IllegalStateException("no folder holding README.md and docs/ above " + Path.of("").toAbsolutePath());
    }

    @Test
    void everyRelativeLinkInTheReadmeAndDocsResolves() {
        Check check = Check.of(repositoryRoot());
        assertEquals(List.of(), check.broken, "broken links");
        // The check must have seen the docs' links, or passing would mean nothing.
        assertTrue(check.files >= 10, "markdown files read: " + check.files);
        assertTrue(check.links >= 60, "relative links checked: " + check.links);
        assertTrue(check.fragments >= 20, "links with a #fragment checked: " + check.fragments);
    }

    @Test
    void aMissingFileAndAMissingHeadingAreReported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("README.md"), """
                # Title
                [fine](docs/page.md#a-heading) [web](https://example.org/x.md) [here](#title)
                [no file](docs/missing.md) [no heading](docs/page.md#nowhere)
                ```
                [inside a code block](nothing.md)
                ```
                """);
        Files.writeString(root.resolve("docs/page.md"), "## A heading\n[back](../README.md#title) `[code](no.md)`\n");
        Check check = Check.of(root);
        assertEquals(List.of(
                "README.md:3: docs/missing.md (no such file)",
                "README.md:3: docs/page.md#nowhere (no heading 'nowhere' in docs/page.md)"), check.broken);
        assertEquals(5, check.links);
        assertEquals(4, check.fragments);
    }

    @Test
    void anchorsFollowGitHubsRule() {
        assertEquals("asvit-count", anchorOf("`asvit count`"));
        assertEquals("sparks-overhead-and-the-thread-pool", anchorOf("Spark's overhead and the thread pool"));
        assertEquals("le_kappa", anchorOf("L^E_kappa"));
        assertEquals("memory-the-estimate-checked-before-anything-is-built",
                anchorOf("Memory: the estimate checked before anything is built"));
        assertEquals("search-reinforce", anchorOf("Search (REINFORCE)"));
        assertEquals("see-the-docs", anchorOf("See [the docs](docs/api.md)"));
        assertEquals(Set.of("a", "a-1", "a-2"), anchorsOf(List.of("# A", "## A", "### A")));
    }

    @Test
    void theReadmeShowsTheExampleFilesCode() throws IOException {
        Path root = repositoryRoot();
        String example = Files.readString(root.resolve("examples/src/main/java/org/asvit/examples/EvaluateOneTopology.java"));
        String readme = Files.readString(root.resolve("README.md"));
        assertTrue(readme.contains("```java\n" + example.stripTrailing() + "\n```\n"),
                "README.md must show EvaluateOneTopology.java exactly, in a ```java block");
    }

    @Test
    void javadocCitationsOfTheDocsNameExistingHeadings() throws IOException {
        // Comments cite a page and a heading, e.g. (docs/metrics.md, 'NTK condition number'); the heading may
        // itself hold an apostrophe, so a citation matches when its text starts with a heading and a quote.
        Path root = repositoryRoot();
        Pattern cite = Pattern.compile("docs/([\\w-]+\\.md),\\s*'");
        List<String> broken = new ArrayList<>();
        int cites = 0;
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/")).sorted().toList();
        }
        for (Path source : sources) {
            String text = Files.readString(source).replaceAll("\\n\\s*(\\*|//)\\s*", " ");
            Matcher m = cite.matcher(text);
            while (m.find()) {
                cites++;
                Path page = root.resolve("docs").resolve(m.group(1));
                String rest = text.substring(m.end());
                List<String> headings = Files.isRegularFile(page) ? headingsOf(Files.readAllLines(page)) : List.of();
                if (headings.stream().noneMatch(h -> rest.startsWith(h + "'"))) {
                    broken.add(root.relativize(source) + ": docs/" + m.group(1) + ", '"
                            + rest.substring(0, Math.min(40, rest.length())));
                }
            }
        }
        assertEquals(List.of(), broken, "citations of a missing page or heading");
        assertTrue(cites >= 20, "citations checked: " + cites);
    }

    /** The text of every heading of these lines, outside code blocks. */
    static List<String> headingsOf(List<String> lines) {
        List<String> headings = new ArrayList<>();
        boolean inCode = false;
        for (String line : lines) {
            if (line.stripLeading().startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!inCode && m.matches()) {
                headings.add(m.group(1));
            }
        }
        return headings;
    }

    /** GitHub's anchor of a heading: its text lowercased, punctuation dropped, spaces to '-'. */
    static String anchorOf(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1").replace("`", "");
        StringBuilder out = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (c == ' ') {
                out.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** The anchors of these lines' headings, outside code blocks; a repeated one gets -1, -2, ... as on GitHub. */
    static Set<String> anchorsOf(List<String> lines) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String heading : headingsOf(lines)) {
            String anchor = anchorOf(heading);
            int n = seen.merge(anchor, 1, Integer::sum);
            anchors.add(n == 1 ? anchor : anchor + "-" + (n - 1));
        }
        return anchors;
    }

    /** The links of README.md and docs/**&#47;*.md under a root, and those that do not resolve. */
    private static final class Check {
        final List<String> broken = new ArrayList<>();
        final Map<Path, Set<String>> anchors = new HashMap<>();
        final Path root;
        int files;
        int links;
        int fragments;

        private Check(Path root) {
            this.root = root;
        }

        static Check of(Path root) {
            Check check = new Check(root);
            List<Path> pages = new ArrayList<>();
            pages.add(root.resolve("README.md"));
            try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
                docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pages.forEach(check::page);
            return check;
        }

        private void page(Path file) {
            files++;
            List<String> lines = read(file);
            boolean inCode = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.stripLeading().startsWith("```")) {
                    inCode = !inCode;
                    continue;
                }
                if (inCode) {
                    continue;
                }
                Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
                while (m.find()) {
                    String target = m.group(1);
                    if (!target.matches("(?i)(https?|mailto):.*")) {
                        link(file, i + 1, target);
                    }
                }
            }
        }

        private void link(Path from, int line, String target) {
            links++;
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            Path resolved = path.isEmpty() ? from : from.getParent().resolve(path).normalize();
            String where = root.relativize(from) + ":" + line + ": " + target;
            if (!Files.exists(resolved)) {
                broken.add(where + " (no such file)");
                return;
            }
            if (hash < 0) {
                return;
            }
            fragments++;
            String fragment = target.substring(hash + 1);
            Set<String> known = Files.isRegularFile(resolved) && resolved.toString().endsWith(".md")
                    ? anchors.computeIfAbsent(resolved, p -> anchorsOf(read(p))) : Set.of();
            if (!known.contains(fragment)) {
                broken.add(where + " (no heading '" + fragment + "' in " + root.relativize(resolved) + ")");
            }
        }

        private static List<String> read(Path file) {
            try {
                return Files.readAllLines(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

}
