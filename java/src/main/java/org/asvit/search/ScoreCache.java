package org.asvit.search;

import org.asvit.metrics.EvaluationBackend;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search's predictor: the NTK condition number and length distortion of topologies, each evaluated
 * once. Every evaluation is seeded by the run's seed and the repeat index only (never by the step), so a
 * topology sampled again has the same metrics; late in a search the policy repeats itself often and the
 * cache saves those evaluations. Topologies not yet seen are evaluated together through the backend.
 */
final class ScoreCache {
    private final EvaluationSettings settings;
    private final EvaluationBackend backend;
    private final Map<Topology, Scores> known = new HashMap<>();
    private long hits;

    ScoreCache(EvaluationSettings settings, EvaluationBackend backend) {
        this.settings = settings;
        this.backend = backend;
    }

    /** The scores of each topology, in order; a topology repeated within the list is evaluated once. */
    List<Scores> score(List<Topology> topologies) {
        Map<Topology, Scores> fresh = new LinkedHashMap<>();
        for (Topology t : topologies) {
            if (!known.containsKey(t)) {
                fresh.put(t, null);
            }
        }
        if (!fresh.isEmpty()) {
            List<Topology> missing = new ArrayList<>(fresh.keySet());
            var results = backend.evaluate(settings, missing);
            for (int i = 0; i < missing.size(); i++) {
                Scores s = Scores.of(results.get(i));
                fresh.put(missing.get(i), s);
            }
        }
        List<Scores> out = new ArrayList<>();
        for (Topology t : topologies) {
            Scores s = known.get(t);
            if (s != null) {
                hits++;
                out.add(s.asCacheHit());
            } else {
                s = fresh.get(t);
                known.put(t, s);
                out.add(s);
            }
        }
        return out;
    }

    /** Remembers scores computed earlier (a resumed run's steps). */
    void remember(Scores scores) {
        known.putIfAbsent(scores.topology(), new Scores(scores.topology(), scores.ntk(), scores.lengthDistortion(),
                scores.params(), scores.flops(), false));
    }

    long hits() {
        return hits;
    }

    void setHits(long restored) {
        hits = restored;
    }
}
