package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.asvit.metrics.Metric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The run folders of one reproduction (what {@code scripts/reproduce.sh} writes under {@code --out}), read
 * back for {@link ReproductionReportCommand}: searches and growths grouped by their setting, the cost, count
 * and schedule JSON objects, the NTK along a grown path, the study, and the commands that made them with their wall times.
 */
final class ReproductionRuns {
    /** A search run: its setting, seed, derived topology, entropy curve and compute seconds. */
    record SearchRun(Path folder, int imageSize, int repeats, int steps, long seed, boolean completed,
                     String derived, double entropyStart, double entropyEnd, double[] entropy, double seconds,
                     int cacheHits, int stepsDone) {
        String setting() {
            return imageSize + " px, R = " + repeats + ", " + steps + " steps";
        }
    }

    /** One member of a growth path. */
    record Member(int step, String arch, long params, long flops, double ntk, double length, boolean tieBroken) {
    }

    /** A growth run: its setting, rule, seed, the path, the members closest to 29/52/88 M and compute seconds. */
    record GrowRun(Path folder, int imageSize, int repeats, long stopParams, String rank, long seed, boolean finished,
                   String inputs, List<Member> path, List<Member> emitted, double seconds) {
        String setting() {
            return imageSize + " px, R = " + repeats + (stopParams == 80_000_000L ? "" : ", stop at "
                    + String.format(java.util.Locale.ROOT, "%.1f M", stopParams / 1e6))
                    + (inputs.startsWith("seeded") || inputs.isEmpty() ? "" : ", NTK batch of images");
        }
    }

    /**
     * The NTK condition number along one grown path ({@code ntk-path-<px>px-r<R>/}): the path's networks at the
     * working width ({@code path.txt}, whose first line names the growth), evaluated again on the growth's noise
     * batch ({@code noise.csv}), on images ({@code images.csv}) and on noise at other image sizes
     * ({@code noise-<px>px.csv}, by size, smallest first); NaN where a table lacks a network.
     */
    record NtkPath(Path folder, int imageSize, int repeats, String grownBy, List<String> archs, double[] noise,
                   double[] images, SortedMap<Integer, double[]> noiseBySize) {
    }

    /**
     * One line of {@code commands.tsv}: a command run for a folder, its wall-clock seconds, and the machine's
     * one-minute load average when it started (NaN when not recorded), which says whether a time is a quiet one.
     */
    record Command(String folder, double seconds, String command, double load) {
    }

    private static final Pattern SEED_FOLDER = Pattern.compile("(?:(metrics|random)-)?seed-(\\d+)");
    private static final Pattern NTK_PATH_FOLDER = Pattern.compile("ntk-path-(\\d+)px-r(\\d+)");
    private static final Pattern OTHER_SIZE_TABLE = Pattern.compile("noise-(\\d+)px\\.csv");
    private static final String GROWN_BY = "# grown by ";

    final Path root;
    final List<SearchRun> searches = new ArrayList<>();
    final List<GrowRun> growths = new ArrayList<>();
    final List<NtkPath> ntkPaths = new ArrayList<>();
    final Map<String, JsonNode> costs = new TreeMap<>();
    final Map<String, JsonNode> counts = new TreeMap<>();
    final Map<String, JsonNode> schedules = new TreeMap<>();
    JsonNode study;
    /** Folder (relative to the root) -> the commands run for it, in order. */
    final Map<String, List<Command>> commands = new LinkedHashMap<>();

    private ReproductionRuns(Path root) {
        this.root = root;
    }

    static ReproductionRuns read(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("--runs " + root + " is not a folder (run scripts/reproduce.sh first)");
        }
        ReproductionRuns runs = new ReproductionRuns(root);
        try (Stream<Path> files = Files.walk(root, 3)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                Path folder = file.getParent();
                if (name.equals("search.json")) {
                    runs.searches.add(search(folder, Json.MAPPER.readTree(file.toFile())));
                } else if (name.equals("grow.json")) {
                    runs.growths.add(grow(folder, Json.MAPPER.readTree(file.toFile())));
                } else if (name.equals("path.txt") && NTK_PATH_FOLDER.matcher(folder.getFileName().toString()).matches()) {
                    runs.ntkPaths.add(ntkPath(folder));
                } else if (name.equals("study.json") && folder.getFileName().toString().equals("study")) {
                    runs.study = Json.MAPPER.readTree(file.toFile());
                } else if (name.endsWith(".json") && folder.getParent() != null && folder.getParent().equals(root)) {
                    String key = name.substring(0, name.length() - ".json".length());
                    Map<String, JsonNode> into = switch (folder.getFileName().toString()) {
                        case "cost" -> runs.costs;
                        case "count" -> runs.counts;
                        case "schedule" -> runs.schedules;
                        default -> null;
                    };
                    if (into != null && Files.size(file) > 0) {
                        into.put(key, Json.MAPPER.readTree(file.toFile()));
                    }
                }
            }
        }
        runs.searches.sort(Comparator.comparing(SearchRun::imageSize).thenComparing(SearchRun::repeats)
                .thenComparing(SearchRun::steps).thenComparing(SearchRun::seed));
        runs.growths.sort(Comparator.comparing((GrowRun g) -> !g.inputs().startsWith("seeded"))
                .thenComparing(GrowRun::imageSize).thenComparing(GrowRun::repeats)
                .thenComparing(GrowRun::rank).thenComparing(GrowRun::seed));
        Path log = root.resolve("commands.tsv");
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split("\t", 4);
                if (f.length >= 3) {
                    runs.commands.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Command(f[0],
                            Double.parseDouble(f[1]), f[2], f.length == 4 ? Double.parseDouble(f[3]) : Double.NaN));
                }
            }
        }
        return runs;
    }

    private static SearchRun search(Path folder, JsonNode json) {
        JsonNode config = json.path("config");
        JsonNode steps = json.path("steps");
        double[] entropy = new double[steps.size()];
        double seconds = 0;
        for (int i = 0; i < steps.size(); i++) {
            entropy[i] = steps.get(i).path("entropy").asDouble(Double.NaN);
            seconds += steps.get(i).path("seconds").asDouble(0);
        }
        boolean completed = json.path("completed").asBoolean(false);
        return new SearchRun(folder, config.path("imageSize").asInt(), config.path("repeats").asInt(),
                config.path("steps").asInt(), config.path("seed").asLong(), completed,
                completed ? json.path("derived").path("arch").asText() : null,
                entropy.length == 0 ? Double.NaN : entropy[0],
                json.path("entropyEnd").asDouble(entropy.length == 0 ? Double.NaN : entropy[entropy.length - 1]),
                entropy, seconds, json.path("cacheHits").asInt(), steps.size());
    }

    private static GrowRun grow(Path folder, JsonNode json) {
        JsonNode config = json.path("config");
        List<Member> path = new ArrayList<>();
        double seconds = 0;
        for (JsonNode s : json.path("steps")) {
            path.add(member(s, s.path("step").asInt()));
            seconds += s.path("seconds").asDouble(0);
        }
        List<Member> emitted = new ArrayList<>();
        for (JsonNode e : json.path("emitted")) {
            int step = e.path("step").asInt();
            emitted.add(path.stream().filter(m -> m.step() == step).findFirst().orElseThrow(() ->
                    new IllegalArgumentException(folder + "/grow.json names step " + step + " but has no such step")));
        }
        Matcher m = SEED_FOLDER.matcher(folder.getFileName().toString());
        String rank = config.path("rank").asText(m.matches() && m.group(1) != null ? m.group(1) : "metrics");
        return new GrowRun(folder, config.path("imageSize").asInt(), config.path("repeats").asInt(),
                config.path("stopParams").asLong(), rank, config.path("seedValue").asLong(),
                json.path("finished").asBoolean(false), config.path("inputs").asText(""), path, emitted, seconds);
    }

    private static NtkPath ntkPath(Path folder) throws IOException {
        Matcher m = NTK_PATH_FOLDER.matcher(folder.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(folder + " is not an ntk-path-<px>px-r<R> folder");
        }
        String grownBy = "";
        List<String> archs = new ArrayList<>();
        for (String line : Files.readAllLines(folder.resolve("path.txt"))) {
            if (line.startsWith(GROWN_BY)) {
                grownBy = line.substring(GROWN_BY.length()).trim();
            } else if (!line.isBlank() && !line.startsWith("#")) {
                archs.add(line.trim());
            }
        }
        SortedMap<Integer, double[]> noiseBySize = new TreeMap<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                Matcher other = OTHER_SIZE_TABLE.matcher(file.getFileName().toString());
                if (other.matches()) {
                    noiseBySize.put(Integer.parseInt(other.group(1)), ntkColumn(file, archs));
                }
            }
        }
        return new NtkPath(folder, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), grownBy, archs,
                ntkColumn(folder.resolve("noise.csv"), archs), ntkColumn(folder.resolve("images.csv"), archs),
                noiseBySize);
    }

    /** The NTK of each topology of {@code archs} in an evaluate-many table, NaN where it has none. */
    private static double[] ntkColumn(Path table, List<String> archs) throws IOException {
        double[] values = new double[archs.size()];
        Arrays.fill(values, Double.NaN);
        ResultTable rows = new ResultTable(table, List.of(Metric.NTK));
        rows.load();
        for (ObjectNode row : rows.rows()) {
            int i = archs.indexOf(row.path("arch").asText());
            String ntk = row.path(Metric.NTK.jsonName()).asText("");
            if (i >= 0 && !ntk.isEmpty()) {
                values[i] = Double.parseDouble(ntk);
            }
        }
        return values;
    }

    private static Member member(JsonNode s, int step) {
        return new Member(step, s.path("arch").asText(), s.path("params").asLong(), s.path("flops").asLong(),
                s.path("ntk").asDouble(Double.NaN), s.path("lengthDistortion").asDouble(Double.NaN),
                !s.path("tieBreak").asText("NONE").equals("NONE"));
    }

    /** Searches grouped by setting, in order. */
    Map<String, List<SearchRun>> searchesBySetting() {
        Map<String, List<SearchRun>> out = new LinkedHashMap<>();
        searches.forEach(s -> out.computeIfAbsent(s.setting(), k -> new ArrayList<>()).add(s));
        return out;
    }

    /** Growths grouped by setting (both rules together), in order. */
    Map<String, List<GrowRun>> growthsBySetting() {
        Map<String, List<GrowRun>> out = new LinkedHashMap<>();
        growths.forEach(g -> out.computeIfAbsent(g.setting(), k -> new ArrayList<>()).add(g));
        return out;
    }

    /** The folder of a run relative to the root, as {@code commands.tsv} names it. */
    String relative(Path folder) {
        return root.relativize(folder).toString().replace('\\', '/');
    }

    /** The last command run for a folder (relative to the root), and the wall seconds of all its runs together. */
    Optional<Command> command(String folder) {
        List<Command> list = commands.get(folder);
        if (list == null || list.isEmpty()) {
            return Optional.empty();
        }
        double total = list.stream().mapToDouble(Command::seconds).sum();
        Command last = list.get(list.size() - 1);
        return Optional.of(new Command(folder, total, last.command(), list.get(0).load()));
    }
}
