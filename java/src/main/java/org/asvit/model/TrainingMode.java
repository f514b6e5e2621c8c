package org.asvit.model;

import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.global.torch;

/**
 * Whether a network is training, and the random stream its stochastic depth draws from. In evaluation
 * mode (the default, and what every metric uses) the forward is deterministic. The reference's search
 * and metrics use no dropout and no drop-path, so the two modes compute the same there; they differ
 * only when a drop-path rate is set for training.
 */
final class TrainingMode {
    private volatile boolean training;
    private Generator generator;

    boolean training() {
        return training;
    }

    /** Enters or leaves training mode; entering reseeds the mask stream so that runs are reproducible. */
    synchronized void set(boolean training, long seed) {
        this.training = training;
        if (training) {
            if (generator != null) {
                generator.releaseReference();
            }
            generator = torch.createCPUGenerator(seed);
            generator.retainReference();
        }
    }

    synchronized Generator generator() {
        return generator;
    }

    synchronized void close() {
        if (generator != null) {
            generator.releaseReference();
            generator = null;
        }
    }
}
