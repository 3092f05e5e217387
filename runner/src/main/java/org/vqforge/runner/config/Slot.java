package org.vqforge.runner.config;

import java.util.Optional;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.architecture.NetworkRole;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.PluginProvider;
import org.vqforge.api.quantizer.QuantizerProvider;

/**
 * A place in the config where a plugin is chosen with {@code <key>.type}; the other keys under it
 * are the plugin's parameters, plus {@code runnerKeys}.
 *
 * @param key the full dotted key, e.g. {@code model.quantizer}
 * @param point the extension point
 * @param defaultType the plugin used when {@code type} is not given
 * @param runnerKeys keys under the slot that the runner owns (e.g. a loss weight)
 * @param optional whether {@code type: none} may leave the slot empty
 * @param role the network role an architecture in this slot must serve; null for other points
 * @param kind the kind a loss in this slot must be; null for other points
 */
public record Slot(String key, Class<? extends PluginProvider> point, String defaultType, ParameterSchema runnerKeys,
        boolean optional, NetworkRole role, LossKind kind) {

    /** The {@code type} of an optional slot that chooses no plugin. */
    public static final String NONE = "none";

    /** A slot for an architecture that must serve {@code role}. */
    public static Slot network(String key, NetworkRole role, String defaultType) {
        return new Slot(key, ArchitectureProvider.class, defaultType, ParameterSchema.empty(), false, role, null);
    }

    public static Slot quantizer(String key, String defaultType) {
        return new Slot(key, QuantizerProvider.class, defaultType, ParameterSchema.empty(), false, null, null);
    }

    /** A slot for a loss of {@code kind}, with the keys the runner weighs or schedules it by. */
    public static Slot loss(String key, LossKind kind, String defaultType, ParameterSchema runnerKeys) {
        return new Slot(key, LossProvider.class, defaultType, runnerKeys, false, null, kind);
    }

    /** A slot for any plugin of {@code point}. */
    public static Slot of(String key, Class<? extends PluginProvider> point, String defaultType) {
        return new Slot(key, point, defaultType, ParameterSchema.empty(), false, null, null);
    }

    /** This slot, which {@code type: none} may leave empty. */
    public Slot orNone() {
        return new Slot(key, point, defaultType, runnerKeys, true, role, kind);
    }

    /** The last part of the key, e.g. {@code quantizer}. */
    public String name() {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    public Optional<NetworkRole> optionalRole() {
        return Optional.ofNullable(role);
    }

    public Optional<LossKind> optionalKind() {
        return Optional.ofNullable(kind);
    }
}
