package org.asvit.examples;

import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.topology.RandomTopologies;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * A service's use of the library: one {@link Evaluator} shared by several request threads (an evaluator
 * holds no mutable state), each request evaluating one topology on its own thread. Checks that every
 * request's numbers equal those of the same topologies evaluated one after another, bit for bit.
 */
public final class SharedEvaluatorService {
    /** libtorch (autograd included) runs on the calling thread: request threads get 8 MB stacks. */
    private static final long STACK_BYTES = 8L << 20;

    private SharedEvaluatorService() {
    }

    /** Each topology as one request on a pool of {@code threads} request threads; results in input order. */
    public static List<EvaluationResult> serve(Evaluator evaluator, List<Topology> topologies, int threads)
            throws InterruptedException, ExecutionException {
        ThreadFactory roomyStacks = task -> new Thread(null, task, "request", STACK_BYTES);
        ExecutorService pool = Executors.newFixedThreadPool(threads, roomyStacks);
        try {
            List<Future<EvaluationResult>> requests = new ArrayList<>();
            for (Topology t : topologies) {
                requests.add(pool.submit(() -> evaluator.evaluate(t)));
            }
            List<EvaluationResult> out = new ArrayList<>();
            for (Future<EvaluationResult> request : requests) {
                out.add(request.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /** Whether two results hold the same repeat values, bit for bit, for every metric. */
    public static boolean sameBits(EvaluationResult a, EvaluationResult b) {
        if (!a.metrics().keySet().equals(b.metrics().keySet())) {
            return false;
        }
        for (Metric m : a.metrics().keySet()) {
            if (!Arrays.equals(bits(a.get(m).repeats()), bits(b.get(m).repeats()))) {
                return false;
            }
        }
        return true;
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }

    /** Arguments: topologies, request threads, image size (defaults 6, 3, 32). Exits 1 if any result differs. */
    public static void main(String[] args) throws InterruptedException, ExecutionException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int imageSize = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Evaluator evaluator = new Evaluator(EvaluationSettings.defaults(imageSize).withRepeats(2).withBatch(4));
        RandomTopologies space = new RandomTopologies(7);
        List<Topology> topologies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            topologies.add(space.next());
        }
        List<EvaluationResult> sequential = new ArrayList<>();
        evaluator.evaluateAll(topologies, sequential::add);
        List<EvaluationResult> concurrent = serve(evaluator, topologies, threads);
        int differing = 0;
        for (int i = 0; i < count; i++) {
            if (!sameBits(sequential.get(i), concurrent.get(i))) {
                System.out.println("differs: " + topologies.get(i));
                differing++;
            }
        }
        System.out.println(count + " topologies on " + threads + " request threads: "
                + (differing == 0 ? "identical to sequential, bit for bit" : differing + " differ"));
        if (differing > 0) {
            System.exit(1);
        }
    }
}
