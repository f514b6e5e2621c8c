package org.asvit.training;

import org.asvit.io.IdxFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Grey images and labels from an MNIST IDX pair, held in memory as bytes; each image is replicated to
 * three channels and resized on demand. Classes are the label values {@code 0..max}, named by their
 * number.
 */
public final class IdxDataset implements LabelledImages {
    private final IdxFiles.Images images;
    private final byte[] labels;
    private final List<String> classes;
    private final String description;

    private IdxDataset(IdxFiles.Images images, byte[] labels, String description) {
        this.images = images;
        this.labels = labels;
        int max = 0;
        for (byte b : labels) {
            max = Math.max(max, Byte.toUnsignedInt(b));
        }
        this.classes = IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList();
        this.description = description;
    }

    /**
     * Reads an images file and its labels file.
     *
     * @throws IOException when a file is missing or malformed, or the two counts disagree
     */
    public static IdxDataset read(Path imagesFile, Path labelsFile) throws IOException {
        IdxFiles.Images images = IdxFiles.readImages(imagesFile);
        byte[] labels = IdxFiles.readLabels(labelsFile);
        if (images.count() != labels.length) {
            throw new IOException("IDX files disagree: " + imagesFile + " holds " + images.count() + " images but "
                    + labelsFile + " holds " + labels.length + " labels");
        }
        if (images.count() == 0) {
            throw new IOException("IDX file " + imagesFile + " holds no images");
        }
        return new IdxDataset(images, labels, "IDX " + imagesFile + " + " + labelsFile.getFileName()
                + " (" + images.count() + " images of " + images.rows() + " x " + images.cols() + ")");
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public int label(int index) {
        return Byte.toUnsignedInt(labels[index]);
    }

    @Override
    public float[] image(int index, int side) {
        int plane = images.rows() * images.cols();
        float[] grey = new float[plane];
        int offset = index * plane;
        for (int i = 0; i < plane; i++) {
            grey[i] = Byte.toUnsignedInt(images.pixels()[offset + i]) / 255f;
        }
        float[] resized = ImageResize.resize(grey, 1, images.rows(), images.cols(), side);
        int out = side * side;
        float[] rgb = new float[3 * out];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(resized, 0, rgb, c * out, out);
        }
        return rgb;
    }

    @Override
    public String describe() {
        return description;
    }
}
