package org.asvit.io;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A batch of real images for the NTK metric: the first {@code count} JPEG/PNG files of a folder, in
 * sorted file-name order, each preprocessed by {@link ImageNetEvalTransform}.
 */
public final class ImageFolderBatch {
    /** The file name endings taken as images, compared case-insensitively. */
    public static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    private ImageFolderBatch() {
    }

    /**
     * Loads {@code count} images from {@code directory} (not its subfolders).
     *
     * @return a new float32 CPU tensor (count, 3, imageSize, imageSize), attached to the caller's
     *         innermost {@link PointerScope}, if any
     * @throws IOException              if the folder is missing, holds fewer than {@code count} images,
     *                                  or an image cannot be decoded (the message names the file)
     * @throws IllegalArgumentException if {@code count} or {@code imageSize} is below 1
     */
    public static Tensor load(Path directory, int count, int imageSize) throws IOException {
        if (count < 1) {
            throw new IllegalArgumentException("image count must be at least 1, got " + count);
        }
        ImageNetEvalTransform transform = new ImageNetEvalTransform(imageSize);
        List<Path> files = imageFiles(directory);
        if (files.size() < count) {
            throw new IOException("image folder " + directory + " holds " + files.size() + " images, fewer than the "
                    + count + " asked for");
        }
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

    /**
     * The image files directly in {@code directory}, sorted by file name.
     *
     * @throws IOException if the folder does not exist, is not a folder, or holds no images
     */
    public static List<Path> imageFiles(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "image folder does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new NotDirectoryException(directory + " (expected a folder of images)");
        }
        List<Path> files;
        try (Stream<Path> entries = Files.list(directory)) {
            files = entries.filter(Files::isRegularFile)
                    .filter(ImageFolderBatch::hasImageExtension)
                    .sorted(Comparator.comparing(path -> path.getFileName().toString()))
                    .toList();
        }
        if (files.isEmpty()) {
            throw new IOException("image folder " + directory + " holds no images; accepted extensions: "
                    + String.join(", ", EXTENSIONS));
        }
        return files;
    }

    private static boolean hasImageExtension(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
