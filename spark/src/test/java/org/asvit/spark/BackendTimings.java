package org.asvit.spark;

import org.apache.spark.sql.SparkSession;
import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.ThreadPoolBackend;
import org.asvit.scaling.GrowConfig;
import org.asvit.scaling.GrowListener;
import org.asvit.scaling.Grower;
import org.asvit.topology.RandomTopologies;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: the README's Spark and thread-pool timings, measured in one JVM with the backends
 * interleaved chunk by chunk, so that a busy machine slows both sides alike.
 *
 * <pre>
 * mvn -B -ntp -pl spark -am package -DskipTests
 * java -Xss8m [Spark's --add-opens, see the root pom's spark.java.opens] \
 *   -cp "spark/target/test-classes:spark/target/asvit-spark-0.1.0-SNAPSHOT.jar:spark/target/lib/*" \
 *   org.asvit.spark.BackendTimings [topologies=100] [imageSize=64] [chunk=10] [growRounds=2]
 * </pre>
 */
public final class BackendTimings {
    private BackendTimings() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int imageSize = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int chunk = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int growRounds = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        EvaluationSettings settings = EvaluationSettings.defaults(imageSize).withRepeats(1);
        RandomTopologies random = new RandomTopologies(3);
        List<String> archs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            archs.add(random.next().format());
        }
        SparkSession spark = SparkSession.builder().appName("asvit-timings").master("local[1]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        SparkBackend onSpark = new SparkBackend(spark, false);
        Evaluator direct = new Evaluator(settings);
        onSpark.evaluateRows(settings, archs.subList(0, 1));   // warm-up: Spark's first job, the natives, the JIT
        direct.evaluate(Topology.parse(archs.get(0)));
        double directSeconds = 0;
        double sparkSeconds = 0;
        for (int from = 0; from < count; from += chunk) {
            List<String> part = archs.subList(from, Math.min(count, from + chunk));
            long t0 = System.nanoTime();
            for (String a : part) {
                direct.evaluate(Topology.parse(a));
            }
            long t1 = System.nanoTime();
            onSpark.evaluateRows(settings, part);
            long t2 = System.nanoTime();
            directSeconds += (t1 - t0) / 1e9;
            sparkSeconds += (t2 - t1) / 1e9;
            System.out.printf(Locale.ROOT, "%3d topologies: direct %.1f s, Spark local[1] %.1f s%n",
                    from + part.size(), directSeconds, sparkSeconds);
        }
        System.out.printf(Locale.ROOT, "Spark local[1] / direct, %d topologies at %d px: %.3f (%.1f s / %.1f s)%n",
                count, imageSize, sparkSeconds / directSeconds, sparkSeconds, directSeconds);
        spark.stop();

        // One growth step of the seed (12 candidates) at the same size, calling thread against threads:2.
        Topology seed = Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32");
        long stop = org.asvit.model.Complexity.params(seed, 1000) + 1;
        GrowConfig grow = new GrowConfig(stop, 110_000_000, GrowConfig.PAPER_WIDTH_RATIOS, 4, 1000, settings);
        double local = 0;
        double pooled = 0;
        try (ThreadPoolBackend pool = new ThreadPoolBackend(2)) {
            for (int r = 0; r < growRounds; r++) {
                long t0 = System.nanoTime();
                new Grower(grow, EvaluationBackend.callingThread()).run(seed, GrowListener.none(), () -> false);
                long t1 = System.nanoTime();
                new Grower(grow, pool).run(seed, GrowListener.none(), () -> false);
                long t2 = System.nanoTime();
                local += (t1 - t0) / 1e9;
                pooled += (t2 - t1) / 1e9;
            }
        }
        System.out.printf(Locale.ROOT, "grow step (seed + 12 candidates, %d px), %d rounds: calling thread %.1f s, "
                + "threads:2 %.1f s, speed-up %.2f%n", imageSize, growRounds, local, pooled, local / pooled);
    }
}
