package org.asvit.training;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.Complexity;
import org.asvit.model.NormMode;
import org.asvit.topology.Projection;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains an {@link AsVitNetwork} with libtorch autograd: per epoch, the stage-1 projection the
 * re-tokenisation schedule gives for it, then one pass over the shuffled, augmented training images in
 * batches (forward, label-smoothed cross-entropy, gradients, one AdamW update at the step's learning
 * rate), then a pass over the validation images in evaluation mode.
 *
 * <p>Every tensor of a step lives in that step's pointer scope, so native memory stays flat over a run.
 * Every random draw comes from {@link RandomStreams} as a function of (seed, epoch, position), so a
 * run resumed after epoch k from its checkpoint (weights and optimiser state) computes exactly what the
 * uninterrupted run computes.
 */
public final class Trainer {
    /** What the caller hears about while training runs. */
    public interface Listener {
        /** After each training step: {@code done} of {@code total} batches of the epoch, the running loss. */
        default void step(int epoch, int done, int total, double runningLoss) {
        }

        /** After each epoch, with its record; the place to write a checkpoint. */
        void epoch(EpochRecord record) throws IOException;
    }

    private final AsVitNetwork network;
    private final AdamW optimizer;
    private final TrainingSettings settings;
    private final RetokenizationSchedule schedule;
    private final BatchLoader train;
    private final BatchLoader validation;
    private final RandomStreams random;
    private final SmoothedCrossEntropy criterion;
    private final SmoothedCrossEntropy plainCrossEntropy = new SmoothedCrossEntropy(0);
    private final LearningRateSchedule learningRate;
    private final Map<String, Tensor> parameters;
    private final List<String> parameterNames;

    /**
     * @param validation null for none
     */
    public Trainer(AsVitNetwork network, AdamW optimizer, TrainingSettings settings, RetokenizationSchedule schedule,
                   BatchLoader train, BatchLoader validation) {
        if (schedule.epochs() != settings.epochs()) {
            throw new IllegalArgumentException("the re-tokenisation schedule covers " + schedule.epochs()
                    + " epochs, the run " + settings.epochs());
        }
        this.network = network;
        this.optimizer = optimizer;
        this.settings = settings;
        this.schedule = schedule;
        this.train = train;
        this.validation = validation;
        this.random = new RandomStreams(settings.seed());
        this.criterion = new SmoothedCrossEntropy(settings.labelSmoothing());
        long perEpoch = train.batches();
        this.learningRate = new LearningRateSchedule(settings.learningRate(), settings.warmupEpochs() * perEpoch,
                settings.epochs() * perEpoch);
        this.parameters = network.parameters().all();
        this.parameterNames = List.copyOf(parameters.keySet());
    }

    public LearningRateSchedule learningRate() {
        return learningRate;
    }

    /**
     * Trains epochs {@code firstEpoch..settings.epochs()} (1-based); the network and the optimiser must hold
     * the state after epoch {@code firstEpoch - 1}.
     *
     * @return the records of the epochs run
     * @throws IOException when an image cannot be read, or the listener fails to write
     */
    public List<EpochRecord> run(int firstEpoch, Listener listener) throws IOException {
        if (firstEpoch < 1 || firstEpoch > settings.epochs() + 1) {
            throw new IllegalArgumentException("first epoch must be in 1.." + (settings.epochs() + 1) + ", got " + firstEpoch);
        }
        long expectedSteps = (long) (firstEpoch - 1) * train.batches();
        if (optimizer.steps() != expectedSteps) {
            throw new IllegalStateException("the optimiser has taken " + optimizer.steps() + " steps; epoch "
                    + firstEpoch + " starts after " + expectedSteps);
        }
        List<EpochRecord> records = new ArrayList<>();
        for (int epoch = firstEpoch; epoch <= settings.epochs(); epoch++) {
            EpochRecord record = runEpoch(epoch, listener);
            records.add(record);
            listener.epoch(record);
        }
        network.eval();
        return records;
    }

    private EpochRecord runEpoch(int epoch, Listener listener) throws IOException {
        long start = System.nanoTime();
        Projection projection = schedule.projectionAt(epoch, network.topology().kernel(0));
        network.setProjection(projection);
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        double lastLr = 0;
        int total = train.batches();
        try (BatchLoader.Epoch batches = train.epoch(epoch, true)) {
            for (int b = 0; b < total; b++) {
                BatchLoader.Batch batch = batches.next();
                long step = optimizer.steps();
                lastLr = learningRate.at(step);
                double[] lossAndCorrect = trainStep(batch, step, lastLr);
                lossSum += lossAndCorrect[0] * batch.count();
                correct += (long) lossAndCorrect[1];
                seen += batch.count();
                listener.step(epoch, b + 1, total, lossSum / seen);
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        double[] val = validation == null ? new double[] {Double.NaN, Double.NaN} : validate(epoch);
        double seconds = (System.nanoTime() - start) / 1e9;
        int size = network.imageSize();
        long forward = Complexity.flops(network.topology(), size, projection.stride(), network.classes());
        long tokens = Complexity.tokens(network.topology(), size, projection.stride())[0];
        return new EpochRecord(epoch, projection.stride(), projection.dilation(), tokens, lastLr,
                lossSum / seen, (double) correct / seen, val[0], val[1], seconds, seen / trainSeconds,
                3 * forward * seen);
    }

    /** One optimiser step; returns the batch's mean loss and its number of correct predictions. */
    private double[] trainStep(BatchLoader.Batch batch, long step, double lr) {
        try (PointerScope scope = new PointerScope()) {
            Tensor images = network.kind().convert(batch.imageTensor());
            Tensor labels = batch.labelTensor().to(network.kind().device(), torch.ScalarType.Long);
            network.train(random.dropPath(step));
            Tensor logits = network.logits(images, NormMode.LAYER_NORM);
            Tensor loss = criterion.loss(logits, labels);
            TensorVector inputs = new TensorVector();
            List<String> names = parameterNames;
            for (String name : names) {
                inputs.push_back(parameters.get(name));
            }
            TensorVector grads = torch.grad(new TensorVector(loss), inputs, new TensorVector(),
                    new BoolOptional(false), false, true);
            Map<String, Tensor> byName = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                byName.put(names.get(i), grads.get(i));
            }
            optimizer.step(byName, lr);
            double correct;
            try (NoGradGuard noGrad = new NoGradGuard()) {
                correct = logits.argmax(new org.bytedeco.pytorch.LongOptional(1), false).eq(labels).sum().item_double();
            }
            return new double[] {loss.item_double(), correct};
        }
    }

    /** Mean plain cross-entropy and accuracy on the validation images, in evaluation mode. */
    private double[] validate(int epoch) throws IOException {
        network.eval();
        double lossSum = 0;
        long correct = 0;
        long seen = 0;
        try (BatchLoader.Epoch batches = validation.epoch(epoch, false)) {
            while (batches.hasNext()) {
                BatchLoader.Batch batch = batches.next();
                try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
                    Tensor images = network.kind().convert(batch.imageTensor());
                    Tensor labels = batch.labelTensor().to(network.kind().device(), torch.ScalarType.Long);
                    Tensor logits = network.logits(images, NormMode.LAYER_NORM);
                    lossSum += plainCrossEntropy.loss(logits, labels).item_double() * batch.count();
                    correct += (long) logits.argmax(new org.bytedeco.pytorch.LongOptional(1), false).eq(labels)
                            .sum().item_double();
                    seen += batch.count();
                }
            }
        }
        return new double[] {lossSum / seen, (double) correct / seen};
    }
}
