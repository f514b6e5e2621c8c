package org.asvit.cli;

import org.apache.spark.sql.SparkSession;
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
}
