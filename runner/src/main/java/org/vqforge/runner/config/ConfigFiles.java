package org.vqforge.runner.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.configuration2.AbstractConfiguration;
import org.apache.commons.configuration2.FileBasedConfiguration;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.YAMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.io.FileHandler;
import org.apache.commons.configuration2.tree.ImmutableNode;

/** Reads an experiment file into dotted keys and raw values, whatever its format. */
final class ConfigFiles {

    /** The file name endings an experiment file may have. */
    static final List<String> EXTENSIONS = List.of(".yaml", ".yml", ".properties");

    private ConfigFiles() {}

    /**
     * The file's values by full dotted key, in file order. Lists stay lists; YAML values keep their
     * types, properties values are strings.
     *
     * @param problems where problems with the file (missing, unreadable, unsupported) go, keyed ""
     */
    static Map<String, Object> read(Path file, ProblemList problems) {
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        if (!yaml && !name.endsWith(".properties")) {
            problems.add("", "unsupported config file type; allowed extensions: " + String.join(", ", EXTENSIONS));
            return Map.of();
        }
        if (!Files.exists(file)) {
            problems.add("", "config file not found");
            return Map.of();
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            problems.add("", "config file is not a readable file");
            return Map.of();
        }
        try {
            if (yaml) {
                YAMLConfiguration config = load(new YAMLConfiguration(), file);
                Map<String, Object> flat = new LinkedHashMap<>();
                flatten(config.getNodeModel().getNodeHandler().getRootNode(), "", flat, problems);
                return flat;
            }
            PropertiesConfiguration config = new PropertiesConfiguration();
            // an include would read further files; Commons Configuration then drops the key silently
            config.setIncludesAllowed(false);
            rejectIncludes(file, problems);
            return properties(load(config, file), problems);
        } catch (ConfigurationException | IOException | RuntimeException e) {
            problems.add("", "cannot read " + (yaml ? "YAML" : "properties") + ": " + innermostMessage(e));
            return Map.of();
        }
    }

    /** Says so when a properties file asks for an include, which is dropped rather than followed. */
    private static void rejectIncludes(Path file, ProblemList problems) throws IOException {
        Properties plain = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            plain.load(reader);
        }
        for (String key : plain.stringPropertyNames()) {
            if (key.equalsIgnoreCase(PropertiesConfiguration.getInclude())
                    || key.equalsIgnoreCase(PropertiesConfiguration.getIncludeOptional())) {
                problems.add(key, "includes are not supported; put every key in one file");
            }
        }
    }

    private static <C extends AbstractConfiguration & FileBasedConfiguration> C load(C config, Path file)
            throws ConfigurationException {
        // values are interpolated later, against this config's own keys only (see ConfigTree)
        config.installInterpolator(Map.of(), List.of());
        FileHandler handler = new FileHandler(config);
        handler.setEncoding(StandardCharsets.UTF_8.name());
        handler.load(file.toFile());
        return config;
    }

    /** Walks the YAML tree: a list of scalars is a run of same-named leaves. */
    private static void flatten(ImmutableNode node, String prefix, Map<String, Object> flat, ProblemList problems) {
        Map<String, List<ImmutableNode>> byName = new LinkedHashMap<>();
        for (ImmutableNode child : node.getChildren()) {
            byName.computeIfAbsent(child.getNodeName(), n -> new ArrayList<>()).add(child);
        }
        for (Map.Entry<String, List<ImmutableNode>> entry : byName.entrySet()) {
            if (entry.getKey() == null) {
                // YAML's null and ~ as a key: no name a key could be written with
                problems.add(prefix, "a key is null (YAML 'null' or '~' used as a key)");
                continue;
            }
            String key = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
            List<ImmutableNode> nodes = entry.getValue();
            if (nodes.size() == 1 && !nodes.get(0).getChildren().isEmpty()) {
                flatten(nodes.get(0), key, flat, problems);
            } else if (nodes.size() == 1) {
                put(flat, key, nodes.get(0).getValue(), problems);
            } else if (nodes.stream().allMatch(n -> n.getChildren().isEmpty())) {
                List<Object> values = new ArrayList<>();
                nodes.forEach(n -> values.add(n.getValue()));
                put(flat, key, values, problems);
            } else {
                problems.add(key, "a list of sections is not supported here");
            }
        }
    }

    private static Map<String, Object> properties(PropertiesConfiguration config, ProblemList problems) {
        Map<String, Object> flat = new LinkedHashMap<>();
        for (Iterator<String> keys = config.getKeys(); keys.hasNext(); ) {
            String key = keys.next();
            Object value = config.getProperty(key);
            if (value instanceof List) {
                problems.add(key, "given " + ((List<?>) value).size() + " times; write lists as 8,5,5");
            } else {
                put(flat, key, value, problems);
            }
        }
        return flat;
    }

    private static void put(Map<String, Object> flat, String key, Object value, ProblemList problems) {
        if (flat.containsKey(key)) {
            problems.add(key, "given twice");
        } else {
            flat.put(key, value);
        }
    }

    private static String innermostMessage(Throwable e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.getClass().getSimpleName() : message.strip();
    }
}
