package org.asvit.training;

import java.io.IOException;
import java.util.List;

/**
 * A set of images with class labels, decoded on demand. Implementations are safe to read from several
 * loader threads at once.
 */
public interface LabelledImages {
    /** Number of images. */
    int size();

    /** Class names, indexed by label. */
    List<String> classes();

    /** The label of image {@code index}, in {@code [0, classes().size())}. */
    int label(int index);

    /**
     * Image {@code index} as planar RGB floats in [0, 1], (3, side, side) row-major: decoded, grey
     * replicated to three channels, resized to {@code side} x {@code side}.
     *
     * @throws IOException naming the file when it cannot be decoded
     */
    float[] image(int index, int side) throws IOException;

    /** Where the images come from, for logs and JSON. */
    String describe();
}
