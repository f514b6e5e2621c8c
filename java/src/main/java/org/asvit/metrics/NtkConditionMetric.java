package org.asvit.metrics;

/** NTK condition number (trainability; lower is better): {@link NtkCondition} on the shared batch. */
final class NtkConditionMetric implements MetricDefinition {
    @Override
    public String cliName() {
        return "ntk";
    }

    @Override
    public String jsonName() {
        return "ntkCond";
    }

    @Override
    public Pass pass() {
        return Pass.NTK;
    }

    @Override
    public double value(PassResults results) {
        return results.ntk().condition();
    }

    /** NtkCondition says why (a singular Gram matrix, non-finite values) whatever the value. */
    @Override
    public String reason(PassResults results, double value) {
        return results.ntk().reason();
    }
}
