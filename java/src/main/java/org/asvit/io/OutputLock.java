package org.asvit.io;

import org.asvit.InvalidSettingException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds a run's output (a run folder or a table file) for one process at a time, so that two runs
 * started on the same output cannot interleave their writes: the second is refused, naming the first's
 * process.
 *
 * <p>The hold is an operating-system lock ({@link FileChannel#tryLock}) on a small hidden lock file, in
 * the run folder or beside the table file. The system drops the lock when the process ends in any way
 * ({@code kill -9} included), so a killed run leaves no stuck lock, only the lock file (holding its
 * process id), which the next run takes over. {@link #close} deletes the file while still holding the
 * lock; a process that opened the file just before the deletion then holds a lock on a deleted file,
 * which it notices because the path no longer names the file it locked, and it tries again.
 *
 * <p>Creating the lock file is also the first write into the output's folder, so a folder that cannot
 * be written (read-only file system, no permission) is reported here, before any work, naming the
 * user's path and the cause.
 */
public final class OutputLock implements AutoCloseable {
    /** The lock file's name in a run folder; folder listings of runs leave it out. */
    public static final String IN_FOLDER = ".asvit.lock";

    private static final int ATTEMPTS = 20;
    /** Lock files held by this JVM. */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Holds the run folder {@code dir}, which must exist.
     *
     * @param option the option that named it (e.g. {@code --out}), for messages; a library setting is written
     *               {@code {name}} (e.g. {@code {runFolder}}), so that the message is an
     *               {@link InvalidSettingException} that a front end renames
     * @throws IllegalArgumentException if another process (or this one) holds it, or it cannot be written
     */
    public static OutputLock folder(Path dir, String option) {
        return acquire(dir.resolve(IN_FOLDER), option + " " + dir, dir);
    }

    /**
     * Holds the output file {@code target} through a hidden lock file beside it; the folder must exist.
     *
     * @throws IllegalArgumentException as {@link #folder}
     */
    public static OutputLock file(Path target, String option) {
        Path absolute = target.toAbsolutePath();
        return acquire(absolute.resolveSibling("." + absolute.getFileName() + ".asvit.lock"), option + " " + target,
                absolute.getParent());
    }

    /** Whether {@code p} is a lock file of this class (for listings that must not count it as an output). */
    public static boolean isLockFile(Path p) {
        String name = p.getFileName().toString();
        return name.equals(IN_FOLDER) || (name.startsWith(".") && name.endsWith(".asvit.lock"));
    }

    private static OutputLock acquire(Path lockFile, String what, Path folder) {
        Path key = lockFile.toAbsolutePath().normalize();
        // POSIX locks belong to the process, and closing any channel on the file drops them: a second run in
        // this JVM is refused before it opens the file.
        if (!HELD.add(key)) {
            throw inUse(what, Long.toString(ProcessHandle.current().pid()));
        }
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                OutputLock lock = tryOnce(lockFile, what, folder);
                if (lock != null) {
                    return lock;
                }
            }
        } catch (RuntimeException e) {
            HELD.remove(key);
            throw e;
        }
        HELD.remove(key);
        throw new InvalidSettingException(what + " is being taken and released by other processes; try again");
    }

    /** The lock, or null when the file was replaced meanwhile (a holder's {@link #close}): then try again. */
    private static OutputLock tryOnce(Path lockFile, String what, Path folder) {
        FileChannel channel;
        Object before;
        try {
            Files.createFile(lockFile);
        } catch (java.nio.file.FileAlreadyExistsException taken) {
            // A holder's, or left by a killed run: the lock decides.
        } catch (IOException e) {
            throw new InvalidSettingException(what + ": cannot write in " + folder + ": " + cause(e), e);
        }
        try {
            before = fileKey(lockFile);
            channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException deletedMeanwhile) {
            return null;
        } catch (IOException e) {
            throw new InvalidSettingException(what + ": cannot write in " + folder + ": " + cause(e), e);
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String holder = holder(channel);
                channel.close();
                throw inUse(what, holder);
            }
            // The path still names the file locked (compared without opening it: closing another channel on the
            // file would drop the lock); else its holder deleted it after we looked, and we try again.
            if (before == null || !before.equals(fileKey(lockFile))) {
                lock.release();
                channel.close();
                return null;
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(true);
            return new OutputLock(lockFile, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InvalidSettingException(what + ": cannot write in " + folder + ": " + cause(e), e);
        }
    }

    private static IllegalArgumentException inUse(String what, String holder) {
        return new InvalidSettingException(what + " is in use by another asvit run ("
                + (holder == null ? "another process" : "process " + holder)
                + "); wait for it to end, or choose another " + what.split(" ")[0]);
    }

    /** The file's identity (device and inode), or null when it is gone; stat only, no channel opened. */
    private static Object fileKey(Path file) throws IOException {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /** The lock, or null when another holder has it (another process, or another run in this JVM). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    /** The holder's process id, from the token it wrote, or null when it cannot be read yet. */
    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(128);
            int read = channel.read(buffer, 0);
            if (read <= 0) {
                return null;
            }
            String text = new String(buffer.array(), 0, read, StandardCharsets.UTF_8).strip();
            String pid = text.split(" ")[0];
            return pid.matches("[0-9]+") ? pid : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The system's reason in words: "Read-only file system", "permission denied", "no such folder". */
    static String cause(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Already failing with a clearer error.
        }
    }

    /**
     * Deletes the lock files this process holds, best effort, keeping the locks: what a process about to
     * halt calls (the command line's signal handling), so that an interrupted run leaves its folder tidy.
     */
    public static void deleteHeldFiles() {
        for (Path file : HELD) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // Halting anyway: a leftover lock file is harmless.
            }
        }
    }

    /** Deletes the lock file and releases the lock. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover lock file is harmless: the next run takes it over.
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
        HELD.remove(file.toAbsolutePath().normalize());
    }
}
