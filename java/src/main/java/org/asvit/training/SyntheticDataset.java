package org.asvit.training;

import org.asvit.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small synthetic image-classification set that a small network learns in a few epochs: class k of
 * N is a disc of straight stripes at angle {@code 180 * k / N} degrees, drawn at a random position and
 * size, with a random stripe period and phase, random foreground and background colours and Gaussian
 * pixel noise. Only the orientation tells the classes apart, so neither colour nor position can be
 * learnt instead.
 *
 * <p>Written as two ImageFolder trees of PNG files, {@code train/classKK/NNNN.png} and
 * {@code val/classKK/NNNN.png}. Every image is a function of (seed, split, class, index).
 */
public final class SyntheticDataset {
    /** Accepted class counts: orientations 180/N degrees apart stay distinguishable at small sizes. */
    public static final int MAX_CLASSES = 12;

    private SyntheticDataset() {
    }

    /**
     * Writes the two trees under {@code out}.
     *
     * @throws IllegalArgumentException for counts or a size outside the accepted ranges
     */
    public static void write(Path out, int classes, int perClass, int valPerClass, int size, long seed)
            throws IOException {
        if (classes < 2 || classes > MAX_CLASSES) {
            throw new IllegalArgumentException("--classes must be in 2.." + MAX_CLASSES + ", got " + classes);
        }
        if (perClass < 1 || valPerClass < 0) {
            throw new IllegalArgumentException("--per-class must be at least 1 and --val-per-class at least 0, got "
                    + perClass + " and " + valPerClass);
        }
        if (size < 8 || size > 1024) {
            throw new IllegalArgumentException("--size must be in 8..1024 pixels, got " + size);
        }
        writeSplit(out.resolve("train"), 0, classes, perClass, size, seed);
        if (valPerClass > 0) {
            writeSplit(out.resolve("val"), 1, classes, valPerClass, size, seed);
        }
    }

    /** The folder name of class {@code k}. */
    public static String className(int k) {
        return String.format(Locale.ROOT, "class%02d", k);
    }

    private static void writeSplit(Path dir, int split, int classes, int count, int size, long seed) throws IOException {
        for (int k = 0; k < classes; k++) {
            Path classDir = dir.resolve(className(k));
            Files.createDirectories(classDir);
            for (int i = 0; i < count; i++) {
                SplittableRandom random = new SplittableRandom(new SplittableRandom(
                        seed * 0x9E3779B97F4A7C15L + ((long) split << 48) + ((long) k << 32) + i).nextLong());
                BufferedImage image = image(k, classes, size, random);
                AtomicFiles.write(classDir.resolve(String.format(Locale.ROOT, "%04d.png", i)), o -> {
                    if (!ImageIO.write(image, "png", o)) {
                        throw new IOException("no PNG writer available");
                    }
                });
            }
        }
    }

    /** One image of class {@code k}. */
    static BufferedImage image(int k, int classes, int size, SplittableRandom random) {
        double angle = Math.PI * k / classes;
        double cx = size * (0.3 + 0.4 * random.nextDouble());
        double cy = size * (0.3 + 0.4 * random.nextDouble());
        double radius = size * (0.25 + 0.2 * random.nextDouble());
        double period = Math.max(3.0, size / 9.0) * (1 + 0.6 * random.nextDouble());
        double phase = 2 * Math.PI * random.nextDouble();
        double[] foreground = colour(random);
        double[] background = new double[3];
        for (int c = 0; c < 3; c++) {
            background[c] = 1 - foreground[c] * (0.6 + 0.4 * random.nextDouble());
        }
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                boolean inside = dx * dx + dy * dy <= radius * radius;
                boolean stripe = inside && Math.sin(2 * Math.PI * (dx * cos + dy * sin) / period + phase) > 0;
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = (stripe ? foreground[c] : background[c]) + 0.08 * random.nextGaussian();
                    rgb = (rgb << 8) | (int) Math.round(255 * Math.min(1, Math.max(0, v)));
                }
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static double[] colour(SplittableRandom random) {
        return new double[] {0.2 + 0.8 * random.nextDouble(), 0.2 + 0.8 * random.nextDouble(),
                0.2 + 0.8 * random.nextDouble()};
    }
}
