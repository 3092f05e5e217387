package org.vqforge.runner.config;

import org.vqforge.runner.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/** Writes the resolved config of an experiment, so a run can be repeated exactly from its folder. */
public final class ConfigWriter {

    private static final String HEADER = "# Resolved experiment config: every key, defaults included.\n"
            + "# Reading it back gives the same experiment.\n";

    private ConfigWriter() {}

    /** The resolved config as YAML text. */
    public static String toYaml(Experiment experiment) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        return HEADER + new Yaml(options).dump(experiment.resolved());
    }

    /**
     * Writes the resolved config to {@code file} (.yaml or .yml) atomically: readers see the old
     * file or the complete new one, never a half-written one.
     *
     * @throws IllegalArgumentException when the file name does not end in .yaml or .yml
     */
    public static void write(Experiment experiment, Path file) throws IOException {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
            throw new IllegalArgumentException("a resolved config is YAML; name it .yaml or .yml: " + file);
        }
        AtomicFiles.write(file, toYaml(experiment).getBytes(StandardCharsets.UTF_8));
    }
}
