package org.asvit.cli;

import org.asvit.io.ImageFolderBatch;
import org.asvit.io.SafeTensors;
import org.asvit.io.TensorData;
import org.asvit.io.WeightsFile;
import org.asvit.metrics.CircleSource;
import org.asvit.metrics.NtkInputs;
import org.asvit.model.ParameterLayout;
import org.asvit.model.ParameterStore;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The files {@code evaluate} reads: fixed weights, fixed inputs, a folder of images. */
final class InputFiles {
    static final String NTK = "inputs.ntk";
    static final String CURVE_BASIS = "inputs.curve_basis";
    static final String THETA = "inputs.theta";

    private InputFiles() {
    }

    /**
     * A safetensors file of parameters named as the reference module tree.
     *
     * @param file    where it came from
     * @param tensors the parameters, without the {@value WeightsFile#PREFIX} prefix if the file used it
     * @param classes the {@code classes} metadata entry, or null
     * @param arch    the {@code arch} metadata entry, or null
     */
    record Weights(Path file, SafeTensors tensors, Integer classes, String arch) {

        static Weights read(Path file) throws IOException {
            SafeTensors all = readFile(file, "--weights");
            SafeTensors params = WeightsFile.parameters(all);
            if (params.names().isEmpty()) {
                throw new IllegalArgumentException("--weights " + file + " holds no tensors");
            }
            String classes = all.metadata().get("classes");
            Integer parsed = null;
            if (classes != null) {
                try {
                    parsed = Integer.parseInt(classes.trim());
                } catch (NumberFormatException e) {
                    parsed = -1;
                }
                if (parsed < 1) {
                    throw new IllegalArgumentException("--weights " + file + ": metadata 'classes' = '" + classes
                            + "' is not a positive integer");
                }
            }
            return new Weights(file, params, parsed, all.metadata().get("arch"));
        }

        /** The topology the file's metadata names, when it names one that parses. */
        Topology metadataTopology() {
            if (arch == null) {
                return null;
            }
            try {
                return Topology.parse(arch);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /**
         * Fresh parameter stores holding these values, one per call (the evaluator closes each).
         * Missing, unexpected and wrongly shaped names are reported by {@link ParameterStore#fromValues}.
         */
        Supplier<ParameterStore> supplier(Topology topology, int classes, TensorKind kind, Consumer<String> warnings) {
            Topology written = metadataTopology();
            boolean otherArch = written != null && !written.equals(topology);
            return () -> {
                try {
                    ParameterStore store = WeightsFile.toStore(tensors, ParameterLayout.of(topology, classes), kind);
                    if (otherArch) {
                        // Splits (and sometimes heads) do not change any shape: the values fit, the metadata disagrees.
                        warnings.accept("--weights " + file + " says it holds arch '" + arch + "', not --arch '"
                                + topology + "'; its values fit, evaluating --arch");
                    }
                    return store;
                } catch (IllegalArgumentException e) {
                    String hint = otherArch ? " (its metadata says it holds arch '" + arch + "')" : "";
                    throw new IllegalArgumentException("--weights " + file + hint + " with --arch '" + topology
                            + "' and " + classes + " classes: " + e.getMessage(), e);
                }
            };
        }
    }

    /**
     * A safetensors file of fixed inputs.
     *
     * @param ntk    the NTK batch from {@value #NTK}, or null
     * @param circle the circle from {@value #CURVE_BASIS} and {@value #THETA}, or null
     * @param batch  the NTK batch's size, or null
     */
    record Inputs(NtkInputs ntk, CircleSource circle, Integer batch) {

        static Inputs read(Path file, boolean needNtk, int imageSize) throws IOException {
            SafeTensors all = readFile(file, "--inputs");
            NtkInputs ntk = null;
            Integer batch = null;
            if (all.contains(NTK)) {
                TensorData data = all.get(NTK);
                requireImageSize(file, NTK, data, imageSize);
                ntk = NtkInputs.fixed(data, NTK + " from " + file);
                batch = (int) data.shape()[0];
            } else if (needNtk) {
                throw new IllegalArgumentException("--inputs " + file + " has no tensor '" + NTK
                        + "', which the ntk metric needs (shape (B, 3, I, I)); it holds "
                        + summary(all) + "; leave out --inputs to use seeded inputs, or drop ntk from --metrics");
            }
            CircleSource circle = null;
            if (all.contains(CURVE_BASIS) || all.contains(THETA)) {
                if (!all.contains(CURVE_BASIS) || !all.contains(THETA)) {
                    throw new IllegalArgumentException("--inputs " + file + " must hold both '" + CURVE_BASIS
                            + "' and '" + THETA + "' for a fixed circle, or neither");
                }
                TensorData basis = all.get(CURVE_BASIS);
                TensorData theta = all.get(THETA);
                long[] shape = basis.shape();
                if (shape.length != 4 || shape[0] != 2 || shape[1] != 3 || shape[2] != shape[3]) {
                    throw new IllegalArgumentException("--inputs " + file + ": '" + CURVE_BASIS
                            + "' must have shape (2, 3, I, I), got " + Arrays.toString(shape));
                }
                requireImageSize(file, CURVE_BASIS, basis, imageSize);
                if (theta.shape().length != 1 || theta.values().length == 0) {
                    throw new IllegalArgumentException("--inputs " + file + ": '" + THETA
                            + "' must be a non-empty vector of angles, got shape " + Arrays.toString(theta.shape()));
                }
                circle = CircleSource.fixed(basis, toDoubles(theta.values()), "circle from " + file);
            }
            if (ntk == null && circle == null) {
                throw new IllegalArgumentException("--inputs " + file + " holds neither '" + NTK + "' nor '"
                        + CURVE_BASIS + "' and '" + THETA + "'; it holds " + summary(all));
            }
            return new Inputs(ntk, circle, batch);
        }
    }

    /**
     * The first {@code batch} images of a folder, preprocessed as ImageNet evaluation images.
     *
     * @throws IllegalArgumentException if the folder is missing, holds too few images or one that does not decode
     *                                  (bad input: {@link ImageFolderBatch} reports these as plain IOExceptions)
     */
    static NtkInputs imageFolder(Path dir, int batch, boolean batchGiven, int imageSize) {
        return images(() -> ImageFolderBatch.load(dir, batch, imageSize), batch, batchGiven, "images from " + dir);
    }

    /**
     * A seeded sample of {@code batch} images of a class tree or flat folder (what search and grow use).
     *
     * @throws IllegalArgumentException as {@link #imageFolder}
     */
    static NtkInputs imageSample(Path dir, int batch, boolean batchGiven, int imageSize, long seed) {
        return images(() -> ImageFolderBatch.sample(dir, batch, imageSize, seed), batch, batchGiven,
                batch + " images sampled from " + dir + " (seed " + seed + ")");
    }

    /** Reads an image batch of a --data folder; {@link ImageFolderBatch}'s IOExceptions are bad input. */
    private static NtkInputs images(ImageLoader loader, int batch, boolean batchGiven, String description) {
        TensorData data;
        try (PointerScope scope = new PointerScope()) {
            data = TensorData.fromTensor(loader.load());
        } catch (org.asvit.io.SplitFoldersException e) {
            throw DataFolders.splitFolders(e, "--data", false);
        } catch (IOException e) {
            throw new IllegalArgumentException("--data: " + ErrorReporter.describe(e) + batchNote(batchGiven, batch), e);
        }
        return NtkInputs.fixed(data, description);
    }

    @FunctionalInterface
    private interface ImageLoader {
        org.bytedeco.pytorch.Tensor load() throws IOException;
    }

    /** Where the number of images asked for came from, when the user did not give --batch. */
    private static String batchNote(boolean batchGiven, int batch) {
        return batchGiven ? "" : " (the NTK batch; " + batch + " is the default of --batch)";
    }

    private static void requireImageSize(Path file, String name, TensorData data, int imageSize) {
        long[] shape = data.shape();
        if (shape.length == 4 && shape[2] == shape[3] && shape[3] != imageSize) {
            throw new IllegalArgumentException("--inputs " + file + ": '" + name + "' has shape "
                    + Arrays.toString(shape) + ", for image size " + shape[3] + ", not --image-size " + imageSize);
        }
    }

    /** The safetensors file given to {@code option}; a malformed, empty or truncated file is an error naming the option. */
    private static SafeTensors readFile(Path file, String option) throws IOException {
        requireFile(file, option);
        try {
            return SafeTensors.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + ": " + ErrorReporter.describe(e), e);
        }
    }

    private static Path requireFile(Path file, String option) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(option + ": no such file: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + ": " + file + " is a folder, not a safetensors file");
        }
        return file;
    }

    private static String summary(SafeTensors file) {
        int shown = 6;
        String names = String.join(", ", file.names().stream().limit(shown).toList());
        int more = file.names().size() - shown;
        return file.names().isEmpty() ? "no tensors" : names + (more > 0 ? " and " + more + " more" : "");
    }

    private static double[] toDoubles(float[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
