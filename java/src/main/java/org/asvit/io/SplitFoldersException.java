package org.asvit.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A folder given as one data set holds its splits ({@code train/}, {@code val/}, {@code test/}) instead
 * of class folders: read as a class tree it would train a model whose classes are the split names.
 * Front ends name the split folders to give instead ({@link #split}).
 */
public final class SplitFoldersException extends IOException {
    private final Path root;
    private final List<String> splits;

    SplitFoldersException(Path root, List<String> splits) {
        super("image folder " + root + " holds the split folders " + String.join(", ", splits.stream()
                .map(s -> s + "/").toList()) + " rather than one folder per class; give the splits separately");
        this.root = root;
        this.splits = List.copyOf(splits);
    }

    /** The folder that was given. */
    public Path root() {
        return root;
    }

    /** The split folders' names, sorted. */
    public List<String> splits() {
        return splits;
    }

    /** The folder of the first split found among {@code names} (e.g. "train", then "training"), or null. */
    public Path split(String... names) {
        for (String name : names) {
            if (splits.contains(name)) {
                return root.resolve(name);
            }
        }
        return null;
    }
}
