package org.asvit.cli;

import org.asvit.io.SafeTensorsFormatException;
import org.asvit.InvalidSettingException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.NoSuchElementException;

/**
 * Turns every failure into one line on stderr, {@code asvit: error: ...}, and an exit code: 2 for bad
 * usage or bad input (option values, topologies, missing or malformed files), 1 for anything else.
 * Stack traces only with {@code --verbose} or {@code ASVIT_DEBUG=1}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler,
        CommandLine.IParameterExceptionHandler, CommandLine.IExitCodeExceptionMapper {
    static final int FAILURE = 1;
    static final int BAD_INPUT = 2;
    static final String PREFIX = "asvit: error: ";
    /** Longer messages (a weights file that fits nothing lists every parameter) are cut. */
    static final int MAX_MESSAGE = 1000;

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String message = oneLine(ex.getMessage().replaceFirst("^Error: ", ""));
        if (ex instanceof CommandLine.UnmatchedArgumentException
                || ex instanceof CommandLine.MissingParameterException) {
            message += " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')";
        }
        PrintWriter err = cmd.getErr();
        Interrupts.awaitHaltIfInterrupted();
        err.println(PREFIX + message);
        if (debug(cmd)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        Interrupts.awaitHaltIfInterrupted();
        err.println(PREFIX + describe(ex));
        if (debug(cmd)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return getExitCode(ex);
    }

    @Override
    public int getExitCode(Throwable ex) {
        if (ex instanceof CommandLine.ParameterException
                || ex instanceof IllegalArgumentException // includes TopologyException
                || ex instanceof NoSuchElementException
                || ex instanceof SafeTensorsFormatException
                || ex instanceof NoSuchFileException
                || ex instanceof NotDirectoryException
                || ex instanceof AccessDeniedException
                || ex instanceof FileNotFoundException) {
            return BAD_INPUT;
        }
        return FAILURE;
    }

    /** The message a user can act on, on one line. */
    static String describe(Throwable ex) {
        if (ex instanceof NoSuchFileException e) {
            return "no such file: " + e.getFile() + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
        }
        if (ex instanceof AccessDeniedException e) {
            return "permission denied: " + e.getFile();
        }
        if (ex instanceof NotDirectoryException e) {
            return "not a folder: " + e.getFile();
        }
        if (ex instanceof java.nio.file.FileAlreadyExistsException e) {
            return "already exists: " + e.getFile();
        }
        if (ex instanceof java.nio.file.DirectoryNotEmptyException e) {
            return "folder not empty: " + e.getFile();
        }
        if (ex instanceof FileSystemException e) {
            // Never a Java exception name: the file, and the system's reason when it gives one.
            return "cannot access " + e.getFile() + (e.getReason() == null ? "" : ": " + e.getReason());
        }
        // The library names its settings; the user gave flags.
        String message = ex instanceof InvalidSettingException e ? e.messageNaming(SettingFlags::flag) : ex.getMessage();
        if (message == null || message.isBlank()) {
            return ex.getClass().getName() + (ex.getCause() == null ? "" : " caused by " + describe(ex.getCause()));
        }
        boolean ours = ex instanceof IllegalArgumentException || ex instanceof IOException
                || ex instanceof NoSuchElementException;
        // Native (libtorch) errors arrive as plain RuntimeExceptions whose message may run to many lines.
        return ours ? oneLine(message) : "libtorch or internal failure: " + oneLine(message);
    }

    /** The first line of {@code message}, at most {@value #MAX_MESSAGE} characters; the rest is shown with --verbose. */
    static String oneLine(String message) {
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        String first = newline < 0 ? trimmed : trimmed.substring(0, newline).strip();
        if (first.length() > MAX_MESSAGE) {
            first = first.substring(0, MAX_MESSAGE);
        }
        return first.length() == trimmed.length() ? first : first + " [...; all of it with --verbose]";
    }

    private static boolean debug(CommandLine cmd) {
        CommandLine root = cmd;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root.getCommand() instanceof AsvitCommand asvit ? asvit.verbose()
                : "1".equals(System.getenv(AsvitCommand.DEBUG_ENV));
    }
}
