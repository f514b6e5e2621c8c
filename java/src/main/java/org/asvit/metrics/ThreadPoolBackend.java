package org.asvit.metrics;

import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Evaluations on a pool of N worker threads in this JVM ({@code --backend threads:N}): several GPUs'
 * worth of work on one, or several evaluations side by side where cores allow. Each job runs wholly on
 * one worker, which opens its own pointer scope and grad mode inside {@link Evaluator#evaluate} (both
 * are per thread in libtorch); the workers get 8 MB stacks, as libtorch's autograd needs.
 *
 * <p>Threads: libtorch's intra-op pool ({@code --threads}, default 1) is process-wide and shared by
 * all workers, so N workers use about N x intra-op threads cores, plus OpenBLAS's pool inside matrix
 * products. Choose N x {@code --threads} at most the cores (on 2 cores: {@code threads:2} with the
 * default {@code --threads 1}).
 */
public final class ThreadPoolBackend implements EvaluationBackend {
    /** libtorch's autograd recurses deeply; the JVM's default 1 MB (or 512 KB) is not enough. */
    public static final long STACK_BYTES = 8L << 20;

    private final int threads;
    private final ExecutorService pool;

    public ThreadPoolBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("a thread pool needs at least one thread, got " + threads);
        }
        this.threads = threads;
        this.pool = Executors.newFixedThreadPool(threads, workers());
    }

    public int threads() {
        return threads;
    }

    @Override
    public List<EvaluationResult> evaluate(EvaluationSettings settings, List<Topology> topologies) {
        Evaluator evaluator = shared(settings);
        List<Future<EvaluationResult>> futures = submit(topologies, t -> evaluator.evaluate(t));
        List<EvaluationResult> out = new ArrayList<>(futures.size());
        for (Future<EvaluationResult> f : futures) {
            out.add(await(f));
        }
        return out;
    }

    @Override
    public List<EvaluationRow> evaluateRows(EvaluationSettings settings, List<String> archs) {
        Evaluator evaluator = shared(settings);
        List<Future<EvaluationRow>> futures = submit(archs, a -> EvaluationRow.run(evaluator, a));
        List<EvaluationRow> out = new ArrayList<>(futures.size());
        for (Future<EvaluationRow> f : futures) {
            out.add(await(f));
        }
        return out;
    }

    /** An evaluator for the workers: they run at once, so each may take its share of the memory budget. */
    private Evaluator shared(EvaluationSettings settings) {
        return new Evaluator(settings.withMemory(settings.memory().sharedBy(threads)));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private <T, R> List<Future<R>> submit(List<T> jobs, Function<T, R> work) {
        List<Future<R>> futures = new ArrayList<>(jobs.size());
        for (T job : jobs) {
            futures.add(pool.submit(() -> work.apply(job)));
        }
        return futures;
    }

    /** The job's value; its exception as it was thrown on the worker. */
    private static <R> R await(Future<R> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an evaluation", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static ThreadFactory workers() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, "asvit-evaluation-" + count.incrementAndGet(), STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }
}
