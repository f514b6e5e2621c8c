package org.asvit.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes files so that a crash or an exception never leaves a half-written file behind: the content
 * goes to a hidden temporary file in the target's directory, is flushed to disk, and then replaces
 * the target with one atomic rename. Readers see the old file or the complete new one.
 */
public final class AtomicFiles {
    private static final int BUFFER_BYTES = 1 << 16;
    /** Temporary files being written now, so that an interrupted process can remove them before it halts. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    /** Produces a file's content. */
    @FunctionalInterface
    public interface Content {
        /** Writes the content to {@code out}, which is buffered; closing it is allowed and has no effect. */
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code content} to {@code target}, creating or replacing it atomically. If
     * {@code content} throws, the target is untouched, the temporary file is deleted and the
     * exception propagates.
     *
     * @throws java.nio.file.AtomicMoveNotSupportedException if the file system cannot rename atomically
     */
    public static void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        Path temporary = directory.resolve("." + absolute.getFileName() + "." + UUID.randomUUID() + ".tmp");
        IN_FLIGHT.add(temporary);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
                content.writeTo(new CloseShield(buffered));
                buffered.flush();
                channel.force(true);
            }
            Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            IN_FLIGHT.remove(temporary);
        }
        syncDirectory(directory);
    }

    /** The temporary files of writes in progress now (a copy). */
    public static Set<Path> inFlight() {
        return Set.copyOf(IN_FLIGHT);
    }

    /**
     * Deletes the temporary files of every write in progress, best effort; what a process that is about to
     * halt calls (org.asvit.cli's signal handling). Targets are untouched: each is the old file or, if its
     * rename already happened, the complete new one.
     */
    public static void deleteInFlight() {
        for (Path temporary : IN_FLIGHT) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // Halting anyway: a leftover hidden .tmp file is harmless, a hang here is not.
            }
        }
    }

    /**
     * Makes the rename itself durable. Best effort: some platforms cannot open a directory for
     * syncing; the file's content is already on disk either way.
     */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // Not every platform can sync a directory; the data itself is already durable.
        }
    }

    /** Passes writes through but turns {@code close()} into {@code flush()}, so content cannot close the channel early. */
    private static final class CloseShield extends FilterOutputStream {
        CloseShield(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
