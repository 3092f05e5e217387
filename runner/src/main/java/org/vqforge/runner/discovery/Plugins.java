package org.vqforge.runner.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.backend.BackendProvider;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.PluginProvider;
import org.vqforge.api.quantizer.QuantizerProvider;

/**
 * The registries of the four extension points. The {@link ServiceLoader} calls live here because
 * the runner module is the one that declares {@code uses}.
 */
public final class Plugins {

    private final PluginRegistry<BackendProvider> backends;
    private final PluginRegistry<QuantizerProvider> quantizers;
    private final PluginRegistry<ArchitectureProvider> architectures;
    private final PluginRegistry<LossProvider> losses;
    private final Map<Class<?>, PluginRegistry<?>> byPoint;

    private Plugins(PluginRegistry<BackendProvider> backends, PluginRegistry<QuantizerProvider> quantizers,
            PluginRegistry<ArchitectureProvider> architectures, PluginRegistry<LossProvider> losses) {
        this.backends = backends;
        this.quantizers = quantizers;
        this.architectures = architectures;
        this.losses = losses;
        this.byPoint = Map.of(BackendProvider.class, backends, QuantizerProvider.class, quantizers,
                ArchitectureProvider.class, architectures, LossProvider.class, losses);
    }

    /**
     * Finds the plugins on the module path (through the runner module's {@code uses}) and the
     * class path.
     *
     * @throws DuplicatePluginException when two providers of one point share a name
     */
    public static Plugins discover() {
        return new Plugins(
                PluginRegistry.load(BackendProvider.class, ServiceLoader.load(BackendProvider.class)),
                PluginRegistry.load(QuantizerProvider.class, ServiceLoader.load(QuantizerProvider.class)),
                PluginRegistry.load(ArchitectureProvider.class, ServiceLoader.load(ArchitectureProvider.class)),
                PluginRegistry.load(LossProvider.class, ServiceLoader.load(LossProvider.class)));
    }

    /**
     * Finds the plugins visible to {@code loader} (e.g. one over a plugins directory, or a test's).
     *
     * @throws DuplicatePluginException when two providers of one point share a name
     */
    public static Plugins discover(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        return new Plugins(
                PluginRegistry.load(BackendProvider.class, ServiceLoader.load(BackendProvider.class, loader)),
                PluginRegistry.load(QuantizerProvider.class, ServiceLoader.load(QuantizerProvider.class, loader)),
                PluginRegistry.load(ArchitectureProvider.class, ServiceLoader.load(ArchitectureProvider.class, loader)),
                PluginRegistry.load(LossProvider.class, ServiceLoader.load(LossProvider.class, loader)));
    }

    public PluginRegistry<BackendProvider> backends() {
        return backends;
    }

    public PluginRegistry<QuantizerProvider> quantizers() {
        return quantizers;
    }

    public PluginRegistry<ArchitectureProvider> architectures() {
        return architectures;
    }

    public PluginRegistry<LossProvider> losses() {
        return losses;
    }

    /**
     * The registry of extension point {@code point}, e.g. for a parameter of type plugin.
     *
     * @throws IllegalArgumentException when {@code point} is not one of the four extension points
     */
    @SuppressWarnings("unchecked")
    public <P extends PluginProvider> PluginRegistry<P> registry(Class<P> point) {
        PluginRegistry<?> registry = byPoint.get(point);
        if (registry == null) {
            throw new IllegalArgumentException(point.getName() + " is not an extension point; known: "
                    + "BackendProvider, QuantizerProvider, ArchitectureProvider, LossProvider");
        }
        return (PluginRegistry<P>) registry;
    }

    /** The problems of all four registries: backends, quantizers, architectures, losses. */
    public List<PluginProblem> problems() {
        List<PluginProblem> all = new ArrayList<>();
        all.addAll(backends.problems());
        all.addAll(quantizers.problems());
        all.addAll(architectures.problems());
        all.addAll(losses.problems());
        return List.copyOf(all);
    }
}
