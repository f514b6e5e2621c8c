package org.asvit.training;

import java.util.SplittableRandom;

/**
 * The usual light augmentation for small images: a random crop of the image padded with zeros
 * (torchvision's {@code RandomCrop(side, padding=p)}), then a horizontal flip with probability 1/2.
 * Operates on planar (3, side, side) floats in [0, 1] before normalisation, so the padding is black.
 *
 * @param padding pixels of zero padding on each side; the crop's offset is uniform in [0, 2 * padding]
 */
public record Augmentation(int padding) {

    public Augmentation {
        if (padding < 0) {
            throw new IllegalArgumentException("padding must be >= 0, got " + padding);
        }
    }

    /** The default for an image side: side / 8 (4 pixels at 32, CIFAR's usual). */
    public static Augmentation forSide(int side) {
        return new Augmentation(Math.max(1, side / 8));
    }

    /** A new augmented copy of {@code image}, drawing from {@code random}. */
    public float[] apply(float[] image, int side, SplittableRandom random) {
        int dy = random.nextInt(2 * padding + 1) - padding;
        int dx = random.nextInt(2 * padding + 1) - padding;
        boolean flip = random.nextBoolean();
        return shiftAndFlip(image, side, dy, dx, flip);
    }

    /**
     * out[c, y, x] = in[c, y + dy, x' + dx] (zero outside), x' = side - 1 - x when flipped, else x: the
     * crop at offset (padding + dy, padding + dx) of the padded image, then flipped.
     */
    static float[] shiftAndFlip(float[] image, int side, int dy, int dx, boolean flip) {
        float[] out = new float[image.length];
        int plane = side * side;
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < side; y++) {
                int sy = y + dy;
                if (sy < 0 || sy >= side) {
                    continue;
                }
                for (int x = 0; x < side; x++) {
                    int sx = (flip ? side - 1 - x : x) + dx;
                    if (sx >= 0 && sx < side) {
                        out[c * plane + y * side + x] = image[c * plane + sy * side + sx];
                    }
                }
            }
        }
        return out;
    }
}
