package org.asvit.testing;

import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;
import org.asvit.metrics.MetricSummary;
import org.asvit.scaling.GrowConfig;
import org.asvit.scaling.GrowListener;
import org.asvit.scaling.GrowState;
import org.asvit.scaling.GrowStep;
import org.asvit.scaling.Grower;
import org.asvit.search.ReinforceSearch;
import org.asvit.search.SearchConfig;
import org.asvit.search.SearchListener;
import org.asvit.search.SearchResult;
import org.asvit.search.SearchStep;
import org.asvit.topology.Topology;

import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same small runs on real networks (32 px) for every backend, so that each backend's tests compare
 * its numbers with the calling thread's, bit for bit; shared with the asvit-spark module's tests.
 */
public final class BackendScenarios {
    /** Small networks, two repeats, NTK and length distortion: cheap, and each repeat is compared. */
    public static final EvaluationSettings SETTINGS = EvaluationSettings.defaults(32).withRepeats(2).withBatch(4)
            .withMetrics(EnumSet.of(Metric.NTK, Metric.LENGTH));
    /** What search and growth need (NTK and length distortion), one repeat. */
    public static final EvaluationSettings TINY = EvaluationSettings.defaults(32).withRepeats(1).withBatch(4);
    public static final Topology GROW_SEED = Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32");

    private BackendScenarios() {
    }

    /** The seed and one growth step of 12 candidates (it stops at the first network larger than the seed). */
    public static List<GrowStep> grow(EvaluationBackend backend) {
        long stop = org.asvit.model.Complexity.params(GROW_SEED, 1000) + 1;
        GrowConfig config = new GrowConfig(stop, 110_000_000, GrowConfig.PAPER_WIDTH_RATIOS, 4, 1000, TINY);
        GrowState state = new Grower(config, backend).run(GROW_SEED, GrowListener.none(), () -> false);
        return state.steps().stream().map(s -> new GrowStep(s.step(), s.arch(), s.workingWidth(), s.params(), s.flops(),
                s.ntk(), s.lengthDistortion(), s.rankSum(), s.tieBreak(), s.candidates(), 0)).toList();
    }

    /** A search of 3 steps with K = 3 samples each; the steps (seconds zeroed), then the final logits. */
    public static SearchResult search(EvaluationBackend backend) {
        SearchConfig config = new SearchConfig(3, 0.08, 20, 0.9, 7, TINY, 3);
        return new ReinforceSearch(config, backend).run(SearchListener.none(), () -> false);
    }

    public static List<SearchStep> withoutSeconds(List<SearchStep> steps) {
        return steps.stream().map(s -> new SearchStep(s.step(), s.sample(), s.arch(), s.ntk(), s.lengthDistortion(),
                s.bad(), s.reward(), s.baseline(), s.advantage(), s.entropy(), s.params(), s.flops(), 0,
                s.cacheHit())).toList();
    }

    /** Two searches gave the same steps and the same policy, bit for bit. */
    public static void assertSameSearch(SearchResult expected, SearchResult actual) {
        assertEquals(withoutSeconds(expected.state().steps()), withoutSeconds(actual.state().steps()));
        double[][] e = expected.state().logits();
        double[][] a = actual.state().logits();
        assertEquals(e.length, a.length);
        for (int f = 0; f < e.length; f++) {
            assertArrayEquals(e[f], a[f], 0.0, "factor " + f);
        }
        assertEquals(expected.derived(), actual.derived());
    }

    /** The same numbers, bit for bit, for every result (seconds aside). */
    public static void assertSameResults(List<EvaluationResult> expected, List<EvaluationResult> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertSameResult(expected.get(i), actual.get(i));
        }
    }

    public static void assertSameResult(EvaluationResult expected, EvaluationResult actual) {
        String where = expected.topology().format();
        assertEquals(expected.topology(), actual.topology(), where);
        assertEquals(expected.imageSize(), actual.imageSize(), where);
        assertEquals(expected.params(), actual.params(), where);
        assertEquals(expected.flops(), actual.flops(), where);
        assertEquals(expected.device(), actual.device(), where);
        assertEquals(expected.inputs(), actual.inputs(), where);
        assertEquals(expected.metrics().keySet(), actual.metrics().keySet(), where);
        for (Metric m : expected.metrics().keySet()) {
            MetricSummary e = expected.get(m);
            MetricSummary a = actual.get(m);
            assertEquals(Double.doubleToLongBits(e.mean()), Double.doubleToLongBits(a.mean()), where + " " + m);
            assertArrayEquals(e.repeats(), a.repeats(), 0.0, where + " " + m);
            for (int r = 0; r < e.repeats().length; r++) {
                assertEquals(e.reason(r), a.reason(r), where + " " + m + " repeat " + r);
            }
        }
    }
}
