package org.vqforge.runner.recipe;

import java.util.List;
import java.util.function.Consumer;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.config.ModelTypes;
import org.vqforge.runner.discovery.Plugins;

/** The model types the runner knows, by the name {@code model.type} gives; vqvae is the default. */
public final class Recipes {

    private static final List<ModelRecipe> ALL = List.of(new VqvaeRecipe(), new VqganRecipe(), new PriorRecipe());

    /** The declarations of every recipe, for the config resolver. */
    public static final ModelTypes TYPES = new ModelTypes(ALL);

    private Recipes() {}

    /** @throws IllegalArgumentException for a type no recipe has (a resolved experiment always has one) */
    public static ModelRecipe of(String type) {
        return ALL.stream().filter(r -> r.name().equals(type)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no recipe for model.type '" + type + "'; known: "
                        + TYPES.names()));
    }

    /** A resolver of experiments of every known model type. */
    public static ConfigResolver resolver(Plugins plugins) {
        return new ConfigResolver(plugins, TYPES);
    }

    /** A resolver of experiments of every known model type that reports notices to {@code notices}. */
    public static ConfigResolver resolver(Plugins plugins, Consumer<String> notices) {
        return new ConfigResolver(plugins, TYPES, notices);
    }
}
