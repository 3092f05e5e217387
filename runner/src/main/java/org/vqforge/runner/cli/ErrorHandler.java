package org.vqforge.runner.cli;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.vqforge.api.backend.BackendUnavailableException;
import org.vqforge.features.FeatureNetworkException;
import org.vqforge.runner.config.ConfigException;
import org.vqforge.runner.data.DataException;
import org.vqforge.runner.discovery.PluginException;
import org.vqforge.runner.embed.RunDirectoryException;
import org.vqforge.runner.files.RunDirectoryInUseException;
import org.vqforge.runner.tokens.TokenFileException;
import org.vqforge.runner.train.CheckpointException;
import org.vqforge.runner.train.CheckpointSaveException;
import org.vqforge.runner.train.NonFiniteLossException;
import picocli.CommandLine;

/**
 * Maps failures to exit codes and messages: 2 for bad input (config, data, plugin names,
 * unavailable backends, run directories and their locks, damaged checkpoints, feature network
 * files, token files), 1 for everything else. Known failures (bad input, a loss that is not finite, a full
 * disk) are one line on stderr; the stack trace is for {@code --debug} or {@code VQF_DEBUG=1}.
 * Anything else is a bug or an environment problem and gets its stack trace always.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;
    /** What the OS says when a write finds the disk full (ENOSPC). */
    static final String DISK_FULL = "No space left on device";

    private static final Set<Class<? extends Throwable>> USER_ERRORS = Set.of(
            ConfigException.class, DataException.class, PluginException.class, BackendUnavailableException.class, UserInputException.class,
            FeatureNetworkException.class, CheckpointException.class, RunDirectoryInUseException.class,
            RunDirectoryException.class, TokenFileException.class);

    /** Runtime failures whose message says all the user needs. */
    private static final Set<Class<? extends Throwable>> KNOWN_FAILURES = Set.of(
            NonFiniteLossException.class, CheckpointSaveException.class);

    private final boolean debugFromEnvironment;

    /** @param debugFromEnvironment whether VQF_DEBUG asks for stack traces whatever the options */
    ErrorHandler(boolean debugFromEnvironment) {
        this.debugFromEnvironment = debugFromEnvironment;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable cause = unwrap(ex);
        boolean debug = debugFromEnvironment || debugRequested(parsed);
        int code;
        if (isUserError(cause)) {
            cmd.getErr().println("error: " + cause.getMessage());
            code = BAD_INPUT;
        } else if (KNOWN_FAILURES.stream().anyMatch(c -> c.isInstance(cause))) {
            cmd.getErr().println("error: " + cause.getMessage());
            code = FAILURE;
        } else if (diskFull(cause)) {
            String message = String.valueOf(cause.getMessage());
            cmd.getErr().println("error: " + (message.contains(DISK_FULL) ? message : DISK_FULL + " (" + message + ")")
                    + "; free some space and run again (files are replaced whole, so those written before are complete)");
            code = FAILURE;
        } else {
            cmd.getErr().println("failed: " + cause);
            cause.printStackTrace(cmd.getErr());
            return FAILURE;
        }
        if (debug) {
            cause.printStackTrace(cmd.getErr());
        }
        return code;
    }

    static boolean isUserError(Throwable t) {
        return USER_ERRORS.stream().anyMatch(c -> c.isInstance(t));
    }

    /** Whether {@code --debug} was given to the command or any of its parents. */
    private static boolean debugRequested(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(Main.DEBUG)) {
                return true;
            }
        }
        return false;
    }

    /** A write that found the disk full, however it was wrapped. */
    private static boolean diskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if ((c instanceof IOException || c instanceof UncheckedIOException)
                    && c.getMessage() != null && c.getMessage().contains(DISK_FULL)) {
                return true;
            }
        }
        return false;
    }

    /** Guice wraps what a provider throws; the user wants to see the original. */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while (true) {
            Throwable next = null;
            if (current instanceof ProvisionException || current instanceof CreationException) {
                next = current.getCause();
            }
            if (next == null || next == current) {
                return current;
            }
            current = next;
        }
    }
}
