package org.asvit.training;

import org.asvit.InvalidSettingException;

/**
 * The settings of a training run that determine its numbers.
 *
 * @param epochs         epochs, at least 1
 * @param batchSize      images per optimiser step
 * @param learningRate   peak learning rate (after warmup)
 * @param weightDecay    AdamW's decoupled weight decay (conv and Linear weights only)
 * @param warmupEpochs   epochs of linear warmup, fewer than {@code epochs}
 * @param labelSmoothing label smoothing of the training loss, in [0, 1)
 * @param augment        random crop with padding and horizontal flip on the training images
 * @param seed           seed of every random stream ({@link RandomStreams})
 */
public record TrainingSettings(int epochs, int batchSize, double learningRate, double weightDecay, int warmupEpochs,
                               double labelSmoothing, boolean augment, long seed) {
    public TrainingSettings {
        if (epochs < 1) {
            throw new InvalidSettingException("{epochs} must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new InvalidSettingException("{batchSize} must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InvalidSettingException("{learningRate} must be a positive number, got " + learningRate);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new InvalidSettingException("{weightDecay} must be >= 0, got " + weightDecay);
        }
        if (warmupEpochs < 0 || warmupEpochs >= epochs) {
            throw new InvalidSettingException("{warmupEpochs} must be in 0.." + (epochs - 1) + " (fewer epochs than {epochs} "
                    + epochs + "), got " + warmupEpochs);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new InvalidSettingException("{labelSmoothing} must be in [0, 1), got " + labelSmoothing);
        }
    }
}
