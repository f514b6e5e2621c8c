package org.asvit.study;

import java.util.Map;

/**
 * One topology of a study: what it is, its training-free metrics, and what training gave.
 *
 * @param index        position in the study's list
 * @param arch         the topology
 * @param params       parameters (for the study's classes)
 * @param flops        FLOPs at the study's image size
 * @param metrics      each metric's mean over the repeats, by its JSON name (NaN when bad)
 * @param accuracy     final validation accuracy in [0, 1]
 * @param trainSeconds wall time of training
 * @param metricSeconds wall time of the metrics
 */
public record StudyRow(int index, String arch, long params, long flops, Map<String, Double> metrics, double accuracy,
                       double trainSeconds, double metricSeconds) {
    public StudyRow {
        metrics = Map.copyOf(metrics);
    }
}
