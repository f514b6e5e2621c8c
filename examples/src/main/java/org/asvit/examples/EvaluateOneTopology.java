package org.asvit.examples;

import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.metrics.MetricSummary;
import org.asvit.topology.Topology;

/** The README's example: the training-free metrics of one topology through the library. */
public final class EvaluateOneTopology {
    private EvaluateOneTopology() {
    }

    /** Arguments: the image size (default 224). Run on a thread with an 8 MB stack (java -Xss8m). */
    public static void main(String[] args) {
        int imageSize = args.length > 0 ? Integer.parseInt(args[0]) : 224;
        // The defaults: NTK condition number and length distortion; here 2 repeats (fresh initialisations).
        Evaluator evaluator = new Evaluator(EvaluationSettings.defaults(imageSize).withRepeats(2));
        EvaluationResult result = evaluator.evaluate(Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32"));
        for (Metric metric : result.metrics().keySet()) {
            MetricSummary summary = result.get(metric);
            // mean over the good repeats; a bad repeat is NaN and summary.reason(r) says why
            System.out.println(metric.cliName() + " " + summary.mean() + " (bad repeats: " + summary.badRepeats() + ")");
        }
    }
}
