package org.asvit.training;

import java.util.SplittableRandom;

/**
 * Every random stream of a training run, each a pure function of (seed, purpose, epoch, position): the
 * order of the training images in an epoch, each image's augmentation, each step's drop-path masks, the
 * initial weights. Nothing random is carried from one epoch to the next, so a checkpoint needs no
 * generator state and a resumed run draws exactly what an uninterrupted one would, whatever the
 * timing of the loader threads.
 */
public final class RandomStreams {
    private static final long INITIALISATION = 1;
    private static final long ORDER = 2;
    private static final long AUGMENTATION = 3;
    private static final long DROP_PATH = 4;
    private static final long SUBSET = 5;

    private final long seed;

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** Seed of the initial weights. */
    public long initialisation() {
        return derive(INITIALISATION, 0, 0);
    }

    /** The order of the training images in {@code epoch}. */
    public SplittableRandom order(int epoch) {
        return new SplittableRandom(derive(ORDER, epoch, 0));
    }

    /** The augmentation of the image at {@code position} of {@code epoch}'s order. */
    public SplittableRandom augmentation(int epoch, long position) {
        return new SplittableRandom(derive(AUGMENTATION, epoch, position));
    }

    /** Seed of the drop-path masks of optimiser step {@code step} (counted over the whole run). */
    public long dropPath(long step) {
        return derive(DROP_PATH, 0, step);
    }

    /** Which images a training subset keeps. */
    public SplittableRandom subset() {
        return new SplittableRandom(derive(SUBSET, 0, 0));
    }

    private long derive(long purpose, long epoch, long position) {
        long mixed = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + purpose).nextLong();
        mixed = new SplittableRandom(mixed ^ (epoch * 0xBF58476D1CE4E5B9L)).nextLong();
        return new SplittableRandom(mixed ^ (position * 0x94D049BB133111EBL)).nextLong() & Long.MAX_VALUE;
    }
}
