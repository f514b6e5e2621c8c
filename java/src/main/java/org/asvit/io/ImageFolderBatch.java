package org.asvit.io;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A batch of real images for the NTK metric, from an {@link ImageFolder} (a class tree or a flat folder),
 * each preprocessed by {@link ImageNetEvalTransform}: either the first {@code count} images of the
 * listing ({@link #load}) or a seeded sample of them ({@link #sample}).
 */
public final class ImageFolderBatch {
    private ImageFolderBatch() {
    }

    /**
     * The first {@code count} images of {@code directory}'s listing (classes in name order, then paths).
     *
     * @return a new float32 CPU tensor (count, 3, imageSize, imageSize), attached to the caller's
     *         innermost {@link PointerScope}, if any
     * @throws IOException              if the folder is missing, holds fewer than {@code count} images,
     *                                  or an image cannot be decoded (the message names the file)
     * @throws IllegalArgumentException if {@code count} or {@code imageSize} is below 1
     */
    public static Tensor load(Path directory, int count, int imageSize) throws IOException {
        List<Path> files = files(directory, count);
        return decode(files.subList(0, count), imageSize);
    }

    /**
     * {@code count} distinct images drawn from the whole listing with a generator seeded by {@code seed}
     * (the same seed and folder give the same batch, in the order drawn).
     *
     * @throws IOException as {@link #load}
     */
    public static Tensor sample(Path directory, int count, int imageSize, long seed) throws IOException {
        List<Path> files = new ArrayList<>(files(directory, count));
        SplittableRandom random = new SplittableRandom(seed);
        // A partial Fisher-Yates shuffle: the first count positions become a uniform sample.
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(files.size() - i);
            Collections.swap(files, i, j);
        }
        return decode(files.subList(0, count), imageSize);
    }

    private static List<Path> files(Path directory, int count) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("image count must be at least 1, got " + count);
        }
        List<Path> files = ImageFolder.scan(directory).images().stream().map(ImageFolder.Image::file).toList();
        if (files.size() < count) {
            throw new IOException("image folder " + directory + " holds " + files.size()
                    + (files.size() == 1 ? " image" : " images") + ", fewer than the "
                    + count + " asked for");
        }
        return files;
    }

    private static Tensor decode(List<Path> files, int imageSize) throws IOException {
        int count = files.size();
        ImageNetEvalTransform transform = new ImageNetEvalTransform(imageSize);
        int perImage;
        float[] batch;
        try {
            perImage = Math.multiplyExact(3, Math.multiplyExact(imageSize, imageSize));
            batch = new float[Math.multiplyExact(count, perImage)];
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(count + " images of side " + imageSize + " do not fit in one Java array", e);
        }
        for (int i = 0; i < count; i++) {
            TensorData rgb = RgbImages.read(files.get(i));
            try (PointerScope scope = new PointerScope()) {
                float[] image = TensorData.fromTensor(transform.apply(rgb.toTensor())).values();
                System.arraycopy(image, 0, batch, i * perImage, perImage);
            }
        }
        return TensorData.of(new long[] {count, 3, imageSize, imageSize}, batch).toTensor();
    }
}
