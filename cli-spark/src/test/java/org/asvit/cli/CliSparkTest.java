package org.asvit.cli;

import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line with --backend spark, on the test JVM's Spark session: the same rows as the calling
 * thread, written as CSV and JSON lines by the core's Jackson code running on Spark's Jackson (2.18).
 */
@Tag("spark")
class CliSparkTest {
    private static final String[] SMALL = {"evaluate-many", "--image-size", "32", "--repeat", "1", "--batch", "4"};

    @TempDir
    Path dir;

    private static String[] with(String... args) {
        String[] all = new String[SMALL.length + args.length];
        System.arraycopy(SMALL, 0, all, 0, SMALL.length);
        System.arraycopy(args, 0, all, SMALL.length, args.length);
        return all;
    }

    private static void session() {
        // One SparkContext per JVM: the provider joins this one (and leaves it running).
        SparkSession.builder().appName("asvit-tests").master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    }

    /** Each line without its seconds column, the one value that may differ. */
    private static List<String> withoutSeconds(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(l -> l.replaceAll("\"seconds\":[0-9.E-]+,", "")
                .replaceAll(",[0-9.E-]+,(cpu|),", ",$1,")).toList();
    }

    @Test
    void evaluateManyOnSparkWritesTheCallingThreadsRows() throws IOException {
        session();
        Path archs = Files.writeString(dir.resolve("archs.txt"),
                "8,2,3|4,1,2|4,1,4|4,1,6|32\nnot a topology\n4,2,2|2,4,6|3,2,2|4,1,5|32\n");
        for (String name : List.of("rows.csv", "rows.jsonl")) {
            Path spark = dir.resolve("spark-" + name);
            Path local = dir.resolve("local-" + name);
            AsvitRun onSpark = AsvitRun.of(with("--arch-file", archs.toString(), "--backend", "spark", "--out", spark.toString()));
            assertEquals(0, onSpark.exitCode(), onSpark::toString);
            AsvitRun onThread = AsvitRun.of(with("--arch-file", archs.toString(), "--out", local.toString()));
            assertEquals(0, onThread.exitCode(), onThread::toString);
            List<String> rows = withoutSeconds(spark);
            assertEquals(name.endsWith(".csv") ? 4 : 3, rows.size(), String.join("\n", rows));
            assertEquals(withoutSeconds(local), rows);
            assertTrue(rows.stream().anyMatch(r -> r.contains("not a topology")));
        }
        assertFalse(SparkSession.active().sparkContext().isStopped());
    }

    @Test
    void evaluateManyWritesParquetThatSparkReadsAndResumesFromIt() throws IOException {
        session();
        String seed = "8,2,3|4,1,2|4,1,4|4,1,6|32";
        String other = "4,2,2|2,4,6|3,2,2|4,1,5|32";
        Path archs = Files.writeString(dir.resolve("archs.txt"), seed + "\nnot a topology\n");
        Path parquet = dir.resolve("rows.parquet");
        Path jsonl = dir.resolve("rows.jsonl");
        AsvitRun first = AsvitRun.of(with("--arch-file", archs.toString(), "--out", parquet.toString()));
        assertEquals(0, first.exitCode(), first::toString);
        AsvitRun reference = AsvitRun.of(with("--arch-file", archs.toString(), "--out", jsonl.toString()));
        assertEquals(0, reference.exitCode(), reference::toString);

        // Read back by Spark's own Parquet reader: a standard file, typed columns, nulls where JSON has them.
        List<org.apache.spark.sql.Row> rows = SparkSession.active().read().parquet(parquet.toString())
                .select("arch", "imageSize", "params", "ntkCond", "lengthDistortionRepeats", "error").collectAsList();
        assertEquals(2, rows.size());
        com.fasterxml.jackson.databind.JsonNode expected = Json.MAPPER.readTree(Files.readAllLines(jsonl).get(0));
        org.apache.spark.sql.Row good = rows.get(0);
        assertEquals(seed, good.getString(0));
        assertEquals(32, good.getInt(1));
        assertEquals(expected.get("params").asLong(), good.getLong(2));
        assertEquals(expected.get("ntkCond").asDouble(), good.getDouble(3));
        assertEquals(expected.get("lengthDistortionRepeats").get(0).asDouble(),
                ((Double) good.getList(4).get(0)).doubleValue());
        assertTrue(good.isNullAt(5));
        org.apache.spark.sql.Row bad = rows.get(1);
        assertEquals("not a topology", bad.getString(0));
        assertTrue(bad.isNullAt(1) && bad.isNullAt(3) && bad.isNullAt(4));
        assertFalse(bad.getString(5).isEmpty());

        // --resume: only the new topology is evaluated; the earlier rows come back unchanged from the file.
        Files.writeString(archs, seed + "\nnot a topology\n" + other + "\n");
        AsvitRun resumed = AsvitRun.of(with("--arch-file", archs.toString(), "--out", parquet.toString(), "--resume"));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        List<com.fasterxml.jackson.databind.node.ObjectNode> all = org.asvit.io.ParquetTables.find().read(parquet);
        assertEquals(List.of(seed, "not a topology", other), all.stream().map(n -> n.get("arch").asText()).toList());
        assertEquals(expected.get("ntkCond").asDouble(), all.get(0).get("ntkCond").asDouble());
        assertTrue(all.get(2).get("error").isNull() && all.get(2).get("ntkCond").isNumber());
    }

    @Test
    void theCommandLineRunsOnSparksJackson() {
        // Spark 4.0's jackson-module-scala accepts databind 2.18 only; the CSV tables are written at the same version.
        assertEquals(18, com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION.getMinorVersion());
        assertEquals(18, com.fasterxml.jackson.dataformat.csv.PackageVersion.VERSION.getMinorVersion());
    }
}
