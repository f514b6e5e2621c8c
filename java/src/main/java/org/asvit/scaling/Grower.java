package org.asvit.scaling;

import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.Metric;
import org.asvit.model.Complexity;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Greedy growth of a seed topology into a family of models (paper Algorithm 2; docs/search-and-scaling.md,
 * 'Scaling (greedy growth)'). From the seed's depths and a working width of C / 4, each step builds the candidates of
 * {@link GrowthCandidates}, drops those whose full-size network (width x 4) exceeds the parameter cap,
 * evaluates the rest at the working width through the {@link EvaluationBackend}, and keeps the winner of
 * {@link GrowthRanking}. It stops when the chosen network reaches the stop size or no candidate fits
 * under the cap. Every step's network is a member of the family.
 */
public final class Grower {
    private final GrowConfig config;
    private final EvaluationBackend backend;

    public Grower(GrowConfig config, EvaluationBackend backend) {
        this.config = Objects.requireNonNull(config, "config");
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    public Grower(GrowConfig config) {
        this(config, EvaluationBackend.callingThread());
    }

    public GrowConfig config() {
        return config;
    }

    /** The working width of a topology: its width C divided by the counting scale, which must divide it. */
    public int workingWidth(Topology seed) {
        if (seed.width() % config.countScale() != 0) {
            throw new IllegalArgumentException("the seed's width C = " + seed.width() + " must be a multiple of "
                    + config.countScale() + " (metrics are computed at C / " + config.countScale()
                    + "; e.g. the seed form's C = 32 gives the reference's working width 8)");
        }
        return seed.width() / config.countScale();
    }

    /** Grows {@code seed} from the start (step 0 evaluates the seed itself). */
    public GrowState run(Topology seed, GrowListener listener, BooleanSupplier stopRequested) {
        return run(seed, new GrowState(List.of(), false, null), listener, stopRequested);
    }

    /** Continues a run from {@code state}. */
    public GrowState run(Topology seed, GrowState state, GrowListener listener, BooleanSupplier stopRequested) {
        int startWidth = workingWidth(seed);
        List<GrowStep> steps = new ArrayList<>(state.steps());
        if (state.finished()) {
            return state;
        }
        if (steps.isEmpty() && !stopRequested.getAsBoolean()) {
            long start = System.nanoTime();
            EvaluationResult r = evaluate(List.of(working(seed, seed.depths(), startWidth))).get(0);
            Topology full = full(seed, seed.depths(), startWidth);
            GrowStep first = new GrowStep(0, full.format(), startWidth, params(full), flops(full),
                    r.get(Metric.NTK).mean(), r.get(Metric.LENGTH).mean(), 0, GrowthRanking.TieBreak.NONE, List.of(),
                    seconds(start));
            steps.add(first);
            state = stopIfDone(steps, first);
            notify(listener, first, state);
        }
        while (!state.finished() && !stopRequested.getAsBoolean()) {
            GrowStep last = steps.get(steps.size() - 1);
            Topology current = Topology.parse(last.arch());
            GrowStep next = step(seed, steps.size(), current.depths(), last.workingWidth());
            if (next == null) {
                state = new GrowState(steps, true, "no candidate has at most " + config.maxParams() + " parameters");
                notify(listener, last, state);
                break;
            }
            steps.add(next);
            state = stopIfDone(steps, next);
            notify(listener, next, state);
        }
        return state;
    }

    private GrowState stopIfDone(List<GrowStep> steps, GrowStep last) {
        boolean done = last.params() >= config.stopParams();
        return new GrowState(steps, done, done ? String.format(java.util.Locale.ROOT,
                "reached %,d >= %,d parameters", last.params(), config.stopParams()) : null);
    }

    /** One growth step from (depths, width), or null when every candidate exceeds the cap. */
    private GrowStep step(Topology seed, int index, int[] depths, int width) {
        long start = System.nanoTime();
        List<GrowthCandidates.Candidate> candidates = GrowthCandidates.of(depths, width, config.widthRatios());
        List<Topology> fulls = new ArrayList<>();
        List<Topology> toEvaluate = new ArrayList<>();
        List<Integer> evaluatedIndex = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            GrowthCandidates.Candidate c = candidates.get(i);
            Topology full = full(seed, c.depths(), c.width());
            fulls.add(full);
            if (params(full) <= config.maxParams()) {
                toEvaluate.add(working(seed, c.depths(), c.width()));
                evaluatedIndex.add(i);
            }
        }
        if (toEvaluate.isEmpty()) {
            return null;
        }
        if (config.rule() == GrowConfig.Rule.RANDOM) {
            return randomStep(index, candidates, fulls, toEvaluate, evaluatedIndex, start);
        }
        List<EvaluationResult> results = evaluate(toEvaluate);
        double[] ntk = new double[results.size()];
        double[] length = new double[results.size()];
        for (int k = 0; k < results.size(); k++) {
            ntk[k] = results.get(k).get(Metric.NTK).mean();
            length[k] = results.get(k).get(Metric.LENGTH).mean();
        }
        GrowthRanking.Result ranking = GrowthRanking.rank(ntk, length);

        List<GrowStep.CandidateRecord> records = new ArrayList<>();
        int chosen = evaluatedIndex.get(ranking.winner());
        for (int i = 0; i < candidates.size(); i++) {
            Topology full = fulls.get(i);
            int k = evaluatedIndex.indexOf(i);
            records.add(k < 0
                    ? new GrowStep.CandidateRecord(full.format(), params(full), flops(full), Double.NaN, Double.NaN,
                            -1, -1, true, false)
                    : new GrowStep.CandidateRecord(full.format(), params(full), flops(full), ntk[k], length[k],
                            ranking.ntkRanks()[k], ranking.lengthRanks()[k], false, i == chosen));
        }
        Topology winner = fulls.get(chosen);
        int w = ranking.winner();
        return new GrowStep(index, winner.format(), candidates.get(chosen).width(), params(winner), flops(winner),
                ntk[w], length[w], ranking.rankSum(w), ranking.tieBreak(), records, seconds(start));
    }

    /**
     * The random-scaling baseline: a uniform choice among the candidates under the cap, from a generator
     * seeded by (seed, step) alone, so that a resumed run makes the same choices. Only the chosen network is
     * evaluated; the others are recorded unranked (rank -1, metrics NaN), and the step's rank sum is -1.
     */
    private GrowStep randomStep(int index, List<GrowthCandidates.Candidate> candidates, List<Topology> fulls,
                                List<Topology> underCap, List<Integer> underCapIndex, long start) {
        int pick = new SplittableRandom(randomStepSeed(config.evaluation().seed(), index)).nextInt(underCap.size());
        EvaluationResult r = evaluate(List.of(underCap.get(pick))).get(0);
        double ntk = r.get(Metric.NTK).mean();
        double length = r.get(Metric.LENGTH).mean();
        int chosen = underCapIndex.get(pick);
        List<GrowStep.CandidateRecord> records = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Topology full = fulls.get(i);
            boolean overCap = !underCapIndex.contains(i);
            records.add(i == chosen
                    ? new GrowStep.CandidateRecord(full.format(), params(full), flops(full), ntk, length, -1, -1, false, true)
                    : new GrowStep.CandidateRecord(full.format(), params(full), flops(full), Double.NaN, Double.NaN,
                            -1, -1, overCap, false));
        }
        Topology winner = fulls.get(chosen);
        return new GrowStep(index, winner.format(), candidates.get(chosen).width(), params(winner), flops(winner),
                ntk, length, -1, GrowthRanking.TieBreak.NONE, records, seconds(start));
    }

    /** The seed of step {@code step}'s random choice: a stream of its own, apart from the evaluations' seeds. */
    static long randomStepSeed(long seed, int step) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + 0x5DEECE66DL * (step + 1L)).nextLong();
    }

    private List<EvaluationResult> evaluate(List<Topology> topologies) {
        return backend.evaluate(config.evaluation(), topologies);
    }

    /** The network whose metrics are computed: the working width. */
    private static Topology working(Topology seed, int[] depths, int width) {
        return seed.withDepths(depths).withWidth(width);
    }

    /** The network that is counted and reported: the counting width. */
    private Topology full(Topology seed, int[] depths, int width) {
        return seed.withDepths(depths).withWidth(width * config.countScale());
    }

    private long params(Topology t) {
        return Complexity.params(t, config.classes());
    }

    private long flops(Topology t) {
        return Complexity.flops(t, config.evaluation().imageSize(), config.classes());
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void notify(GrowListener listener, GrowStep step, GrowState state) {
        try {
            listener.onStep(step, state);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("grow listener failed after step " + step.step() + ": " + e.getMessage(), e);
        }
    }
}
