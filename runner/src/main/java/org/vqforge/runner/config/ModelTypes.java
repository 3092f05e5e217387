package org.vqforge.runner.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.vqforge.api.plugin.ParameterSpec;

/** The model types an experiment may name in {@code model.type}; the first is the default. */
public final class ModelTypes {

    private final Map<String, ModelType> byName = new LinkedHashMap<>();

    /** @throws IllegalArgumentException for no types or two of the same name */
    public ModelTypes(List<? extends ModelType> types) {
        if (types.isEmpty()) {
            throw new IllegalArgumentException("no model types");
        }
        for (ModelType type : types) {
            ModelType earlier = byName.putIfAbsent(type.name(), type);
            if (earlier != null) {
                throw new IllegalArgumentException("model type '" + type.name() + "' is declared twice: by "
                        + earlier.getClass().getName() + " and " + type.getClass().getName());
            }
        }
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public Optional<ModelType> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The type used when {@code model.type} is not given. */
    public ModelType defaultType() {
        return byName.values().iterator().next();
    }

    /** {@code model.type}: a lone spec, since a schema reserves {@code type} for plugin names. */
    public ParameterSpec typeSpec() {
        return ParameterSpec.choice("type", defaultType().name(), names(), "the model family: "
                + byName.values().stream().map(t -> t.name() + " (" + t.description() + ")")
                        .collect(Collectors.joining(", ")));
    }

    /** The types other than {@code type} whose section {@code section} has a key or slot {@code name}. */
    List<String> othersDeclaring(ModelType type, String section, String name) {
        return byName.values().stream().filter(t -> t != type)
                .filter(t -> t.sections().stream().anyMatch(s -> s.name().equals(section) && s.names().contains(name)))
                .map(ModelType::name).toList();
    }
}
