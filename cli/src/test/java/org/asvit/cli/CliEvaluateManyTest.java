package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** evaluate-many: one row per topology (errors in their rows), CSV and JSON lines, resume; search's K and resume. */
@Tag("slow")
class CliEvaluateManyTest {
    private static final String A = "8,2,3|4,1,2|4,1,4|4,1,6|32";
    private static final String B = "4,2,2|2,4,6|3,2,2|4,1,5|32";
    private static final String[] SMALL = {"--image-size", "32", "--repeat", "1", "--batch", "4"};

    @TempDir
    Path dir;

    private static AsvitRun many(String... args) {
        List<String> all = new ArrayList<>(List.of("evaluate-many"));
        all.addAll(List.of(SMALL));
        all.addAll(List.of(args));
        return AsvitRun.of(all.toArray(String[]::new));
    }

    private static EvaluationResult direct(String arch) {
        EvaluationSettings s = EvaluationSettings.defaults(32).withSeed(0, true).withRepeats(1).withBatch(4);
        return new Evaluator(s).evaluate(Topology.parse(arch));
    }

    @Test
    void csvRowsHoldEachTopologysNumbersOrItsError() throws IOException {
        Path archs = Files.writeString(dir.resolve("archs.txt"), "# three\n" + A + "\nnot a topology\n\n" + B + "\n");
        Path out = dir.resolve("rows.csv");
        AsvitRun run = many("--arch-file", archs.toString(), "--backend", "threads:2", "--out", out.toString());
        assertEquals(0, run.exitCode(), run::toString);
        List<String> lines = Files.readAllLines(out);
        assertEquals("arch,imageSize,params,flops,ntkCond,ntkCondRepeats,lengthDistortion,lengthDistortionRepeats,"
                + "seconds,device,error", lines.get(0));
        assertEquals(4, lines.size(), String.join("\n", lines));
        // No numbers, no device; the error says what is wrong with the string.
        assertTrue(lines.get(2).matches("^\"not a topology\",,,,,,,,[0-9.E-]+,,\".*stage.*\"$"), lines.get(2));
        for (int i : new int[]{1, 3}) {
            String arch = i == 1 ? A : B;
            EvaluationResult r = direct(arch);
            String expected = "\"" + arch + "\",32," + r.params() + "," + r.flops() + "," + r.get(Metric.NTK).mean() + ","
                    + r.get(Metric.NTK).mean() + "," + r.get(Metric.LENGTH).mean() + "," + r.get(Metric.LENGTH).mean() + ",";
            assertTrue(lines.get(i).startsWith(expected), lines.get(i) + "\nexpected to start with\n" + expected);
            assertTrue(lines.get(i).endsWith(",cpu,"), lines.get(i));
        }
        assertTrue(run.err().contains("3 evaluated (1 failed)"), run::toString);
    }

    @Test
    void resumeSkipsTheRowsAlreadyThere() throws IOException {
        Path out = dir.resolve("rows.jsonl");
        Path first = Files.writeString(dir.resolve("a.txt"), A + "\n");
        assertEquals(0, many("--arch-file", first.toString(), "--out", out.toString()).exitCode());
        String firstRow = Files.readAllLines(out).get(0);

        Path both = Files.writeString(dir.resolve("ab.txt"), A + "\n" + B + "\n");
        AsvitRun refused = many("--arch-file", both.toString(), "--out", out.toString());
        assertEquals(2, refused.exitCode(), refused::toString);
        assertTrue(refused.err().contains("exists; add --resume"), refused::toString);

        AsvitRun resumed = many("--arch-file", both.toString(), "--out", out.toString(), "--resume");
        assertEquals(0, resumed.exitCode(), resumed::toString);
        List<String> rows = Files.readAllLines(out);
        assertEquals(2, rows.size());
        assertEquals(firstRow, rows.get(0), "the row already there is kept, not recomputed (same seconds)");
        JsonNode second = new ObjectMapper().readTree(rows.get(1));
        assertEquals(B, second.get("arch").asText());
        assertEquals(direct(B).get(Metric.NTK).mean(), second.get("ntkCond").asDouble(), 0.0);
        assertTrue(resumed.err().contains("1 evaluated (0 failed), 1 already in"), resumed::toString);
    }

    @Test
    void badOptionsAreOneLineWithTheAcceptedValues() {
        AsvitRun backend = many("--sample", "2", "--backend", "gpus");
        assertEquals(2, backend.exitCode());
        assertTrue(backend.err().contains("unknown --backend 'gpus'; accepted: local, threads:N"), backend::toString);
        AsvitRun format = many("--sample", "2", "--out", dir.resolve("rows.txt").toString());
        assertEquals(2, format.exitCode());
        assertTrue(format.err().contains("accepted: FILE.csv, FILE.jsonl or FILE.parquet"), format::toString);
        // The core's tests run without the Spark module, which carries Parquet: one line saying how to get it,
        // before anything is evaluated or written.
        AsvitRun parquet = many("--sample", "2", "--out", dir.resolve("rows.parquet").toString());
        assertEquals(2, parquet.exitCode(), parquet::toString);
        assertEquals(1, parquet.err().strip().lines().count(), parquet::toString);
        assertTrue(parquet.err().contains("Parquet output needs the asvit-spark module and Spark on the class path"),
                parquet::toString);
        assertFalse(java.nio.file.Files.exists(dir.resolve("rows.parquet")));
        AsvitRun master = many("--sample", "2", "--spark-master", "local[2]");
        assertEquals(2, master.exitCode());
        assertTrue(master.err().contains("--spark-master needs --backend spark"), master::toString);
    }

    @Test
    void searchRecordsSamplesPerStepForResumeButNotTheBackend() throws IOException {
        Path out = dir.resolve("search");
        String[] common = {"search", "--steps", "2", "--image-size", "32", "--repeat", "1", "--batch", "4",
                "--out", out.toString()};
        AsvitRun first = AsvitRun.of(concat(common, "--samples-per-step", "2", "--json"));
        assertEquals(0, first.exitCode(), first::toString);
        JsonNode search = new ObjectMapper().readTree(out.resolve("search.json").toFile());
        assertEquals(4, search.get("steps").size(), "2 steps of 2 samples");
        assertEquals(2, search.get("config").get("samplesPerStep").asInt());

        AsvitRun otherK = AsvitRun.of(concat(common, "--samples-per-step", "3", "--resume"));
        assertEquals(2, otherK.exitCode(), otherK::toString);
        assertTrue(otherK.err().contains("option --samples-per-step is 3 but the run in"), otherK::toString);
        AsvitRun otherBackend = AsvitRun.of(concat(common, "--samples-per-step", "2", "--resume", "--backend",
                "threads:2", "--json"));
        assertEquals(0, otherBackend.exitCode(), otherBackend::toString);
        assertEquals(first.json().get("derived"), otherBackend.json().get("derived"));
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }
}
