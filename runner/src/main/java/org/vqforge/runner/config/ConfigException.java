package org.vqforge.runner.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.vqforge.api.plugin.ConfigProblem;

/**
 * An experiment config that cannot be used, with every problem found in it. Nothing has been built
 * when this is thrown. The message has one line per problem: {@code FILE: key: message}.
 */
public final class ConfigException extends RuntimeException {

    private final Path file;
    private final List<ConfigProblem> problems;

    /**
     * @param file the config file (or the name of wherever the config came from)
     * @param problems what is wrong, each with its full dotted key; at least one
     */
    public ConfigException(Path file, List<ConfigProblem> problems) {
        super(message(Objects.requireNonNull(file, "file"), problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.file = file;
        this.problems = List.copyOf(problems);
    }

    /** The config file the problems are in. */
    public Path file() {
        return file;
    }

    /** Every problem, in the order found. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String message(Path file, List<ConfigProblem> problems) {
        return problems.stream().map(p -> line(file, p)).collect(Collectors.joining("\n"));
    }

    /** {@code FILE: key: message}, or {@code FILE: message} for a problem with the file itself. */
    static String line(Path file, ConfigProblem problem) {
        return problem.key().isEmpty()
                ? file + ": " + problem.message()
                : file + ": " + problem.key() + ": " + problem.message();
    }
}
