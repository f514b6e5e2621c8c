package org.asvit.training;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** A seeded random subset of a data set (the same seed keeps the same images), in the original order. */
public final class Subset implements LabelledImages {
    private final LabelledImages data;
    private final int[] indices;

    private Subset(LabelledImages data, int[] indices) {
        this.data = data;
        this.indices = indices;
    }

    /** {@code count} images drawn without replacement; {@code data} itself when it holds no more. */
    public static LabelledImages of(LabelledImages data, int count, SplittableRandom random) {
        if (count < 1) {
            throw new IllegalArgumentException("a subset needs at least 1 image, got " + count);
        }
        if (count >= data.size()) {
            return data;
        }
        int[] all = new int[data.size()];
        Arrays.setAll(all, i -> i);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(all.length - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] chosen = Arrays.copyOf(all, count);
        Arrays.sort(chosen);
        return new Subset(data, chosen);
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public List<String> classes() {
        return data.classes();
    }

    @Override
    public int label(int index) {
        return data.label(indices[index]);
    }

    @Override
    public float[] image(int index, int side) throws IOException {
        return data.image(indices[index], side);
    }

    @Override
    public String describe() {
        return data.describe() + ", a seeded subset of " + indices.length;
    }
}
