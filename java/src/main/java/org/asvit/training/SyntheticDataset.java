package org.asvit.training;

import org.asvit.InvalidSettingException;
import org.asvit.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small synthetic image-classification set that a small network learns in a few epochs: class k is
 * a light shape on a dark ground (disk, square, cross, ring, horizontal bar, vertical bar, triangle,
 * diamond), at a random position near the centre and a random size, in random colours, with Gaussian
 * pixel noise. Only the shape tells the classes apart, so colour cannot be learnt instead, and every
 * shape is unchanged by a horizontal flip (the training augmentation keeps the class).
 *
 * <p>Why shapes in a fixed polarity rather than textures: a network that pools its tokens by their mean
 * learns from the layout of light and dark first; a texture at a random phase averages out of that
 * layout, and a small network then fits the images' colours long before it finds the texture.
 *
 * <p>Written as two ImageFolder trees of PNG files, {@code train/classKK/NNNN.png} and
 * {@code val/classKK/NNNN.png}. Every image is a function of (seed, split, class, index).
 */
public final class SyntheticDataset {
    /** Accepted class counts: one per shape. */
    public static final int MAX_CLASSES = 8;

    private SyntheticDataset() {
    }

    /**
     * Writes the two trees under {@code out}.
     *
     * @throws IllegalArgumentException for counts or a size outside the accepted ranges
     */
    public static void write(Path out, int classes, int perClass, int valPerClass, int size, long seed)
            throws IOException {
        requireValid(classes, perClass, valPerClass, size);
        writeSplit(out.resolve("train"), 0, classes, perClass, size, seed);
        if (valPerClass > 0) {
            writeSplit(out.resolve("val"), 1, classes, valPerClass, size, seed);
        }
    }

    /**
     * Checks the settings of {@link #write} without writing anything, so that a caller can refuse them before
     * it makes the output folder.
     *
     * @throws IllegalArgumentException for counts or a size outside the accepted ranges
     */
    public static void requireValid(int classes, int perClass, int valPerClass, int size) {
        if (classes < 2 || classes > MAX_CLASSES) {
            throw new InvalidSettingException("{classes} must be in 2.." + MAX_CLASSES + ", got " + classes);
        }
        if (perClass < 1 || valPerClass < 0) {
            throw new InvalidSettingException("{perClass} must be at least 1 and {valPerClass} at least 0, got "
                    + perClass + " and " + valPerClass);
        }
        if (size < 8 || size > 1024) {
            throw new InvalidSettingException("{size} must be in 8..1024 pixels, got " + size);
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
        double cx = size * (0.4 + 0.2 * random.nextDouble());
        double cy = size * (0.4 + 0.2 * random.nextDouble());
        double half = size * (0.25 + 0.15 * random.nextDouble());
        // A light shape on a dark ground, hues drawn at random: only the shape tells the classes apart.
        double[] foreground = {0.55 + 0.45 * random.nextDouble(), 0.55 + 0.45 * random.nextDouble(),
                0.55 + 0.45 * random.nextDouble()};
        double[] background = {0.4 * random.nextDouble(), 0.4 * random.nextDouble(), 0.4 * random.nextDouble()};
        Shape shape = Shape.values()[k];
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                boolean on = shape.contains((x + 0.5 - cx) / half, (y + 0.5 - cy) / half);
                int rgb = 0;
                for (int c = 0; c < 3; c++) {
                    double v = (on ? foreground[c] : background[c]) + 0.08 * random.nextGaussian();
                    rgb = (rgb << 8) | (int) Math.round(255 * Math.min(1, Math.max(0, v)));
                }
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    /**
     * The class shapes in coordinates scaled to the shape's half side (the shape fits in [-1, 1]^2), each
     * unchanged by a horizontal flip, so the training augmentation keeps the class.
     */
    private enum Shape {
        DISK { boolean contains(double u, double v) { return u * u + v * v <= 1; } },
        SQUARE { boolean contains(double u, double v) { return Math.abs(u) <= 0.8 && Math.abs(v) <= 0.8; } },
        CROSS { boolean contains(double u, double v) { return Math.min(Math.abs(u), Math.abs(v)) <= 0.25
                && Math.max(Math.abs(u), Math.abs(v)) <= 1; } },
        RING { boolean contains(double u, double v) { double r = u * u + v * v; return r <= 1 && r >= 0.4; } },
        HORIZONTAL_BAR { boolean contains(double u, double v) { return Math.abs(u) <= 1 && Math.abs(v) <= 0.3; } },
        VERTICAL_BAR { boolean contains(double u, double v) { return Math.abs(u) <= 0.3 && Math.abs(v) <= 1; } },
        TRIANGLE { boolean contains(double u, double v) { return v <= 0.8 && Math.abs(u) <= (v + 1) / 1.8 * 0.9; } },
        DIAMOND { boolean contains(double u, double v) { return Math.abs(u) + Math.abs(v) <= 1; } };

        abstract boolean contains(double u, double v);
    }
}
