package org.asvit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code asvit} command line in a child JVM (the test JVM's classpath, {@code -Xss8m} as the
 * launcher gives), run in a folder of its own, for what cannot be tested in process: signals, process
 * exit codes, crash files.
 */
final class ChildAsvit {
    private final Process process;
    private final Path folder;
    private final Path err;

    private ChildAsvit(Process process, Path folder, Path err) {
        this.process = process;
        this.folder = folder;
        this.err = err;
    }

    static ChildAsvit start(Path folder, String... args) throws IOException {
        return start(folder, java.util.Map.of(), args);
    }

    /** As {@link #start(Path, String...)} with {@code env} added to the environment. */
    static ChildAsvit start(Path folder, java.util.Map<String, String> env, String... args) throws IOException {
        Files.createDirectories(folder);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss8m", "-Xmx256m", "-cp", System.getProperty("java.class.path"), AsvitCommand.class.getName()));
        command.addAll(List.of(args));
        Path err = folder.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
                .redirectOutput(folder.resolve("stdout.txt").toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        return new ChildAsvit(p, folder, err);
    }

    /** Waits until stderr contains {@code text}; false if the process ended or the time ran out first. */
    boolean awaitErr(String text, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline && process.isAlive()) {
            if (stderr().contains(text)) {
                return true;
            }
            Thread.sleep(20);
        }
        return stderr().contains(text);
    }

    /** Sends a signal by name ("INT", "TERM") with the system's kill. */
    void signal(String name) throws IOException, InterruptedException {
        int code = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (code != 0 && process.isAlive()) {
            throw new IllegalStateException("kill -" + name + " failed with " + code);
        }
    }

    /** The exit status, after waiting for the end at most {@code seconds}; the process is killed past that. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("the child asvit did not end within " + seconds + " s");
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL (no handler runs, as kill -9), then waits for the end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String stderr() throws IOException {
        return Files.exists(err) ? Files.readString(err) : "";
    }

    Path folder() {
        return folder;
    }

    /** Whether this JVM ignores SIGINT (then its children do too, and a SIGINT test has nothing to test). */
    static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                long mask = Long.parseUnsignedLong(line.substring("SigIgn:".length()).strip(), 16);
                return (mask & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }
}
