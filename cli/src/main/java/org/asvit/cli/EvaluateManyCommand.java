package org.asvit.cli;

import org.asvit.io.OutputFolders;
import org.asvit.io.OutputLock;
import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationRow;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;
import org.asvit.topology.RandomTopologies;
import org.asvit.topology.SearchSpace;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code asvit evaluate-many}: the metrics of a list of topologies, one row each, through an evaluation
 * backend (this thread, a thread pool or Spark). A topology that does not parse or whose evaluation
 * fails gets its error in its row and the others go on; with {@code --resume} the topologies already in
 * {@code --out} are skipped.
 */
@Command(name = "evaluate-many", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false, description = "Evaluate a list of topologies, one output row each (errors included), "
        + "on this thread, a thread pool or Apache Spark.")
final class EvaluateManyCommand implements Callable<Integer> {
    static final int DEFAULT_IMAGE_SIZE = 224;
    static final int DEFAULT_REPEATS = 5;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--arch-file", paramLabel = "FILE",
                description = "Topologies, one per line (blank lines and lines starting with # are skipped).")
        Path archFile;

        @Option(names = "--sample", paramLabel = "N",
                description = "N topologies drawn uniformly from the search space with --seed.")
        Integer sample;
    }

    @Option(names = "--metrics", paramLabel = "LIST", split = ",", defaultValue = "ntk,length",
            completionCandidates = Converters.MetricNames.class,
            description = "Comma-separated metrics, from: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    Set<Metric> metrics;

    @Mixin
    EvaluationOptions evaluation;

    @Mixin
    DeviceOptions device;

    @Mixin
    BackendOptions backend;

    @Option(names = "--out", paramLabel = "FILE.csv|FILE.jsonl|FILE.parquet",
            description = "Output table, rewritten atomically after every --chunk topologies (held by this run: a second "
                    + "run on the same file is refused); Parquet needs the "
                    + "asvit-spark module on the class path (./asvit: ASVIT_SPARK=1, or any .parquet --out). Default: "
                    + "JSON lines on standard output.")
    Path out;

    @Option(names = "--resume", description = "Skip the topologies already in --out and add the rest to it.")
    boolean resume;

    @Option(names = "--chunk", paramLabel = "N",
            description = "Topologies sent to the backend at once, and between rewrites of --out, so a kill loses at "
                    + "most these. Default: what the backend runs side by side (local: 1, threads:N: N, spark: "
                    + BackendOptions.SPARK_BATCH + ").")
    Integer chunk;

    @Override
    public Integer call() throws IOException {
        if (resume && out == null) {
            throw new IllegalArgumentException("--resume needs --out FILE, the table to continue");
        }
        int chunkSize = chunk != null ? chunk : backend.parallelWidth();
        if (chunkSize < 1) {
            throw new IllegalArgumentException("--chunk must be at least 1, got " + chunkSize);
        }
        if (source.sample != null && (source.sample < 1 || source.sample > SearchSpace.size())) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "--sample must be from 1 to %,d (the topologies in the search space), got %,d", SearchSpace.size(),
                    source.sample));
        }
        List<Metric> metricList = List.copyOf(EnumSet.copyOf(metrics));
        try (OutputLock held = out == null ? null : holdOutput()) {
            ResultTable table = out == null ? null : new ResultTable(out, metricList);
            return evaluate(table, chunkSize);
        }
    }

    /**
     * Checks --out before any work, and holds it: its folder exists or is made and can be written, no other run
     * writes it, and it exists exactly when --resume asks for it.
     */
    private OutputLock holdOutput() {
        ResultTable.formatOf(out);
        if (Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a folder; give a file FILE.csv, FILE.jsonl or FILE.parquet");
        }
        OutputFolders.createParentOf(out, "--out");
        OutputLock lock = OutputLock.file(out, "--out");
        try {
            if (!resume && Files.exists(out)) {
                throw new IllegalArgumentException("--out " + out + " exists; add --resume to continue it, or choose another file");
            }
            if (resume && (!Files.exists(out) || Files.size(out) == 0)) {
                throw new IllegalArgumentException("--resume: nothing to resume in " + out + " ("
                        + (Files.exists(out) ? "the file is empty" : "no such file") + "); leave out --resume to start it");
            }
            return lock;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e instanceof IOException io ? new IllegalArgumentException("--out " + out + ": " + ErrorReporter.describe(io), io)
                    : (RuntimeException) e;
        }
    }

    private int evaluate(ResultTable table, int chunkSize) throws IOException {
        List<String> archs = archs();
        Set<String> done = table == null ? Set.of() : table.load();
        List<String> todo = archs.stream().filter(a -> !done.contains(a)).toList();

        int imageSize = evaluation.imageSize(DEFAULT_IMAGE_SIZE);
        EvaluationSettings settings = device.configure(evaluation.settings(imageSize,
                evaluation.repeats(DEFAULT_REPEATS), device.apply()).withMetrics(EnumSet.copyOf(metrics)));
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int failed = 0;
        try (EvaluationBackend backend = this.backend.open();
             Progress progress = Progress.start("evaluate-many", todo.size(), "topology", err, out == null)) {
            for (int from = 0; from < todo.size(); from += chunkSize) {
                List<EvaluationRow> rows = backend.evaluateRows(settings, todo.subList(from, Math.min(todo.size(), from + chunkSize)));
                for (EvaluationRow r : rows) {
                    failed += r.ok() ? 0 : 1;
                    if (table == null) {
                        stdout.println(Json.write(ResultTable.toNode(r)));
                    }
                }
                stdout.flush();
                if (table != null) {
                    table.append(rows);
                }
                progress.update(Math.min(todo.size(), from + chunkSize), failed + " failed");
            }
        }
        if (table != null) {
            err.printf("asvit: evaluate-many: %d evaluated (%d failed), %d already in %s, %d rows%n", todo.size(), failed,
                    archs.size() - todo.size(), out, table.size());
            err.flush();
        }
        return 0;
    }

    /** The topology strings to evaluate, duplicates dropped (each gets one row). */
    private List<String> archs() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        if (source.archFile != null) {
            for (String line : Files.readAllLines(source.archFile, StandardCharsets.UTF_8)) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    out.add(s);
                }
            }
            if (out.isEmpty()) {
                throw new IllegalArgumentException("--arch-file " + source.archFile + " holds no topology");
            }
        } else {
            RandomTopologies random = new RandomTopologies(evaluation.seed);
            while (out.size() < source.sample) {
                out.add(random.next().format());
            }
        }
        return new ArrayList<>(out);
    }
}
