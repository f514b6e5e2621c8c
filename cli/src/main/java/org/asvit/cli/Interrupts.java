package org.asvit.cli;

import org.asvit.io.AtomicFiles;
import org.asvit.io.OutputLock;
import sun.misc.Signal;

import java.io.PrintStream;

/**
 * What SIGINT (Ctrl-C) and SIGTERM do to an {@code asvit} process: print one line, remove the temporary
 * files of atomic writes in progress, and halt with 130 or 143 (128 + the signal number), as a shell does.
 *
 * <p>Why halt rather than exit: the JVM's own handling of these signals runs the shutdown hooks and lets
 * native memory be freed (JavaCPP deallocators, finalisation) while the main thread is still inside
 * libtorch, which could crash the JVM (a SIGSEGV under {@code torch.grad}, exit 134 and an hs_err file).
 * {@link Runtime#halt} ends the process without running anything, so no native code races it; the
 * operating system reclaims the memory. Every output is written by {@link AtomicFiles} (a rename of a
 * complete file), so after a halt each output and checkpoint is complete or untouched, exactly as after
 * {@code kill -9}, and long runs resume from their last checkpoint.
 *
 * <p>A signal that was ignored when the process started (e.g. SIGINT for a background job of a
 * non-interactive shell, or under {@code nohup}) stays ignored: the JVM does not install handlers for those.
 */
final class Interrupts {
    /** Exit status of a process ended by signal N, as shells report it: 128 + N. */
    private static final int SIGINT_STATUS = 130;
    private static final int SIGTERM_STATUS = 143;

    /** Set first thing by a handler, so that the main thread says nothing more while the halt comes. */
    private static volatile boolean interrupted;

    private Interrupts() {
    }

    /**
     * Blocks for good when a signal is being handled: the main thread must neither print an error caused
     * by the handler's removal of a temporary file nor exit with its own status before the halt.
     */
    static void awaitHaltIfInterrupted() {
        while (interrupted) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Installs the handlers; called first thing by the command-line entry point, never by the library. */
    static void install() {
        handle("INT", SIGINT_STATUS);
        handle("TERM", SIGTERM_STATUS);
    }

    /**
     * What a signal prints: one line, started on a line of its own when a progress bar is on the terminal
     * (the bar's line ends in a carriage return, not a newline).
     */
    static String line(String signalName) {
        return (Progress.barOnTerminal() ? System.lineSeparator() : "") + "asvit: interrupted (SIG" + signalName + ")"
                + System.lineSeparator();
    }

    private static void handle(String name, int status) {
        PrintStream err = System.err;
        Signal.handle(new Signal(name), signal -> {
            interrupted = true;
            err.print(line(name));
            err.flush();
            AtomicFiles.stopAndDeleteInFlight();
            OutputLock.deleteHeldFiles();
            Runtime.getRuntime().halt(status);
        });
    }
}
