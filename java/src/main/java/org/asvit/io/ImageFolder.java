package org.asvit.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The images of a folder, in one of the two layouts people keep them in:
 * <ul>
 *   <li>an ImageFolder tree, as torchvision reads it: one subfolder per class, classes sorted by name,
 *       each class's images found anywhere below its folder, sorted by path;</li>
 *   <li>a flat folder of images, which is one unnamed class.</li>
 * </ul>
 * Images are the files ending in one of {@link #EXTENSIONS} (case-insensitive). Hidden files and
 * folders (name starting with a dot) are skipped. The listing is deterministic: the same folder gives
 * the same order on every machine.
 *
 * @param root    the folder
 * @param classes class names in label order; one empty name for a flat folder
 * @param images  every image with its label, ordered by label, then path
 */
public record ImageFolder(Path root, List<String> classes, List<Image> images) {
    /** The file name endings taken as images. */
    public static final List<String> EXTENSIONS = List.of(".jpg", ".jpeg", ".png");

    /** One image file and the index of its class in {@link #classes()}. */
    public record Image(Path file, int label) {
    }

    public ImageFolder {
        classes = List.copyOf(classes);
        images = List.copyOf(images);
    }

    /** Whether the folder was a class tree (false: a flat folder of images). */
    public boolean isTree() {
        return !(classes.size() == 1 && classes.get(0).isEmpty());
    }

    /**
     * Lists a folder.
     *
     * @throws NoSuchFileException if it does not exist
     * @throws IOException         naming the folder and the problem if it is a file, holds no images, has a
     *                             class folder without images, or mixes loose images with class folders
     */
    public static ImageFolder scan(Path root) throws IOException {
        Objects.requireNonNull(root, "root");
        if (!Files.exists(root)) {
            throw new NoSuchFileException(root.toString(), null, "image folder does not exist");
        }
        if (!Files.isDirectory(root)) {
            throw new IOException(root + " is a file, not a folder of images (expected a folder with one "
                    + "subfolder per class, or a folder of " + String.join("/", EXTENSIONS) + " files)");
        }
        List<Path> subfolders;
        List<Path> loose;
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> visible = entries.filter(p -> !hidden(p)).sorted(byName()).toList();
            subfolders = visible.stream().filter(Files::isDirectory).toList();
            loose = visible.stream().filter(p -> Files.isRegularFile(p) && isImage(p)).toList();
        }
        if (subfolders.isEmpty()) {
            if (loose.isEmpty()) {
                throw new IOException("image folder " + root + " holds no images and no class subfolders; "
                        + "accepted image extensions: " + String.join(", ", EXTENSIONS));
            }
            return new ImageFolder(root, List.of(""), loose.stream().map(p -> new Image(p, 0)).toList());
        }
        if (!loose.isEmpty()) {
            throw new IOException("image folder " + root + " mixes " + loose.size() + " loose images (e.g. "
                    + loose.get(0).getFileName() + ") with " + subfolders.size() + " class subfolders; keep either "
                    + "one subfolder per class or only images");
        }
        requireClassesNotSplits(root, subfolders);
        List<String> classes = new ArrayList<>();
        List<Image> images = new ArrayList<>();
        for (Path folder : subfolders) {
            List<Path> files = imagesBelow(folder);
            if (files.isEmpty()) {
                throw new IOException("class folder " + folder + " holds no images (accepted extensions: "
                        + String.join(", ", EXTENSIONS) + "); every class needs at least one");
            }
            int label = classes.size();
            classes.add(folder.getFileName().toString());
            files.forEach(f -> images.add(new Image(f, label)));
        }
        return new ImageFolder(root, classes, images);
    }

    /** The names of data-set splits, which are never taken for classes when they hold class folders. */
    public static final List<String> SPLIT_NAMES = List.of("train", "training", "val", "valid", "validation", "test");

    /**
     * Refuses a folder whose subfolders are all split names holding folders but no images directly
     * (make-dataset's OUT, or an ImageNet download's root): read as a tree, its "classes" would be the splits.
     */
    private static void requireClassesNotSplits(Path root, List<Path> subfolders) throws IOException {
        List<String> names = subfolders.stream().map(p -> p.getFileName().toString()).toList();
        if (!SPLIT_NAMES.containsAll(names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList())) {
            return;
        }
        for (Path folder : subfolders) {
            try (Stream<Path> entries = Files.list(folder)) {
                List<Path> visible = entries.filter(p -> !hidden(p)).toList();
                if (visible.stream().anyMatch(p -> Files.isRegularFile(p) && isImage(p))
                        || visible.stream().noneMatch(Files::isDirectory)) {
                    return;
                }
            }
        }
        throw new SplitFoldersException(root, names);
    }

    private static List<Path> imagesBelow(Path folder) throws IOException {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(p -> Files.isRegularFile(p) && isImage(p))
                    .filter(p -> !hiddenBelow(folder, p))
                    .sorted(Comparator.comparing(p -> folder.relativize(p).toString()))
                    .toList();
        }
    }

    private static boolean hiddenBelow(Path folder, Path file) {
        for (Path part : folder.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hidden(Path p) {
        return p.getFileName().toString().startsWith(".");
    }

    private static Comparator<Path> byName() {
        return Comparator.comparing(p -> p.getFileName().toString());
    }

    /** Whether the file name ends in one of {@link #EXTENSIONS}. */
    public static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }
}
