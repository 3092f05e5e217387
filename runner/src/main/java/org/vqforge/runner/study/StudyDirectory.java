package org.vqforge.runner.study;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.vqforge.runner.files.AtomicFiles;
import org.vqforge.runner.files.Hashing;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A study's folder: {@code study.yaml} (the resolved study), one run directory per trial, and
 * the results ({@code results.csv}, {@code summary.md}, {@code report.html}). A folder belongs
 * to one study: its study.yaml must match the study given, apart from how it was invoked.
 */
public final class StudyDirectory {

    public static final String STUDY = "study.yaml";
    public static final String RESULTS_CSV = "results.csv";
    public static final String SUMMARY_MD = "summary.md";
    public static final String REPORT_HTML = "report.html";
    /** The key of study.yaml that records how the study was invoked; not part of its identity. */
    static final String INVOCATION = "invocation";

    private final Path root;

    public StudyDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path studyFile() {
        return root.resolve(STUDY);
    }

    public Path run(Trial trial) {
        return root.resolve(trial.id());
    }

    public boolean exists() {
        return Files.isRegularFile(studyFile());
    }

    /**
     * The resolved study as a YAML tree: name, base (absolute path and SHA-256 of its content),
     * fixed overrides, axes with labelled values, seeds, trials; and how it was invoked.
     */
    public static Map<String, Object> describe(StudySpec spec, List<Trial> trials, Invocation invocation) throws IOException {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", spec.name());
        d.put("base", spec.base().toString());
        d.put("baseSha256", Hashing.sha256(spec.base()));
        d.put("set", new LinkedHashMap<>(spec.set()));
        List<Object> axes = new ArrayList<>();
        for (Axis axis : spec.axes()) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("name", axis.name());
            a.put("keys", axis.keys());
            List<Object> values = new ArrayList<>();
            for (Axis.Value v : axis.values()) {
                Map<String, Object> value = new LinkedHashMap<>();
                value.put("label", v.label());
                value.put("settings", v.settings());
                values.add(value);
            }
            a.put("values", values);
            axes.add(a);
        }
        d.put("axes", axes);
        d.put("seeds", trials.stream().map(Trial::seed).distinct().toList());
        d.put("trials", trials.stream().map(Trial::id).toList());
        d.put(INVOCATION, invocation.asMap());
        return d;
    }

    /**
     * Writes study.yaml for a new folder, or checks that an existing one describes the same study.
     *
     * @throws StudyException when the folder holds another study (naming what differs), or is a
     *     non-empty folder that holds no study
     */
    public void claim(Map<String, Object> description) throws IOException {
        if (exists()) {
            Map<String, Object> stored = read();
            List<String> differences = new ArrayList<>();
            for (String key : union(stored.keySet(), description.keySet())) {
                if (!key.equals(INVOCATION) && !Objects.equals(normalise(stored.get(key)), normalise(description.get(key)))) {
                    differences.add(key);
                }
            }
            if (!differences.isEmpty()) {
                throw new StudyException(root + " holds a different study (" + STUDY + " differs in "
                        + String.join(", ", differences) + "); nothing was changed. Use another --study-dir.");
            }
            return;
        }
        if (Files.isDirectory(root)) {
            try (var entries = Files.list(root)) {
                if (entries.findAny().isPresent()) {
                    throw new StudyException(root + " is not empty and holds no " + STUDY
                            + "; nothing was changed. Use another --study-dir.");
                }
            }
        }
        Files.createDirectories(root);
        AtomicFiles.write(studyFile(), toYaml(description).getBytes(StandardCharsets.UTF_8));
    }

    /** The stored study.yaml. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> read() throws IOException {
        Object loaded = StudyFile.yaml().load(Files.readString(studyFile()));
        if (!(loaded instanceof Map)) {
            throw new StudyException(studyFile() + ": not a study record");
        }
        return (Map<String, Object>) loaded;
    }

    static String toYaml(Map<String, Object> description) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        return "# The resolved study. `./vqf ablate " + "STUDY_DIR` resumes it: finished trials are kept.\n"
                + new Yaml(options).dump(description);
    }

    /** Through YAML and back, so that numbers and lists compare as stored. */
    private static Object normalise(Object value) {
        return StudyFile.yaml().load(new Yaml().dump(value));
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    /**
     * How a study was invoked, so that {@code ./vqf ablate STUDY_DIR} can repeat it.
     *
     * @param config the study file or base config, absolute
     * @param arguments the {@code key=values} arguments
     * @param seeds the {@code --seeds} option, or null
     */
    public record Invocation(String config, List<String> arguments, Integer seeds) {

        Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("config", config);
            m.put("arguments", arguments);
            m.put("seeds", seeds);
            return m;
        }

        @SuppressWarnings("unchecked")
        static Invocation from(Map<String, Object> study, Path file) {
            if (!(study.get(INVOCATION) instanceof Map<?, ?> m) || !(m.get("config") instanceof String config)) {
                throw new StudyException(file + ": " + INVOCATION + ": missing; cannot resume this study from its folder");
            }
            List<String> arguments = m.get("arguments") instanceof List<?> l
                    ? l.stream().map(String::valueOf).toList() : List.of();
            Integer seeds = m.get("seeds") instanceof Number n ? n.intValue() : null;
            return new Invocation(config, arguments, seeds);
        }
    }

    /** The invocation recorded in this folder's study.yaml. */
    public Invocation invocation() throws IOException {
        return Invocation.from(read(), studyFile());
    }
}
