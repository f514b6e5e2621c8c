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
    /** Guards creating a temporary file against {@link #stopAndDeleteInFlight}. */
    private static final Object CREATION = new Object();
    /** Set once the process is about to halt: no temporary file may be created any more. */
    private static boolean stopped;

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
        try {
            try (FileChannel channel = create(temporary)) {
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

    /**
     * Creates and registers the temporary file, unless the process is halting: then the writer waits for
     * the halt, so that no temporary file appears after {@link #stopAndDeleteInFlight} removed them.
     */
    private static FileChannel create(Path temporary) throws IOException {
        synchronized (CREATION) {
            while (stopped) {
                try {
                    CREATION.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while the process halts");
                }
            }
            IN_FLIGHT.add(temporary);
            return FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        }
    }

    /** The temporary files of writes in progress now (a copy). */
    public static Set<Path> inFlight() {
        return Set.copyOf(IN_FLIGHT);
    }

    /**
     * Stops every later write from creating its temporary file (such writers wait), then deletes the
     * temporary files of the writes in progress, best effort: what a process about to halt calls (the
     * command line's signal handling). Targets are untouched: each is the old file or, if its rename
     * already happened, the complete new one.
     */
    public static void stopAndDeleteInFlight() {
        synchronized (CREATION) {
            stopped = true;
        }
        deleteInFlight();
    }

    /** Lets writes create temporary files again after {@link #stopAndDeleteInFlight}; for tests, which do not halt. */
    static void resumeWrites() {
        synchronized (CREATION) {
            stopped = false;
            CREATION.notifyAll();
        }
    }

    private static void deleteInFlight() {
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
