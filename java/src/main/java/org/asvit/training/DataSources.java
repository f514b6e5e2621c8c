package org.asvit.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Opens the data a {@code --data} or {@code --val} SPEC names. Three forms:
 * <ul>
 *   <li>{@code IMAGES,LABELS}: an MNIST IDX pair of files ({@code *-images-idx3-ubyte[.gz]},
 *       {@code *-labels-idx1-ubyte[.gz]}), in that order;</li>
 *   <li>a folder holding IDX files, as MNIST and Fashion-MNIST are distributed: training data takes its
 *       {@code train-images-idx3-ubyte[.gz]} / {@code train-labels-idx1-ubyte[.gz]}, validation data its
 *       {@code t10k-...} pair;</li>
 *   <li>any other folder: an ImageFolder tree, one subfolder of JPEG/PNG images per class.</li>
 * </ul>
 */
public final class DataSources {
    /** Which pair of an IDX folder a SPEC stands for. */
    public enum Role {
        TRAINING("train"), VALIDATION("t10k");

        private final String idxPrefix;

        Role(String idxPrefix) {
            this.idxPrefix = idxPrefix;
        }

        public String idxPrefix() {
            return idxPrefix;
        }
    }

    private static final String IMAGES_SUFFIX = "-images-idx3-ubyte";
    private static final String LABELS_SUFFIX = "-labels-idx1-ubyte";

    private DataSources() {
    }

    /**
     * Opens a SPEC.
     *
     * @throws IOException naming the file or folder and the problem
     */
    public static LabelledImages open(String spec, Role role) throws IOException {
        if (spec.contains(",")) {
            String[] parts = spec.split(",", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new IllegalArgumentException("data '" + spec + "': expected IMAGES,LABELS (two IDX files), "
                        + "a folder of IDX files, or an ImageFolder tree");
            }
            return IdxDataset.read(Path.of(parts[0].strip()), Path.of(parts[1].strip()));
        }
        Path path = Path.of(spec);
        if (!Files.exists(path)) {
            throw new NoSuchFileException(spec, null, "data folder does not exist");
        }
        if (Files.isDirectory(path) && holdsIdx(path)) {
            Optional<Path> images = idxFile(path, role.idxPrefix() + IMAGES_SUFFIX);
            Optional<Path> labels = idxFile(path, role.idxPrefix() + LABELS_SUFFIX);
            if (images.isEmpty() || labels.isEmpty()) {
                throw new IOException("IDX folder " + path + " lacks " + role.idxPrefix() + IMAGES_SUFFIX + "[.gz] or "
                        + role.idxPrefix() + LABELS_SUFFIX + "[.gz] (the " + role.name().toLowerCase() + " pair); "
                        + "name the files instead: IMAGES,LABELS");
            }
            return IdxDataset.read(images.get(), labels.get());
        }
        return FolderDataset.scan(path);
    }

    /** Whether {@code spec} is a folder of IDX files that holds the validation ({@code t10k}) pair. */
    public static boolean hasIdxValidation(String spec) throws IOException {
        Path path = Path.of(spec);
        return !spec.contains(",") && Files.isDirectory(path) && holdsIdx(path)
                && idxFile(path, Role.VALIDATION.idxPrefix() + IMAGES_SUFFIX).isPresent()
                && idxFile(path, Role.VALIDATION.idxPrefix() + LABELS_SUFFIX).isPresent();
    }

    /**
     * Checks that validation data has the training data's classes, in the same order.
     *
     * @throws IllegalArgumentException naming the classes that differ
     */
    public static void requireSameClasses(LabelledImages training, LabelledImages validation) {
        List<String> a = training.classes();
        List<String> b = validation.classes();
        if (!a.equals(b)) {
            List<String> onlyTraining = a.stream().filter(c -> !b.contains(c)).toList();
            List<String> onlyValidation = b.stream().filter(c -> !a.contains(c)).toList();
            throw new IllegalArgumentException("training and validation data have different classes: training has "
                    + a.size() + " " + a + ", validation " + b.size() + " " + b
                    + (onlyTraining.isEmpty() ? "" : "; only in training: " + onlyTraining)
                    + (onlyValidation.isEmpty() ? "" : "; only in validation: " + onlyValidation)
                    + (onlyTraining.isEmpty() && onlyValidation.isEmpty() ? " (same names, another order)" : ""));
        }
    }

    private static boolean holdsIdx(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .anyMatch(n -> n.contains(IMAGES_SUFFIX) || n.contains(LABELS_SUFFIX));
        }
    }

    private static Optional<Path> idxFile(Path folder, String name) {
        for (String candidate : new String[] {name, name + ".gz"}) {
            Path p = folder.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
