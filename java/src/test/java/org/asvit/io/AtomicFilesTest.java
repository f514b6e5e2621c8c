package org.asvit.io;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> filesInDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void createsTheFileAndLeavesNoTemporaryBehind() throws IOException {
        Path target = dir.resolve("result.json");

        AtomicFiles.write(target, out -> out.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));

        assertEquals("{\"a\":1}", Files.readString(target));
        assertEquals(List.of(target), filesInDir());
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path target = dir.resolve("result.json");
        Files.writeString(target, "old content that is longer than the new one");

        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));

        assertEquals("new", Files.readString(target));
        assertEquals(List.of(target), filesInDir());
    }

    @Test
    void aFailingWriteKeepsTheOldFileAndRemovesTheTemporary() throws IOException {
        Path target = dir.resolve("weights.safetensors");
        byte[] old = {1, 2, 3};
        Files.write(target, old);
        IOException failure = new IOException("disk full, say");

        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]);
            throw failure;
        }));

        assertSame(failure, thrown);
        assertArrayEquals(old, Files.readAllBytes(target));
        assertEquals(List.of(target), filesInDir());
    }

    /** What the signal handler relies on: each write in progress is registered, and removing it leaves the target alone. */
    @Test
    void writesInProgressAreRegisteredAndCanBeRemoved() throws IOException, InterruptedException {
        Path target = dir.resolve("checkpoint.json");
        Files.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            List<Path> inFlight = List.copyOf(AtomicFiles.inFlight());
            assertEquals(1, inFlight.size());
            assertEquals(dir.toRealPath(), inFlight.get(0).getParent().toRealPath());
            assertTrue(Files.exists(inFlight.get(0)));
            AtomicFiles.stopAndDeleteInFlight();
            assertFalse(Files.exists(inFlight.get(0)));
        }));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of(target), filesInDir());
        assertTrue(AtomicFiles.inFlight().isEmpty());

        // Stopped: a later write waits instead of creating a temporary file, until writes resume.
        Thread later = new Thread(() -> {
            try {
                AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        later.start();
        later.join(300);
        assertTrue(later.isAlive(), "a write after the stop must wait for the halt");
        assertEquals(List.of(target), filesInDir());
        AtomicFiles.resumeWrites();
        later.join(10_000);
        assertEquals("new", Files.readString(target));
    }

    @Test
    void contentMayCloseTheStream() throws IOException {
        Path target = dir.resolve("closed.txt");

        AtomicFiles.write(target, out -> {
            out.write('x');
            out.close();
        });

        assertEquals("x", Files.readString(target));
    }
}
