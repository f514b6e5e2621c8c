package org.asvit.cli;

import org.asvit.metrics.EvaluationResult;
import org.asvit.metrics.Metric;
import org.asvit.metrics.MetricSummary;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class MetricAgreementTest {

    private static EvaluationResult result(String device, double ntk, double length, double curvature, double kappa) {
        Map<Metric, MetricSummary> m = new EnumMap<>(Metric.class);
        m.put(Metric.NTK, MetricSummary.of(new double[]{ntk}, 0));
        m.put(Metric.LENGTH, MetricSummary.of(new double[]{length}, 0));
        m.put(Metric.CURVATURE, MetricSummary.of(new double[]{curvature}, 0));
        m.put(Metric.LENGTH_KAPPA, MetricSummary.of(new double[]{kappa}, 0));
        return new EvaluationResult(Topology.parse(DoctorCommand.ARCH), 64, 1, 1, m, device, "seeded");
    }

    @Test
    void eachMetricAgainstItsFixtureTolerance() {
        EvaluationResult cpu = result("cpu", 2.0, 0.5, 1000, 10);
        // NTK off by 5e-4 (limit 1e-3), L^E by 2e-4 (limit 1e-4), curvature by 2e-3 (limit 1e-3), L^E_kappa exact.
        EvaluationResult cuda = result("cuda", 2.001, 0.5001, 1002, 10);
        List<MetricAgreement.Difference> d = MetricAgreement.compare(cpu, cuda);
        assertEquals(List.of(Metric.NTK, Metric.LENGTH, Metric.CURVATURE, Metric.LENGTH_KAPPA),
                d.stream().map(MetricAgreement.Difference::metric).toList());
        assertEquals(5e-4, d.get(0).relative(), 1e-12);
        assertTrue(d.get(0).ok());
        assertEquals(2e-4, d.get(1).relative(), 1e-12);
        assertFalse(d.get(1).ok());
        assertFalse(d.get(2).ok());
        assertEquals(0, d.get(3).relative());
        assertTrue(d.get(3).ok());
        assertEquals("length        0.500000 vs 0.500100: relative difference 2.00e-04 (limit 1e-04) DIFFERS",
                d.get(1).describe());
    }

    /** The doctor compares every metric: a new metric without a tolerance fails here, not on a GPU. */
    @Test
    void everyMetricHasATolerance() {
        assertEquals(EnumSet.allOf(Metric.class), EnumSet.copyOf(MetricAgreement.TOLERANCES.keySet()));
    }

    @Test
    void aNonFiniteValueNeverAgrees() {
        EvaluationResult cpu = result("cpu", Double.NaN, 0.5, 1000, 10);
        EvaluationResult cuda = result("cuda", Double.NaN, 0.5, Double.POSITIVE_INFINITY, 10);
        List<MetricAgreement.Difference> d = MetricAgreement.compare(cpu, cuda);
        assertFalse(d.get(0).ok());
        assertTrue(d.get(1).ok());
        assertFalse(d.get(2).ok());
    }
}
