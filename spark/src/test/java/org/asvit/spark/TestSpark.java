package org.asvit.spark;

import org.apache.spark.sql.SparkSession;

/** The one SparkSession of the test JVM (one SparkContext per JVM): local mode, 2 tasks, UI off, 127.0.0.1. */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().appName("asvit-tests").master("local[2]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
            Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
        }
        return session;
    }

    /** A backend on the shared session, which it leaves running. */
    static SparkBackend backend() {
        return new SparkBackend(session(), false);
    }
}
