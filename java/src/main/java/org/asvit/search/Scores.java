package org.asvit.search;

import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.Metric;
import org.asvit.topology.Topology;

/**
 * What the search knows of one topology: its two metrics (NaN when every repeat was bad), its
 * parameters and FLOPs at the search's image size, and whether they came from the cache.
 *
 * @param topology         the topology, seed form
 * @param ntk              mean NTK condition number over the good repeats, NaN when all were bad
 * @param lengthDistortion mean L^E over the good repeats, NaN when all were bad
 * @param params           parameters (1000 classes, as the reference counts)
 * @param flops            FLOPs at the search's image size, the reference's counting
 * @param cacheHit         whether these numbers were reused from an earlier evaluation of the same topology
 */
public record Scores(Topology topology, double ntk, double lengthDistortion, long params, long flops,
                     boolean cacheHit) {

    static Scores of(EvaluationResult result) {
        return new Scores(result.topology(), result.get(Metric.NTK).mean(), result.get(Metric.LENGTH).mean(),
                result.params(), result.flops(), false);
    }

    Scores asCacheHit() {
        return new Scores(topology, ntk, lengthDistortion, params, flops, true);
    }

    /** Whether the topology is bad: no repeat gave a usable NTK condition number. */
    public boolean bad() {
        return MetricBuffer.isBad(ntk);
    }
}
