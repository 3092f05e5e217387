package org.vqforge.runner.cli;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import java.util.Set;
import org.vqforge.api.backend.BackendUnavailableException;
import org.vqforge.features.FeatureNetworkException;
import org.vqforge.runner.config.ConfigException;
import org.vqforge.runner.data.DataException;
import org.vqforge.runner.discovery.PluginException;
import picocli.CommandLine;

/**
 * Maps failures to exit codes: 2 for bad input (config, data, plugin names, unavailable
 * backends, run directories, feature network files), 1 for everything else. Bad input gets its message only; other
 * failures get the stack trace too, since they are bugs or environment problems.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static final int BAD_INPUT = 2;
    static final int FAILURE = 1;

    private static final Set<Class<? extends Throwable>> USER_ERRORS = Set.of(
            ConfigException.class, DataException.class, PluginException.class, BackendUnavailableException.class, UserInputException.class,
            FeatureNetworkException.class);

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        Throwable cause = unwrap(ex);
        if (isUserError(cause)) {
            cmd.getErr().println("error: " + cause.getMessage());
            return BAD_INPUT;
        }
        cmd.getErr().println("failed: " + cause);
        cause.printStackTrace(cmd.getErr());
        return FAILURE;
    }

    static boolean isUserError(Throwable t) {
        return USER_ERRORS.stream().anyMatch(c -> c.isInstance(t));
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
