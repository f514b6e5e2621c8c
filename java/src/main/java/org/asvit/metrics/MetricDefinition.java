package org.asvit.metrics;

/**
 * One training-free metric: which pass of the evaluator it reads and how it turns that pass into one
 * repeat's number. A new metric is one class implementing this; the built-in ones are registered in
 * {@link Metric}, and {@link Evaluator#evaluate(org.asvit.topology.Topology, java.util.List)} takes any
 * others directly. The evaluator runs each pass at most once per repeat, however many metrics read it.
 */
public interface MetricDefinition {
    /** What the evaluator computes for a repeat before asking the metrics that read it. */
    enum Pass {
        /** The NTK's condition number on the shared batch ({@link NtkCondition}). */
        NTK,
        /** The output curve's velocity on the repeat's circle ({@link CurveDerivatives}, first order). */
        CURVE,
        /** The output curve's velocity and acceleration (second order). */
        CURVE_WITH_ACCELERATION;

        public boolean isCurve() {
            return this != NTK;
        }
    }

    /** The name on the command line and in settings, e.g. {@code length}. */
    String cliName();

    /** The name in JSON output, e.g. {@code lengthDistortion}. */
    String jsonName();

    Pass pass();

    /** This repeat's value from its pass; NaN where it means nothing. */
    double value(PassResults results);

    /** Why {@code value} means nothing (null when it is fine); a curve that stands still by default. */
    default String reason(PassResults results, double value) {
        return Double.isFinite(value) ? null : results.curve().whyNotFinite();
    }

    /**
     * What the passes of one repeat produced: the NTK's result (null unless an NTK metric was asked for)
     * and the curve's geometry (null unless a curve metric was asked for).
     */
    record PassResults(NtkCondition.Result ntk, CurveGeometry curve) {
    }
}
