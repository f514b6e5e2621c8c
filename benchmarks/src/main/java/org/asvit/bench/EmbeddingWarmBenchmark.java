package org.asvit.bench;

import org.asvit.metrics.Circle;
import org.asvit.metrics.CurveDerivatives;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.Metric;
import org.asvit.metrics.NtkCondition;
import org.asvit.model.AsVitNetwork;
import org.asvit.model.KernelLog;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A warm evaluation through the public API against the same work done below it: one repeat of the seed
 * topology, NTK and length distortion (the defaults), at 32 and 64 px. {@code publicApi} is
 * {@link Evaluator#evaluate}; {@code sameWorkBelow} builds the same network, NTK batch and circle and
 * computes the same two passes directly, without the API's checks (image size, memory estimate),
 * non-finite scan and summaries. The difference is what the API costs per call.
 *
 * <p>Run: {@code java -jar benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar EmbeddingWarmBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xss8m")
@State(Scope.Benchmark)
public class EmbeddingWarmBenchmark {
    @Param({"32", "64"})
    public int imageSize;

    private static final Topology SEED = Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32");
    private EvaluationSettings settings;
    private Evaluator evaluator;

    @Setup(Level.Trial)
    public void setUp() {
        settings = EvaluationSettings.defaults(imageSize).withRepeats(1);
        evaluator = new Evaluator(settings);
    }

    @Benchmark
    public double publicApi() {
        return evaluator.evaluate(SEED).get(Metric.NTK).mean();
    }

    @Benchmark
    public double sameWorkBelow() {
        try (PointerScope scope = new PointerScope()) {
            Tensor batch = settings.ntkInputs().batch(settings.batch(), imageSize, settings.kind());
            try (AsVitNetwork network = AsVitNetwork.initialised(SEED, imageSize, settings.classes(), 1,
                    settings.kind())) {
                double ntk = NtkCondition.compute(network, batch, settings.kernels(), new KernelLog()).condition();
                Circle circle = settings.circles().circle(0, imageSize, settings.kind());
                double length = CurveDerivatives.compute(network, circle, false, settings.kernels())
                        .geometry().lengthDistortion();
                return ntk + length;
            }
        }
    }
}
