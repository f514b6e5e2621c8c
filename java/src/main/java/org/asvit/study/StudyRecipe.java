package org.asvit.study;

import org.asvit.model.AsVitNetwork;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.asvit.training.AdamW;
import org.asvit.training.Augmentation;
import org.asvit.training.BatchLoader;
import org.asvit.training.EpochRecord;
import org.asvit.training.LabelledImages;
import org.asvit.training.RandomStreams;
import org.asvit.training.RetokenizationSchedule;
import org.asvit.training.Trainer;
import org.asvit.training.TrainingSettings;

import java.io.IOException;
import java.util.List;

/**
 * The one fixed training recipe every topology of a study gets: the {@code train} command's loop
 * ({@link Trainer}: AdamW, warmup and cosine decay, label smoothing, augmentation), at stride 4
 * throughout, from an initialisation seeded by the study's seed, on the same images.
 *
 * @param settings      epochs, batch, learning rate, ... (the same for every topology)
 * @param imageSize     image side
 * @param loaderThreads threads decoding images ahead of the training step
 */
public record StudyRecipe(TrainingSettings settings, int imageSize, int loaderThreads) {

    /** What training one topology gave. */
    public record Outcome(double valAccuracy, double trainLoss, double seconds) {
    }

    /** Trains {@code topology} on {@code training} and returns its final accuracy on {@code validation}. */
    public Outcome train(Topology topology, LabelledImages training, LabelledImages validation, TensorKind kind)
            throws IOException {
        topology.validateImageSize(imageSize);
        RandomStreams random = new RandomStreams(settings.seed());
        long start = System.nanoTime();
        int classes = training.classes().size();
        try (AsVitNetwork network = AsVitNetwork.initialised(topology, imageSize, classes, random.initialisation(), kind);
             AdamW optimizer = new AdamW(network.parameters(), settings.weightDecay());
             BatchLoader trainLoader = new BatchLoader(training, imageSize, settings.batchSize(),
                     settings.augment() ? Augmentation.forSide(imageSize) : null, random, loaderThreads,
                     2 * loaderThreads + 2);
             BatchLoader valLoader = new BatchLoader(validation, imageSize, settings.batchSize(), null, random,
                     loaderThreads, 2 * loaderThreads + 2)) {
            Trainer trainer = new Trainer(network, optimizer, settings, RetokenizationSchedule.none(settings.epochs()),
                    trainLoader, valLoader);
            List<EpochRecord> records = trainer.run(1, record -> { });
            EpochRecord last = records.get(records.size() - 1);
            return new Outcome(last.valAccuracy(), last.trainLoss(), (System.nanoTime() - start) / 1e9);
        }
    }
}
