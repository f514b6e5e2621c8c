package org.asvit.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that is not a well-formed safetensors file. The message names the file and the problem,
 * for example {@code "/tmp/w.safetensors: tensor 'a': data_offsets [0, 64] reach beyond the data
 * section (48 bytes)"}.
 */
public class SafeTensorsFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String problem;

    public SafeTensorsFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.problem = problem;
    }

    public SafeTensorsFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
        this.problem = problem;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** The problem, without the file name. */
    public String problem() {
        return problem;
    }
}
