package org.asvit.search;

/**
 * The outcome of a search.
 *
 * @param derived   the topology of the most probable choice of every factor (the paper's result)
 * @param scores    its metrics
 * @param entropy   the policy's entropy at the end
 * @param state     the final state (all steps)
 * @param completed false when the search was stopped before its last step
 */
public record SearchResult(org.asvit.topology.Topology derived, Scores scores, double entropy, SearchState state, boolean completed) {
}
