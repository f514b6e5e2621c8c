package org.asvit.training;

/**
 * What one epoch of training did and measured.
 *
 * @param epoch           1-based
 * @param stride          stride of the stage-1 projection during the epoch
 * @param dilation        its dilation
 * @param tokens          stage-1 tokens per image (R1 * R1) at that stride
 * @param learningRate    the learning rate of the epoch's last step
 * @param trainLoss       mean training loss (label-smoothed, as optimised) over the epoch's images
 * @param trainAccuracy   top-1 accuracy on the epoch's augmented training batches, as they were trained on
 * @param valLoss         plain cross-entropy on the validation images after the epoch; NaN without validation data
 * @param valAccuracy     top-1 accuracy on them; NaN without validation data
 * @param seconds         wall time of the epoch: training and validation
 * @param imagesPerSecond training images per second of training time (validation excluded)
 * @param flops           training FLOPs of the epoch: 3 x the forward FLOPs per image at this stride x images
 *                        (a backward pass costs about twice the forward)
 */
public record EpochRecord(int epoch, int stride, int dilation, long tokens, double learningRate,
                          double trainLoss, double trainAccuracy, double valLoss, double valAccuracy,
                          double seconds, double imagesPerSecond, long flops) {
}
