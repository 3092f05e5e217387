package org.vqforge.runner.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.vqforge.api.architecture.ArchitectureProvider;
import org.vqforge.api.backend.BackendProvider;
import org.vqforge.api.launcher.TrialLauncherProvider;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.PluginProvider;
import org.vqforge.api.prior.PriorProvider;
import org.vqforge.api.quantizer.QuantizerProvider;

/**
 * One {@link PluginRegistry} per extension point, keyed by the point's provider interface. The
 * {@link ServiceLoader} calls live here because the runner module is the one that declares
 * {@code uses}; a new extension point is one more entry in {@link #EXTENSION_POINTS} (and its
 * {@code uses}), and every listing, lookup and problem report picks it up.
 */
public final class Plugins {

    /** Every extension point, in the order listings show them. */
    public static final List<Class<? extends PluginProvider>> EXTENSION_POINTS = List.of(BackendProvider.class,
            QuantizerProvider.class, ArchitectureProvider.class, PriorProvider.class, LossProvider.class,
            TrialLauncherProvider.class);

    private final Map<Class<? extends PluginProvider>, PluginRegistry<?>> byPoint;

    private Plugins(Function<Class<? extends PluginProvider>, PluginRegistry<?>> load) {
        Map<Class<? extends PluginProvider>, PluginRegistry<?>> registries = new LinkedHashMap<>();
        for (Class<? extends PluginProvider> point : EXTENSION_POINTS) {
            registries.put(point, load.apply(point));
        }
        this.byPoint = registries;
    }

    /**
     * Finds the plugins on the module path (through the runner module's {@code uses}) and the
     * class path.
     *
     * @throws DuplicatePluginException when two providers of one point share a name
     */
    public static Plugins discover() {
        return new Plugins(point -> load(point, null));
    }

    /**
     * Finds the plugins visible to {@code loader} (e.g. one over a plugins directory, or a test's).
     *
     * @throws DuplicatePluginException when two providers of one point share a name
     */
    public static Plugins discover(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        return new Plugins(point -> load(point, loader));
    }

    private static <P extends PluginProvider> PluginRegistry<P> load(Class<P> point, ClassLoader loader) {
        return PluginRegistry.load(point, loader == null ? ServiceLoader.load(point) : ServiceLoader.load(point, loader));
    }

    public PluginRegistry<BackendProvider> backends() {
        return registry(BackendProvider.class);
    }

    public PluginRegistry<QuantizerProvider> quantizers() {
        return registry(QuantizerProvider.class);
    }

    public PluginRegistry<ArchitectureProvider> architectures() {
        return registry(ArchitectureProvider.class);
    }

    public PluginRegistry<PriorProvider> priors() {
        return registry(PriorProvider.class);
    }

    public PluginRegistry<LossProvider> losses() {
        return registry(LossProvider.class);
    }

    public PluginRegistry<TrialLauncherProvider> launchers() {
        return registry(TrialLauncherProvider.class);
    }

    /** Every registry, in the order of {@link #EXTENSION_POINTS}. */
    public List<PluginRegistry<? extends PluginProvider>> registries() {
        List<PluginRegistry<? extends PluginProvider>> all = new ArrayList<>();
        byPoint.values().forEach(r -> all.add((PluginRegistry<? extends PluginProvider>) r));
        return List.copyOf(all);
    }

    /**
     * The registry of extension point {@code point}, e.g. for a parameter of type plugin.
     *
     * @throws IllegalArgumentException when {@code point} is not an extension point
     */
    @SuppressWarnings("unchecked")
    public <P extends PluginProvider> PluginRegistry<P> registry(Class<P> point) {
        PluginRegistry<?> registry = byPoint.get(point);
        if (registry == null) {
            throw new IllegalArgumentException(point.getName() + " is not an extension point; known: "
                    + EXTENSION_POINTS.stream().map(Class::getSimpleName).toList());
        }
        return (PluginRegistry<P>) registry;
    }

    /** The problems of every registry, in the order of {@link #EXTENSION_POINTS}. */
    public List<PluginProblem> problems() {
        List<PluginProblem> all = new ArrayList<>();
        byPoint.values().forEach(r -> all.addAll(r.problems()));
        return List.copyOf(all);
    }
}
