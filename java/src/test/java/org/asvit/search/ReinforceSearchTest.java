package org.asvit.search;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.testing.FakeBackend;
import org.asvit.topology.SearchSpace;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The REINFORCE loop on crafted metrics (fast, exact) and on real networks at 32 px. */
@Tag("slow")
class ReinforceSearchTest {
    private static final EvaluationSettings TINY = EvaluationSettings.defaults(32).withRepeats(1).withBatch(4);

    /** L^E grows with the expansion ratios, so a working search must learn to pick the largest ones. */
    private static FakeBackend prefersWideMlps() {
        return new FakeBackend(t -> 10.0,
                t -> 1.0 + t.expansion(0) + t.expansion(1) + t.expansion(2) + t.expansion(3));
    }

    @Test
    void learnsWhatTheRewardPrefersAndCachesRepeats() {
        FakeBackend backend = prefersWideMlps();
        SearchConfig config = new SearchConfig(400, 0.08, 20, 0.9, 11, TINY);
        SearchResult result = new ReinforceSearch(config, backend).run(SearchListener.none(), () -> false);

        assertTrue(result.completed());
        assertEquals(400, result.state().steps().size());
        Topology derived = result.derived();
        for (int stage = 0; stage < 4; stage++) {
            assertEquals(6, derived.expansion(stage), "stage " + (stage + 1) + " E of " + derived);
        }
        double start = result.state().steps().get(0).entropy();
        assertEquals(SearchSpace.maxEntropy(), start, 1e-4);
        assertTrue(result.entropy() < start - 2, "entropy fell from " + start + " to " + result.entropy());
        // Every topology is evaluated once; the rest are cache hits, and flagged as such.
        long hits = result.state().steps().stream().filter(SearchStep::cacheHit).count();
        assertTrue(hits > 100, "a concentrated policy repeats itself: " + hits + " hits");
        assertEquals(hits, result.state().cacheHits());
        assertEquals(backend.evaluated().size(), new HashSet<>(backend.evaluated()).size(), "nothing evaluated twice");
        boolean derivedWasSampled = result.state().steps().stream().anyMatch(s -> s.arch().equals(derived.format()));
        assertEquals(400 - hits + (derivedWasSampled ? 0 : 1), backend.evaluated().size());
    }

    @Test
    void stepsRecordRewardBaselineAndAdvantage() {
        SearchConfig config = new SearchConfig(30, 0.08, 20, 0.9, 3, TINY);
        SearchResult result = new ReinforceSearch(config, prefersWideMlps()).run(SearchListener.none(), () -> false);
        RewardRule rule = new RewardRule(20);
        EmaBaseline baseline = EmaBaseline.empty(0.9);
        for (SearchStep s : result.state().steps()) {
            double reward = rule.reward(s.ntk(), s.lengthDistortion());
            baseline = baseline.update(reward);
            assertEquals(reward, s.reward(), 0.0, "step " + s.step());
            assertEquals(baseline.value(), s.baseline(), 0.0);
            assertEquals(reward - baseline.value(), s.advantage(), 0.0);
        }
        assertEquals(0.0, result.state().steps().get(0).reward());
    }

    @Test
    void stoppedAndResumedThroughJsonEqualsUninterrupted() throws Exception {
        SearchConfig config = new SearchConfig(40, 0.08, 20, 0.9, 5, TINY);
        SearchResult whole = new ReinforceSearch(config, prefersWideMlps()).run(SearchListener.none(), () -> false);

        List<SearchState> saved = new ArrayList<>();
        ReinforceSearch first = new ReinforceSearch(config, prefersWideMlps());
        SearchResult partial = first.run((step, state) -> saved.add(state), () -> saved.size() >= 17);
        assertFalse(partial.completed());
        assertEquals(17, partial.state().steps().size());

        ObjectMapper json = new ObjectMapper();
        String checkpoint = json.writeValueAsString(saved.get(saved.size() - 1));
        SearchState restored = json.readValue(checkpoint, SearchState.class);
        SearchResult resumed = new ReinforceSearch(config, prefersWideMlps()).run(restored, SearchListener.none(), () -> false);

        assertEquals(whole.derived(), resumed.derived());
        assertEquals(withoutSeconds(whole.state().steps()), withoutSeconds(resumed.state().steps()));
        assertEquals(whole.state().cacheHits(), resumed.state().cacheHits());
        for (int f = 0; f < whole.state().logits().length; f++) {
            assertArrayEquals(whole.state().logits()[f], resumed.state().logits()[f], 0.0);
        }
    }

    /**
     * The paper's algorithm written out step by step (one sample from the generator seeded by (seed, t),
     * reward, baseline, one Adam step on -advantage * grad log P): K = 1 must give exactly these numbers.
     */
    @Test
    void oneSamplePerStepIsThePapersAlgorithmBitForBit() {
        SearchConfig config = new SearchConfig(60, 0.08, 20, 0.9, 13, TINY);
        assertEquals(1, config.samplesPerStep());
        SearchResult result = new ReinforceSearch(config, prefersWideMlps()).run(SearchListener.none(), () -> false);

        FakeBackend metrics = prefersWideMlps();
        ReinforceSearch search = new ReinforceSearch(config, metrics);
        CategoricalPolicy policy = CategoricalPolicy.of(search.initialState().logits());
        int size = java.util.Arrays.stream(policy.logits()).mapToInt(f -> f.length).sum();
        Adam adam = new Adam(0.08, size);
        RewardRule rule = new RewardRule(20);
        EmaBaseline baseline = EmaBaseline.empty(0.9);
        for (int t = 0; t < 60; t++) {
            int[] choice = policy.sample(new java.util.SplittableRandom(ReinforceSearch.derive(13, t)));
            Topology topology = SearchSpace.topologyOf(choice);
            var r = metrics.evaluate(TINY, List.of(topology)).get(0);
            double reward = rule.reward(r.get(org.asvit.metrics.Metric.NTK).mean(),
                    r.get(org.asvit.metrics.Metric.LENGTH).mean());
            baseline = baseline.update(reward);
            double advantage = reward - baseline.value();
            double[][] g = policy.logProbGradient(choice);
            double[][] logits = policy.logits();
            double[] flat = new double[size];
            double[] gradient = new double[size];
            int i = 0;
            for (int f = 0; f < logits.length; f++) {
                for (int c = 0; c < logits[f].length; c++, i++) {
                    flat[i] = logits[f][c];
                    gradient[i] = -advantage * g[f][c];
                }
            }
            adam.step(flat, gradient);
            i = 0;
            for (double[] factor : logits) {
                for (int c = 0; c < factor.length; c++, i++) {
                    factor[c] = flat[i];
                }
            }
            policy = CategoricalPolicy.of(logits);
            SearchStep s = result.state().steps().get(t);
            assertEquals(topology.format(), s.arch(), "step " + t);
            assertEquals(0, s.sample());
            assertEquals(reward, s.reward(), 0.0, "step " + t);
            assertEquals(advantage, s.advantage(), 0.0, "step " + t);
        }
        for (int f = 0; f < policy.factors(); f++) {
            assertArrayEquals(policy.logits()[f], result.state().logits()[f], 0.0, "factor " + f);
        }
    }

    /** K samples: the mean of their policy gradients, rewards and baseline in sample order. */
    @Test
    void kSamplesTakeOneAdamStepOnTheMeanGradient() {
        SearchConfig config = new SearchConfig(1, 0.08, 20, 0.9, 4, TINY, 3);
        FakeBackend backend = prefersWideMlps();
        ReinforceSearch search = new ReinforceSearch(config, backend);
        CategoricalPolicy start = CategoricalPolicy.of(search.initialState().logits());
        SearchResult result = search.run(SearchListener.none(), () -> false);
        List<SearchStep> steps = result.state().steps();
        assertEquals(3, steps.size());

        RewardRule rule = new RewardRule(20);
        EmaBaseline baseline = EmaBaseline.empty(0.9);
        int size = java.util.Arrays.stream(start.logits()).mapToInt(f -> f.length).sum();
        double[] gradient = new double[size];
        for (int k = 0; k < 3; k++) {
            int[] choice = start.sample(new java.util.SplittableRandom(ReinforceSearch.sampleSeed(4, 0, k)));
            assertEquals(SearchSpace.topologyOf(choice).format(), steps.get(k).arch(), "sample " + k);
            double reward = rule.reward(steps.get(k).ntk(), steps.get(k).lengthDistortion());
            baseline = baseline.update(reward);
            assertEquals(reward - baseline.value(), steps.get(k).advantage(), 0.0);
            double[][] g = start.logProbGradient(choice);
            int i = 0;
            for (double[] factor : g) {
                for (double v : factor) {
                    gradient[i++] += -steps.get(k).advantage() * v / 3;
                }
            }
        }
        // The first sample's reward is 0 (empty buffers), so its advantage is 0 and its term vanishes.
        assertEquals(0.0, steps.get(0).advantage(), 0.0);
        assertTrue(steps.get(1).advantage() != 0 || steps.get(2).advantage() != 0, "a gradient to follow");
        double[] flat = new double[size];
        int i = 0;
        for (double[] factor : start.logits()) {
            for (double v : factor) {
                flat[i++] = v;
            }
        }
        new Adam(0.08, size).step(flat, gradient);
        i = 0;
        for (double[] factor : result.state().logits()) {
            for (double v : factor) {
                assertEquals(flat[i++], v, 1e-15, "logit " + (i - 1));
            }
        }
    }

    @Test
    void badNetworksAreRewardedAsTheWorstNtkAndRoundTripAsNaN() throws Exception {
        // Every topology with H = 16 is bad (its NTK is not a condition number).
        FakeBackend backend = new FakeBackend(t -> t.heads() == 16 ? Double.NaN : 5.0 + t.kernel(0), t -> 1.0);
        SearchConfig config = new SearchConfig(25, 0.08, 20, 0.9, 9, TINY);
        SearchResult result = new ReinforceSearch(config, backend).run(SearchListener.none(), () -> false);
        List<SearchStep> bad = result.state().steps().stream().filter(SearchStep::bad).toList();
        assertFalse(bad.isEmpty(), "some H = 16 samples");
        assertTrue(bad.stream().allMatch(s -> Double.isNaN(s.ntk())));
        ObjectMapper json = new ObjectMapper();
        SearchState back = json.readValue(json.writeValueAsString(result.state()), SearchState.class);
        assertEquals(withoutSeconds(result.state().steps()), withoutSeconds(back.steps()));
    }

    @Test
    void realNetworksAt32Pixels() {
        SearchConfig config = new SearchConfig(3, 0.08, 20, 0.9, 1, TINY);
        SearchResult result = new ReinforceSearch(config).run(SearchListener.none(), () -> false);
        assertTrue(SearchSpace.contains(result.derived()));
        assertTrue(Double.isFinite(result.scores().ntk()) && result.scores().ntk() >= 1, "ntk " + result.scores().ntk());
        assertTrue(result.scores().lengthDistortion() > 0);
        SearchResult again = new ReinforceSearch(config).run(SearchListener.none(), () -> false);
        assertEquals(withoutSeconds(result.state().steps()), withoutSeconds(again.state().steps()), "same seed, same numbers");
    }

    static List<SearchStep> withoutSeconds(List<SearchStep> steps) {
        return steps.stream().map(s -> new SearchStep(s.step(), s.sample(), s.arch(), s.ntk(), s.lengthDistortion(), s.bad(),
                s.reward(), s.baseline(), s.advantage(), s.entropy(), s.params(), s.flops(), 0, s.cacheHit())).toList();
    }
}
