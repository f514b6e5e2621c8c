package org.asvit.metrics;

/**
 * The outcome of one job of a list of evaluations: its result, or the error that stopped it. An invalid
 * topology string or a failed evaluation becomes an error row and never stops the other jobs.
 *
 * @param arch    the topology as given
 * @param result  its metrics, or null when {@code error} is set
 * @param error   one line saying why there is no result, or null
 * @param seconds wall-clock seconds the job took where it ran
 */
public record EvaluationRow(String arch, EvaluationResult result, String error, double seconds) {

    public EvaluationRow {
        if ((result == null) == (error == null)) {
            throw new IllegalArgumentException("a row holds either a result or an error");
        }
    }

    public boolean ok() {
        return error == null;
    }

    /** Parses and evaluates {@code arch} with {@code evaluator}, catching any failure into the row. */
    public static EvaluationRow run(Evaluator evaluator, String arch) {
        long start = System.nanoTime();
        try {
            EvaluationResult r = evaluator.evaluate(org.asvit.topology.Topology.parse(arch));
            return new EvaluationRow(arch, r, null, seconds(start));
        } catch (RuntimeException e) {
            return failed(arch, e, seconds(start));
        }
    }

    public static EvaluationRow failed(String arch, Throwable e, double seconds) {
        return new EvaluationRow(arch, null, describe(e), seconds);
    }

    /** The first line of the message (native errors run to many lines), or the class name. */
    static String describe(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getName();
        }
        String first = message.strip().lines().findFirst().orElse("");
        return (e instanceof IllegalArgumentException ? "" : e.getClass().getSimpleName() + ": ") + first;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
