package org.asvit.spark;

import org.apache.spark.sql.SparkSession;
import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationBackendProvider;

import java.util.Map;

/**
 * {@code --backend spark}, found by the core through {@link java.util.ServiceLoader}. Without a master
 * (neither {@code --spark-master} nor spark-submit's {@code spark.master}) Spark runs in local mode in
 * this JVM, one task per core, UI off, bound to 127.0.0.1.
 *
 * <p>Executors get what libtorch needs unless the configuration says otherwise: 8 MB thread stacks
 * ({@code -Xss8m} in {@code spark.executor.extraJavaOptions}) and memory overhead for native memory
 * ({@code spark.executor.memoryOverhead}, 2g).
 */
public final class SparkBackendProvider implements EvaluationBackendProvider {
    static final String EXECUTOR_JAVA_OPTIONS = "-Xss8m";
    static final String EXECUTOR_MEMORY_OVERHEAD = "2g";

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public EvaluationBackend open(Map<String, String> options) {
        String master = options.getOrDefault("master", System.getProperty("spark.master", "local[*]"));
        SparkSession.Builder builder = SparkSession.builder().appName("asvit").master(master);
        if (master.startsWith("local")) {
            builder.config("spark.ui.enabled", "false")
                    .config("spark.driver.host", System.getProperty("spark.driver.host", "127.0.0.1"))
                    .config("spark.driver.bindAddress", System.getProperty("spark.driver.bindAddress", "127.0.0.1"));
        }
        if (System.getProperty("spark.executor.extraJavaOptions") == null) {
            builder.config("spark.executor.extraJavaOptions", EXECUTOR_JAVA_OPTIONS);
        }
        if (System.getProperty("spark.executor.memoryOverhead") == null) {
            builder.config("spark.executor.memoryOverhead", EXECUTOR_MEMORY_OVERHEAD);
        }
        // One SparkContext per JVM: a session that is already running (a test's, a notebook's) is used and left running.
        boolean existing = SparkSession.getDefaultSession().isDefined();
        SparkSession spark = builder.getOrCreate();
        if (!existing) {
            spark.sparkContext().setLogLevel("WARN");
        }
        return new SparkBackend(spark, !existing);
    }
}
