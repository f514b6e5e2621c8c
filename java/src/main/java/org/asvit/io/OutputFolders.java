package org.asvit.io;

import org.asvit.InvalidSettingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes the folder an output goes into before any work starts, so that a path that cannot hold the
 * output fails at once, naming the user's path and the system's cause, not a temporary file at the end.
 */
public final class OutputFolders {
    private OutputFolders() {
    }

    /**
     * Creates {@code dir} and its missing parents.
     *
     * @param option the option that named it (e.g. {@code --out}), for messages; a library setting is written
     *               {@code {name}}, as in {@link OutputLock#folder}
     * @throws IllegalArgumentException naming {@code option}, {@code dir} and the cause (a file in the way,
     *                                  a read-only file system, no permission)
     */
    public static void create(Path dir, String option) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidSettingException(option + " " + dir + ": cannot make the folder: " + cause(dir, e), e);
        }
    }

    /** Creates the folder that will hold the output file {@code file}; errors as {@link #create}. */
    public static void createParentOf(Path file, String option) {
        Path parent = file.getParent() != null ? file.getParent() : file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new InvalidSettingException(option + " " + file + ": cannot make its folder " + parent + ": "
                    + cause(parent, e), e);
        }
    }

    /** A file where a folder of the path should be, else the system's reason. */
    private static String cause(Path dir, IOException e) {
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? OutputLock.cause(e) : p + " is a file";
            }
        }
        return OutputLock.cause(e);
    }
}
