package org.asvit.study;

import org.asvit.metrics.Metric;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * How well each training-free quantity ranks the studied topologies as their trained accuracy does:
 * Kendall tau-b and Spearman rho with bootstrap 95% intervals, for every metric, the search's reward
 * rank, parameters and FLOPs. A quantity "beats the trivial proxies" when its |tau| exceeds both that of
 * the parameter count and that of the FLOPs.
 */
public final class StudyReport {
    /** The quantities compared, in report order: every metric, the reward rank, then the trivial proxies. */
    public static final List<String> QUANTITIES = quantities();
    public static final String REWARD_RANK = "rewardRank";
    public static final String PARAMS = "params";
    public static final String FLOPS = "flops";

    /** One quantity's correlations with accuracy. */
    public record Correlation(String quantity, RankCorrelation.Estimate kendall, RankCorrelation.Estimate spearman,
                              boolean beatsParamsAndFlops) {
    }

    private StudyReport() {
    }

    private static List<String> quantities() {
        List<String> q = new ArrayList<>();
        for (Metric m : Metric.values()) {
            q.add(m.jsonName());
        }
        q.add(REWARD_RANK);
        q.add(PARAMS);
        q.add(FLOPS);
        return List.copyOf(q);
    }

    /** Every quantity's values over the rows, in row order. */
    public static Map<String, double[]> values(List<StudyRow> rows) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Metric m : Metric.values()) {
            out.put(m.jsonName(), column(rows, r -> r.metrics().getOrDefault(m.jsonName(), Double.NaN)));
        }
        out.put(REWARD_RANK, rewardRank(column(rows, r -> r.metrics().getOrDefault(Metric.NTK.jsonName(), Double.NaN)),
                column(rows, r -> r.metrics().getOrDefault(Metric.LENGTH.jsonName(), Double.NaN))));
        out.put(PARAMS, column(rows, StudyRow::params));
        out.put(FLOPS, column(rows, StudyRow::flops));
        return out;
    }

    /**
     * The search's combined rank: the average rank by NTK (ascending: the smallest NTK ranks 1) plus the
     * average rank by L^E (descending); lower is better. NaN for a topology either metric of which is bad.
     */
    public static double[] rewardRank(double[] ntk, double[] length) {
        double[] negLength = new double[length.length];
        for (int i = 0; i < length.length; i++) {
            negLength[i] = -length[i];
        }
        double[] a = ranksOfFinite(ntk);
        double[] b = ranksOfFinite(negLength);
        double[] out = new double[ntk.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a[i] + b[i];
        }
        return out;
    }

    /** Correlations of every quantity with accuracy. */
    public static List<Correlation> correlate(List<StudyRow> rows, int resamples, long seed) {
        double[] accuracy = column(rows, StudyRow::accuracy);
        Map<String, double[]> values = values(rows);
        Map<String, RankCorrelation.Estimate[]> estimates = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : values.entrySet()) {
            estimates.put(e.getKey(), new RankCorrelation.Estimate[]{
                    RankCorrelation.bootstrap(RankCorrelation.Statistic.KENDALL_TAU_B, e.getValue(), accuracy, resamples, seed),
                    RankCorrelation.bootstrap(RankCorrelation.Statistic.SPEARMAN_RHO, e.getValue(), accuracy, resamples, seed)});
        }
        double trivial = Math.max(Math.abs(estimates.get(PARAMS)[0].value()), Math.abs(estimates.get(FLOPS)[0].value()));
        List<Correlation> out = new ArrayList<>();
        for (Map.Entry<String, RankCorrelation.Estimate[]> e : estimates.entrySet()) {
            double tau = Math.abs(e.getValue()[0].value());
            boolean trivialProxy = e.getKey().equals(PARAMS) || e.getKey().equals(FLOPS);
            out.add(new Correlation(e.getKey(), e.getValue()[0], e.getValue()[1],
                    !trivialProxy && Double.isFinite(tau) && tau > trivial));
        }
        return out;
    }

    private static double[] ranksOfFinite(double[] values) {
        List<Integer> finite = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                finite.add(i);
            }
        }
        double[] compact = finite.stream().mapToDouble(i -> values[i]).toArray();
        double[] ranks = RankCorrelation.averageRanks(compact);
        double[] out = new double[values.length];
        java.util.Arrays.fill(out, Double.NaN);
        for (int k = 0; k < finite.size(); k++) {
            out[finite.get(k)] = ranks[k];
        }
        return out;
    }

    private static double[] column(List<StudyRow> rows, ToDoubleFunction<StudyRow> f) {
        return rows.stream().mapToDouble(f).toArray();
    }
}
