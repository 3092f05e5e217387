package org.vqforge.runner.discovery;

import java.util.Objects;

/**
 * A plugin as discovery sees it, before it is instantiated.
 *
 * @param name the name from its {@link org.vqforge.api.plugin.Plugin} annotation, as declared
 * @param description the one-line description from the annotation
 * @param type the provider class
 * @param source the jar or directory the class came from, or {@code unknown}
 */
public record PluginEntry(String name, String description, Class<?> type, String source) {

    public PluginEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
    }

    @Override
    public String toString() {
        return name + " (" + type.getName() + " from " + source + ")";
    }
}
