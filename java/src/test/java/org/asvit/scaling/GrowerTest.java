package org.asvit.scaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.model.Complexity;
import org.asvit.testing.FakeBackend;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Greedy growth on crafted metrics (exact choices, caps, stops, resume) and on real networks at 32 px. */
@Tag("slow")
class GrowerTest {
    private static final Topology SEED = Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32");
    private static final EvaluationSettings TINY = EvaluationSettings.defaults(32).withRepeats(1).withBatch(4);

    /** Deeper third stage and wider networks score better on both metrics. */
    private static FakeBackend prefersStage3AndWidth() {
        return new FakeBackend(t -> 100.0 / (t.depth(2) * 10 + t.width()), t -> t.depth(2) * 10.0 + t.width());
    }

    private static GrowConfig config(long stop, long max) {
        return new GrowConfig(stop, max, GrowConfig.PAPER_WIDTH_RATIOS, 4, 1000, TINY);
    }

    @Test
    void growsTheBestCandidateUntilTheStopSize() {
        FakeBackend backend = prefersStage3AndWidth();
        GrowState state = new Grower(config(6_000_000, 110_000_000), backend).run(SEED, GrowListener.none(), () -> false);
        List<GrowStep> steps = state.steps();
        assertTrue(state.finished());
        assertEquals("8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,32", steps.get(0).arch());
        assertEquals(8, steps.get(0).workingWidth());
        // Step 1 from width 8: widths 8, 9, 10; the third stage deepened and the widest width win on both metrics.
        assertEquals("8,2,3,1|4,1,2,1|4,1,4,2|4,1,6,1|32,40", steps.get(1).arch());
        assertEquals(12, steps.get(1).candidates().size());
        assertEquals(0, steps.get(1).rankSum());
        for (int i = 1; i < steps.size(); i++) {
            assertTrue(steps.get(i).params() > steps.get(i - 1).params(), "monotonic growth at step " + i);
            assertEquals(Complexity.params(Topology.parse(steps.get(i).arch()), 1000), steps.get(i).params());
        }
        GrowStep last = steps.get(steps.size() - 1);
        assertTrue(last.params() >= 6_000_000);
        assertTrue(steps.get(steps.size() - 2).params() < 6_000_000, "stopped at the first network over the stop size");
        // The metrics were computed at the working width (C / 4), never at the counting width.
        assertTrue(backend.evaluated().stream().allMatch(t -> t.width() <= last.workingWidth()));
    }

    @Test
    void candidatesOverTheCapAreNotEvaluatedAndAnEmptyStepEndsTheRun() {
        long seedParams = Complexity.params(SEED, 1000);
        FakeBackend backend = prefersStage3AndWidth();
        // A cap just above the seed: every candidate of step 1 exceeds it.
        GrowState state = new Grower(config(seedParams + 1, seedParams + 1), backend).run(SEED, GrowListener.none(), () -> false);
        assertEquals(1, state.steps().size());
        assertTrue(state.finished());
        assertTrue(state.stopReason().startsWith("no candidate has at most"), state.stopReason());
        assertEquals(1, backend.evaluated().size(), "only the seed was evaluated");
    }

    @Test
    void capDropsSomeCandidates() {
        FakeBackend backend = prefersStage3AndWidth();
        // Between the smallest and the largest candidate of step 1.
        long cap = 2_700_000;
        GrowState state = new Grower(config(cap, cap), backend).run(SEED, GrowListener.none(), () -> false);
        GrowStep step1 = state.steps().get(1);
        long over = step1.candidates().stream().filter(GrowStep.CandidateRecord::overCap).count();
        assertTrue(over > 0 && over < 12, over + " over the cap");
        assertTrue(step1.candidates().stream().filter(GrowStep.CandidateRecord::overCap).allMatch(c -> c.params() > cap
                && c.ntkRank() == -1));
        assertTrue(step1.params() <= cap);
        // Step 1 evaluated the seed and then only the candidates under the cap (at the working width).
        List<Topology> step1Evaluated = backend.evaluated().subList(1, 1 + 12 - (int) over);
        assertTrue(step1Evaluated.stream().allMatch(t -> Complexity.params(t.withWidth(4 * t.width()), 1000) <= cap));
    }

    @Test
    void stoppedAndResumedThroughJsonEqualsUninterrupted() throws Exception {
        GrowConfig config = config(30_000_000, 110_000_000);
        GrowState whole = new Grower(config, prefersStage3AndWidth()).run(SEED, GrowListener.none(), () -> false);
        assertTrue(whole.steps().size() > 4);

        List<GrowState> saved = new ArrayList<>();
        GrowState partial = new Grower(config, prefersStage3AndWidth())
                .run(SEED, (step, state) -> saved.add(state), () -> saved.size() >= 3);
        assertFalse(partial.finished());
        ObjectMapper json = new ObjectMapper();
        GrowState restored = json.readValue(json.writeValueAsString(partial), GrowState.class);
        GrowState resumed = new Grower(config, prefersStage3AndWidth()).run(SEED, restored, GrowListener.none(), () -> false);
        assertEquals(withoutSeconds(whole), withoutSeconds(resumed));
    }

    @Test
    void seedWidthMustBeAMultipleOfTheCountingScale() {
        Grower grower = new Grower(config(1, 1), prefersStage3AndWidth());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> grower.run(SEED.withWidth(30), GrowListener.none(), () -> false));
        assertTrue(e.getMessage().contains("C = 30 must be a multiple of 4"), e.getMessage());
    }

    @Test
    void realNetworksAt32PixelsGrowMonotonically() {
        GrowConfig config = config(2_900_000, 110_000_000);
        GrowState state = new Grower(config).run(SEED, GrowListener.none(), () -> false);
        assertTrue(state.finished());
        assertTrue(state.steps().size() >= 2);
        for (int i = 1; i < state.steps().size(); i++) {
            GrowStep s = state.steps().get(i);
            assertTrue(s.params() > state.steps().get(i - 1).params());
            assertTrue(Double.isFinite(s.ntk()) && s.ntk() >= 1, "ntk " + s.ntk());
            assertTrue(s.lengthDistortion() > 0);
            GrowStep.CandidateRecord chosen = s.candidates().stream().filter(GrowStep.CandidateRecord::chosen)
                    .findFirst().orElseThrow();
            assertEquals(s.arch(), chosen.arch());
            assertTrue(s.candidates().stream().filter(c -> !c.overCap()).allMatch(c -> c.rankSum() >= chosen.rankSum()));
        }
        GrowState again = new Grower(config).run(SEED, GrowListener.none(), () -> false);
        assertEquals(withoutSeconds(state), withoutSeconds(again), "same seed, same numbers");
    }

    @Test
    void randomRuleDrawsUnderTheCapEvaluatesOnlyTheChoiceAndResumesTheSame() throws Exception {
        long cap = 40_000_000;
        GrowConfig config = config(30_000_000, cap).withRule(GrowConfig.Rule.RANDOM);
        FakeBackend backend = prefersStage3AndWidth();
        GrowState state = new Grower(config, backend).run(SEED, GrowListener.none(), () -> false);
        List<GrowStep> steps = state.steps();
        assertTrue(state.finished());
        assertTrue(steps.size() > 4, steps.size() + " steps");
        // One evaluation per step, the seed's included: the candidates that were not drawn cost nothing.
        assertEquals(steps.size(), backend.evaluated().size());
        java.util.Set<Integer> deepened = new java.util.HashSet<>();
        for (int i = 1; i < steps.size(); i++) {
            GrowStep s = steps.get(i);
            List<GrowStep.CandidateRecord> underCap = s.candidates().stream().filter(c -> !c.overCap()).toList();
            int pick = new java.util.SplittableRandom(Grower.randomStepSeed(TINY.seed(), i)).nextInt(underCap.size());
            assertEquals(underCap.get(pick).arch(), s.arch(), "step " + i + " is the drawn candidate");
            assertTrue(underCap.get(pick).chosen());
            assertEquals(-1, s.rankSum());
            assertTrue(s.params() <= cap);
            assertTrue(Double.isFinite(s.ntk()) && Double.isFinite(s.lengthDistortion()), "the choice is evaluated");
            assertEquals(1, s.candidates().stream().filter(c -> Double.isFinite(c.ntk())).count());
            int[] before = Topology.parse(steps.get(i - 1).arch()).depths();
            int[] after = Topology.parse(s.arch()).depths();
            for (int stage = 0; stage < 4; stage++) {
                if (after[stage] == before[stage] + 1) {
                    deepened.add(stage);
                }
            }
        }
        // The metrics here always favour stage 3; the random rule ignores them.
        assertTrue(deepened.size() > 1, "stages deepened at random: " + deepened);

        List<GrowState> saved = new ArrayList<>();
        GrowState partial = new Grower(config, prefersStage3AndWidth())
                .run(SEED, (step, st) -> saved.add(st), () -> saved.size() >= 3);
        ObjectMapper json = new ObjectMapper();
        GrowState restored = json.readValue(json.writeValueAsString(partial), GrowState.class);
        GrowState resumed = new Grower(config, prefersStage3AndWidth()).run(SEED, restored, GrowListener.none(), () -> false);
        assertEquals(withoutSeconds(state), withoutSeconds(resumed));

        GrowState otherSeed = new Grower(new GrowConfig(30_000_000, cap, GrowConfig.PAPER_WIDTH_RATIOS, 4, 1000,
                TINY.withSeed(1, true), GrowConfig.Rule.RANDOM), prefersStage3AndWidth()).run(SEED, GrowListener.none(), () -> false);
        assertFalse(withoutSeconds(state).stream().map(GrowStep::arch).toList()
                .equals(withoutSeconds(otherSeed).stream().map(GrowStep::arch).toList()), "another seed, another path");
    }

    static List<GrowStep> withoutSeconds(GrowState state) {
        return state.steps().stream().map(s -> new GrowStep(s.step(), s.arch(), s.workingWidth(), s.params(), s.flops(),
                s.ntk(), s.lengthDistortion(), s.rankSum(), s.tieBreak(), s.candidates(), 0)).toList();
    }
}
