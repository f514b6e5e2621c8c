package org.asvit.search;

import org.asvit.metrics.EvaluationBackend;
import org.asvit.topology.SearchSpace;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Topology search by REINFORCE (paper Algorithm 1; docs/search-and-scaling.md, 'Search (REINFORCE)'): each step samples a
 * topology (or K of them, {@link SearchConfig#samplesPerStep}, evaluated together through the backend and
 * averaged in the policy gradient) from the {@link CategoricalPolicy}, scores it by its NTK condition number and length
 * distortion at initialisation ({@link ScoreCache}), turns the scores into a reward
 * ({@link RewardRule}), updates the {@link EmaBaseline} with it, and takes one {@link Adam} step on
 * the loss {@code -log P(sample) * (reward - baseline)}. The result is the most probable choice of
 * every factor.
 *
 * <p>Randomness: the policy's initial logits come from the seed; step t samples with a generator
 * seeded by (seed, t); every evaluation is seeded by the evaluation settings' seed and the repeat
 * index (sample k > 0 of step t: a generator seeded from (seed, t, k)). So a run is a pure function of its configuration, a resumed run continues exactly, and a
 * topology sampled twice has the same metrics.
 */
public final class ReinforceSearch {
    private final SearchConfig config;
    private final EvaluationBackend backend;

    public ReinforceSearch(SearchConfig config, EvaluationBackend backend) {
        this.config = Objects.requireNonNull(config, "config");
        this.backend = Objects.requireNonNull(backend, "backend");
    }

    /** A search that evaluates on the calling thread. */
    public ReinforceSearch(SearchConfig config) {
        this(config, EvaluationBackend.callingThread());
    }

    public SearchConfig config() {
        return config;
    }

    /** The state before the first step. */
    public SearchState initialState() {
        List<Integer> sizes = SearchSpace.factors().stream().map(SearchSpace.Factor::size).toList();
        CategoricalPolicy policy = CategoricalPolicy.initial(sizes, new SplittableRandom(derive(config.seed(), -1)));
        int parameters = sizes.stream().mapToInt(Integer::intValue).sum();
        return new SearchState(0, policy.logits(), new Adam(config.learningRate(), parameters).state(),
                EmaBaseline.empty(config.baselineMomentum()), new RewardRule(config.window()).state(), List.of(), 0);
    }

    /** Runs all steps from the start. */
    public SearchResult run(SearchListener listener, BooleanSupplier stopRequested) {
        return run(initialState(), listener, stopRequested);
    }

    /**
     * Runs the remaining steps from {@code state}, telling {@code listener} after each, and checking
     * {@code stopRequested} before each; then derives and scores the result.
     */
    public SearchResult run(SearchState state, SearchListener listener, BooleanSupplier stopRequested) {
        CategoricalPolicy policy = CategoricalPolicy.of(state.logits());
        Adam adam = new Adam(config.learningRate(), state.adam());
        EmaBaseline baseline = state.baseline();
        RewardRule rule = RewardRule.restore(config.window(), state.reward());
        ScoreCache cache = new ScoreCache(config.evaluation(), backend);
        List<SearchStep> steps = new ArrayList<>(state.steps());
        for (SearchStep s : steps) {
            cache.remember(new Scores(Topology.parse(s.arch()), s.ntk(), s.lengthDistortion(), s.params(), s.flops(),
                    false));
        }
        cache.setHits(state.cacheHits());

        int step = state.nextStep();
        int k = config.samplesPerStep();
        while (step < config.steps() && !stopRequested.getAsBoolean()) {
            long start = System.nanoTime();
            double entropy = policy.entropy();
            List<int[]> choices = new ArrayList<>(k);
            List<Topology> topologies = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                int[] choice = policy.sample(new SplittableRandom(sampleSeed(config.seed(), step, j)));
                choices.add(choice);
                topologies.add(SearchSpace.topologyOf(choice));
            }
            List<Scores> scores = cache.score(topologies);

            // The K rewards go through the reward buffers and the baseline in sample order, each sample's
            // advantage against the baseline just after its own reward (with K = 1: the paper's step).
            double[] advantages = new double[k];
            List<SearchStep> records = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                Scores sj = scores.get(j);
                double reward = rule.reward(sj.ntk(), sj.lengthDistortion());
                baseline = baseline.update(reward);
                advantages[j] = reward - baseline.value();
                records.add(new SearchStep(step, j, topologies.get(j).format(), sj.ntk(), sj.lengthDistortion(),
                        sj.bad(), reward, baseline.value(), advantages[j], entropy, sj.params(), sj.flops(), 0,
                        sj.cacheHit()));
            }
            policy = policyStep(policy, adam, choices, advantages);
            double seconds = (System.nanoTime() - start) / 1e9;
            for (SearchStep r : records) {
                steps.add(withSeconds(r, seconds));
            }
            step++;
            state = new SearchState(step, policy.logits(), adam.state(), baseline, rule.state(), steps, cache.hits());
            notify(listener, steps.get(steps.size() - 1), state);
        }
        Topology derived = SearchSpace.topologyOf(policy.argmax());
        Scores derivedScores = cache.score(List.of(derived)).get(0);
        return new SearchResult(derived, derivedScores, policy.entropy(), state, step >= config.steps());
    }

    /**
     * One Adam step on {@code loss = -log P(choice) * advantage}, whose gradient with respect to the
     * logits is {@code -advantage * (onehot(choice) - softmax(logits))}.
     */
    static CategoricalPolicy policyStep(CategoricalPolicy policy, Adam adam, int[] choice, double advantage) {
        return policyStep(policy, adam, List.of(choice), new double[]{advantage});
    }

    /**
     * One Adam step on the mean of the K samples' losses {@code -log P(choice_k) * advantage_k}. The sum
     * starts from the first sample's term and is divided only when K > 1, so that one sample gives the
     * single-sample gradient bit for bit.
     */
    static CategoricalPolicy policyStep(CategoricalPolicy policy, Adam adam, List<int[]> choices, double[] advantages) {
        double[][] logits = policy.logits();
        int size = 0;
        for (double[] factor : logits) {
            size += factor.length;
        }
        double[] flat = new double[size];
        double[] gradient = new double[size];
        for (int j = 0; j < choices.size(); j++) {
            double[][] gradLogProb = policy.logProbGradient(choices.get(j));
            int i = 0;
            for (int f = 0; f < logits.length; f++) {
                for (int c = 0; c < logits[f].length; c++, i++) {
                    flat[i] = logits[f][c];
                    double term = -advantages[j] * gradLogProb[f][c];
                    gradient[i] = j == 0 ? term : gradient[i] + term;
                }
            }
        }
        if (choices.size() > 1) {
            for (int i = 0; i < size; i++) {
                gradient[i] /= choices.size();
            }
        }
        adam.step(flat, gradient);
        int i = 0;
        for (double[] factor : logits) {
            for (int c = 0; c < factor.length; c++, i++) {
                factor[c] = flat[i];
            }
        }
        return CategoricalPolicy.of(logits);
    }

    private static SearchStep withSeconds(SearchStep r, double seconds) {
        return new SearchStep(r.step(), r.sample(), r.arch(), r.ntk(), r.lengthDistortion(), r.bad(), r.reward(),
                r.baseline(), r.advantage(), r.entropy(), r.params(), r.flops(), seconds, r.cacheHit());
    }

    /**
     * The seed of sample {@code k} of step {@code step}: the step's own seed for the first sample (so
     * K = 1 samples exactly as the paper's one-sample search), a seed derived from it for the others.
     */
    static long sampleSeed(long seed, int step, int k) {
        long stepSeed = derive(seed, step);
        return k == 0 ? stepSeed : derive(stepSeed, k);
    }

    private static void notify(SearchListener listener, SearchStep record, SearchState state) {
        try {
            listener.onStep(record, state);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("search listener failed after step " + record.step() + ": " + e.getMessage(), e);
        }
    }

    /** An independent seed for stream {@code stream} (a step, or -1 for the policy's initialisation). */
    static long derive(long seed, long stream) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL)
                .nextLong();
    }
}
