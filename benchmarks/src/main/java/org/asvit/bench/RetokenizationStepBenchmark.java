package org.asvit.bench;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.NormMode;
import org.asvit.metrics.NtkInputs;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One training step of progressive re-tokenisation at each stage-1 stride: forward to the logits,
 * cross-entropy, gradients of every parameter by one backward pass, and a plain gradient-descent update
 * of every parameter (no optimiser state, so the step measures the network, not an optimiser). Reported
 * as images per second ({@link OperationsPerInvocation} = the batch), to set beside the forward-FLOPs
 * ratios of {@code asvit count --stride} / {@code asvit schedule}.
 *
 * <p>Run: {@code java -jar benchmarks/target/asvit-benchmarks-0.1.0-SNAPSHOT.jar RetokenizationStepBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@OperationsPerInvocation(RetokenizationStepBenchmark.BATCH)
public class RetokenizationStepBenchmark extends PreparedNetwork {
    /** Images per step. */
    static final int BATCH = 8;
    private static final int CLASSES = 10;
    /** Small enough that the weights stay near their initialisation over the benchmark's steps. */
    private static final double LEARNING_RATE = 1e-4;

    @Param({"224"})
    public int imageSize;

    @Param({"16", "8", "4"})
    public int stride;

    private Tensor images;
    private Tensor labels;
    private TensorVector weights;

    @Setup(Level.Trial)
    public void setUp() {
        TensorKind kind = configure();
        network = AsVitNetwork.initialised(Topology.parse(arch), imageSize, CLASSES, 1, kind);
        network.setStride(stride);
        network.train(0);
        try (PointerScope scope = new PointerScope()) {
            images = NtkInputs.seededNormal(0).batch(BATCH, imageSize, kind);
            labels = torch.arange(new Scalar(BATCH)).remainder(new Scalar(CLASSES)).to(kind.device(), torch.ScalarType.Long);
            images.retainReference();
            labels.retainReference();
        }
        weights = new TensorVector();
        network.parameters().all().values().forEach(weights::push_back);
    }

    /** One step; returns the loss (before the update) so that nothing is optimised away. */
    @Benchmark
    public double step() {
        try (PointerScope scope = new PointerScope()) {
            Tensor logits = network.logits(images, NormMode.LAYER_NORM);
            Tensor loss = logits.log_softmax(1).gather(1, labels.unsqueeze(1)).neg().mean();
            TensorVector grads = torch.grad(new TensorVector(loss), weights, new TensorVector(),
                    new BoolOptional(false), false, true);
            try (NoGradGuard noGrad = new NoGradGuard()) {
                for (long i = 0; i < weights.size(); i++) {
                    Tensor g = grads.get(i);
                    if (g.defined()) {
                        weights.get(i).add_(g, new Scalar(-LEARNING_RATE));
                    }
                }
            }
            return loss.item_double();
        }
    }

    @TearDown(Level.Trial)
    public void releaseBatch() {
        if (images != null) {
            images.releaseReference();
            labels.releaseReference();
            images = null;
        }
    }
}
