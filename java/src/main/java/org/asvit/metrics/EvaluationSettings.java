package org.asvit.metrics;

import org.asvit.model.KernelChoice;
import org.asvit.model.ParameterStore;
import org.asvit.runtime.TensorKind;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How to evaluate topologies. Defaults follow the reference's search: 224 px, NTK and length
 * distortion, 5 repeats, batch 16, 10 angles, seeded inputs, 1000 classes, CPU float32.
 *
 * @param imageSize  image side (divisible by 32)
 * @param metrics    which metrics
 * @param repeats    fresh initialisations per topology (ignored with fixed weights: one repeat)
 * @param batch      NTK batch size
 * @param seed       the seed everything random derives from
 * @param classes    head classes (counts only; the metrics do not use the head)
 * @param kind       device and precision
 * @param ntkInputs  the NTK batch
 * @param circles    each repeat's circle
 * @param weights    fixed weights instead of fresh initialisations, or null; called once per evaluation,
 *                   the evaluator closes what it returns
 * @param kernels    who computes the attention: native kernels where they apply (auto, the default),
 *                   native kernels or nothing (native), or the libtorch composition (libtorch)
 * @param memory     the memory an evaluation may take, checked before each topology's networks are built
 *                   (default: what the machine has available then)
 */
public record EvaluationSettings(int imageSize, Set<Metric> metrics, int repeats, int batch, long seed, int classes,
                                 TensorKind kind, NtkInputs ntkInputs, CircleSource circles,
                                 Supplier<ParameterStore> weights, KernelChoice kernels,
                                 MemoryBudget memory) {
    public static final int CURVE_POINTS = 10;

    public EvaluationSettings {
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("no metric asked for; accepted: " + Metric.acceptedNames());
        }
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
        if (batch < 2) {
            throw new IllegalArgumentException("the NTK batch must hold at least 2 samples, got " + batch);
        }
        metrics = Set.copyOf(metrics);
        if (kernels == null) {
            throw new IllegalArgumentException("kernels must be one of " + KernelChoice.acceptedNames());
        }
        if (memory == null) {
            throw new IllegalArgumentException("memory must be a budget: " + MemoryBudget.ACCEPTED);
        }
    }

    public static EvaluationSettings defaults(int imageSize) {
        long seed = 0;
        return new EvaluationSettings(imageSize, EnumSet.of(Metric.NTK, Metric.LENGTH), 5, 16, seed, 1000,
                TensorKind.CPU_FLOAT, NtkInputs.seededNormal(seed), CircleSource.seeded(seed, CURVE_POINTS), null,
                KernelChoice.AUTO, MemoryBudget.AVAILABLE);
    }

    public EvaluationSettings withMetrics(Set<Metric> m) {
        return new EvaluationSettings(imageSize, m, repeats, batch, seed, classes, kind, ntkInputs, circles, weights, kernels, memory);
    }

    public EvaluationSettings withRepeats(int r) {
        return new EvaluationSettings(imageSize, metrics, r, batch, seed, classes, kind, ntkInputs, circles, weights, kernels, memory);
    }

    public EvaluationSettings withBatch(int b) {
        return new EvaluationSettings(imageSize, metrics, repeats, b, seed, classes, kind, ntkInputs, circles, weights, kernels, memory);
    }

    /** A new seed for everything seeded; fixed inputs stay as they are. */
    public EvaluationSettings withSeed(long s, boolean reseedInputs) {
        return new EvaluationSettings(imageSize, metrics, repeats, batch, s, classes, kind,
                reseedInputs ? NtkInputs.seededNormal(s) : ntkInputs,
                reseedInputs ? CircleSource.seeded(s, CURVE_POINTS) : circles, weights, kernels, memory);
    }

    public EvaluationSettings withClasses(int c) {
        return new EvaluationSettings(imageSize, metrics, repeats, batch, seed, c, kind, ntkInputs, circles, weights, kernels, memory);
    }

    public EvaluationSettings withKind(TensorKind k) {
        return new EvaluationSettings(imageSize, metrics, repeats, batch, seed, classes, k, ntkInputs, circles, weights, kernels, memory);
    }

    public EvaluationSettings withNtkInputs(NtkInputs n) {
        return new EvaluationSettings(imageSize, metrics, repeats, batch, seed, classes, kind, n, circles, weights, kernels, memory);
    }

    public EvaluationSettings withCircles(CircleSource c) {
        return new EvaluationSettings(imageSize, metrics, repeats, batch, seed, classes, kind, ntkInputs, c, weights, kernels, memory);
    }

    public EvaluationSettings withWeights(Supplier<ParameterStore> w) {
        return new EvaluationSettings(imageSize, metrics, repeats, batch, seed, classes, kind, ntkInputs, circles, w, kernels, memory);
    }

    public EvaluationSettings withKernels(KernelChoice k) {
        return new EvaluationSettings(imageSize, metrics, repeats, batch, seed, classes, kind, ntkInputs, circles,
                weights, k, memory);
    }

    public EvaluationSettings withMemory(MemoryBudget m) {
        return new EvaluationSettings(imageSize, metrics, repeats, batch, seed, classes, kind, ntkInputs, circles,
                weights, kernels, m);
    }

    /** Repeats actually run: one with fixed weights. */
    public int effectiveRepeats() {
        return weights == null ? repeats : 1;
    }
}
