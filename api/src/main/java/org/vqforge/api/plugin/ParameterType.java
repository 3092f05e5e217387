package org.vqforge.api.plugin;

/** The value types a plugin parameter can have. Lists are written in YAML or as {@code 8,5,5}. */
public enum ParameterType {
    INT("integer"),
    DOUBLE("number"),
    BOOLEAN("boolean"),
    STRING("string"),
    /** One of a fixed set of strings. */
    CHOICE("choice"),
    INT_LIST("list of integers"),
    DOUBLE_LIST("list of numbers"),
    /** Another plugin, chosen by {@code type} with its own parameters nested under this key. */
    PLUGIN("plugin");

    private final String description;

    ParameterType(String description) {
        this.description = description;
    }

    /** How the type is named in messages and listings. */
    public String description() {
        return description;
    }
}
