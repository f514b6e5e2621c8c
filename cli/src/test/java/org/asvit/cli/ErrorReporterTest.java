package org.asvit.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NotDirectoryException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** File-system failures read as words, never as Java exception names. */
@Tag("fast")
class ErrorReporterTest {
    @Test
    void fileSystemFailuresAreWords() {
        assertEquals("not a folder: a.png", ErrorReporter.describe(new NotDirectoryException("a.png")));
        assertEquals("already exists: out", ErrorReporter.describe(new FileAlreadyExistsException("out")));
        assertEquals("folder not empty: out", ErrorReporter.describe(new DirectoryNotEmptyException("out")));
        assertEquals("cannot access x", ErrorReporter.describe(new FileSystemException("x")));
        assertEquals("cannot access x: Read-only file system",
                ErrorReporter.describe(new FileSystemException("x", null, "Read-only file system")));
    }
}
