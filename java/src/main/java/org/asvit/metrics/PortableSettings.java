package org.asvit.metrics;

import org.asvit.InvalidSettingException;
import org.asvit.io.DType;
import org.asvit.io.TensorData;
import org.asvit.runtime.TensorKind;

import java.io.Serializable;
import java.util.EnumSet;
import java.util.List;

/**
 * {@link EvaluationSettings} as plain values that can travel to another JVM (a Spark executor) and be
 * rebuilt there. Seeded inputs travel as their seeds and are drawn again on the other side from the
 * same CPU generators, so they are bitwise the same; a fixed NTK batch (images) travels as its values.
 * Fixed weights and fixed circles (from a safetensors file) have no portable form and are refused.
 *
 * @param imageSize  image side
 * @param metrics    metric names ({@link Metric#cliName()})
 * @param repeats    initialisations per topology
 * @param batch      NTK batch size
 * @param seed       the settings' seed (initialisations)
 * @param classes    head classes
 * @param device     the driver's device, "cpu" or "cuda" (an executor may choose its own)
 * @param ntkSeed    the seed of a seeded NTK batch, or null when {@code ntkShape} is given
 * @param ntkDType   a fixed batch's stored type, or null
 * @param ntkShape   a fixed batch's shape, or null
 * @param ntkValues  a fixed batch's values, or null
 * @param ntkSource  a fixed batch's description, or null
 * @param circleSeed the circles' seed
 * @param circlePoints angles on each circle
 * @param kernels    native kernels or libtorch for the curve pass
 */
public record PortableSettings(int imageSize, List<String> metrics, int repeats, int batch, long seed, int classes,
                               String device, Long ntkSeed, DType ntkDType, long[] ntkShape, float[] ntkValues,
                               String ntkSource, long circleSeed, int circlePoints,
                               org.asvit.model.KernelChoice kernels, MemoryBudget memory) implements Serializable {

    /** The portable form of {@code s}. */
    public static PortableSettings of(EvaluationSettings s) {
        if (s.weights() != null) {
            throw new InvalidSettingException("evaluations with fixed weights ({weights}) cannot be sent to other "
                    + "JVMs; use {backend} local or threads:N");
        }
        if (!(s.circles() instanceof CircleSource.Seeded circle)) {
            throw new InvalidSettingException("a fixed circle (" + s.circles().describe() + ") cannot be sent to "
                    + "other JVMs; use {backend} local or threads:N");
        }
        List<String> metrics = new java.util.ArrayList<>(s.metrics().stream().sorted().map(Metric::cliName).toList());
        if (s.ntkInputs() instanceof NtkInputs.SeededNormal seeded) {
            return new PortableSettings(s.imageSize(), metrics, s.repeats(), s.batch(), s.seed(), s.classes(),
                    s.kind().deviceName(), seeded.seed(), null, null, null, null, circle.seed(), circle.points(), s.kernels(),
                    s.memory());
        }
        if (s.ntkInputs() instanceof NtkInputs.Fixed fixed) {
            TensorData d = fixed.data();
            return new PortableSettings(s.imageSize(), metrics, s.repeats(), s.batch(), s.seed(), s.classes(),
                    s.kind().deviceName(), null, d.dtype(), d.shape(), d.values().clone(), fixed.description(),
                    circle.seed(), circle.points(), s.kernels(), s.memory());
        }
        throw new IllegalArgumentException("NTK inputs " + s.ntkInputs().describe() + " cannot be sent to other JVMs");
    }

    /** The settings on the driver's device. */
    public EvaluationSettings rebuild() {
        return rebuild(TensorKind.forDevice(device));
    }

    /** The settings on {@code kind} (an executor's own device). */
    public EvaluationSettings rebuild(TensorKind kind) {
        EnumSet<Metric> set = EnumSet.copyOf(Metric.parseList(String.join(",", metrics)));
        NtkInputs ntk = ntkSeed != null ? NtkInputs.seededNormal(ntkSeed)
                : NtkInputs.fixed(new TensorData(ntkDType, ntkShape, ntkValues.clone()), ntkSource);
        return new EvaluationSettings(imageSize, set, repeats, batch, seed, classes, kind, ntk,
                CircleSource.seeded(circleSeed, circlePoints), null, kernels, memory);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortableSettings p && imageSize == p.imageSize && metrics.equals(p.metrics)
                && repeats == p.repeats && batch == p.batch && seed == p.seed && classes == p.classes
                && device.equals(p.device) && java.util.Objects.equals(ntkSeed, p.ntkSeed) && ntkDType == p.ntkDType
                && java.util.Arrays.equals(ntkShape, p.ntkShape) && java.util.Arrays.equals(ntkValues, p.ntkValues)
                && java.util.Objects.equals(ntkSource, p.ntkSource) && circleSeed == p.circleSeed
                && circlePoints == p.circlePoints && kernels == p.kernels && memory.equals(p.memory);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(imageSize, metrics, repeats, batch, seed, device, ntkSeed, circleSeed,
                java.util.Arrays.hashCode(ntkValues));
    }
}
