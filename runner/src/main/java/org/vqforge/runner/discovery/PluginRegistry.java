package org.vqforge.runner.discovery;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.plugin.PluginProvider;

/**
 * The plugins of one extension point, by name. Loading reads only the provider classes and their
 * {@link Plugin} annotations: a provider is instantiated the first time {@link #get} asks for it,
 * so listing plugins never runs plugin code, and one broken provider does not hide the others.
 *
 * @param <P> the extension point
 */
public final class PluginRegistry<P extends PluginProvider> {

    private static final Pattern NAME = Pattern.compile(Plugin.NAME_PATTERN);
    /** The first qualified class name in a ServiceLoader error, after the service's own name. */
    private static final Pattern CLASS_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+");

    private final String point;
    private final Map<String, Candidate<P>> byKey;
    private final List<PluginEntry> entries;
    private final List<PluginProblem> problems;
    private final Map<String, P> instances = new HashMap<>();
    private final Map<String, BrokenPluginException> failures = new HashMap<>();

    private record Candidate<P>(PluginEntry entry, ServiceLoader.Provider<P> provider) {}

    private PluginRegistry(String point, Map<String, Candidate<P>> byKey, List<PluginProblem> problems) {
        this.point = point;
        this.byKey = byKey;
        this.entries = byKey.values().stream()
                .map(Candidate::entry)
                .sorted(Comparator.comparing(PluginEntry::name, String.CASE_INSENSITIVE_ORDER))
                .toList();
        this.problems = new ArrayList<>(problems);
    }

    /**
     * Reads the providers {@code loader} finds, without instantiating any.
     *
     * @param point the extension point interface, e.g. {@code QuantizerProvider.class}
     * @param loader a loader for {@code point}, made by the caller so that the caller's module
     *     (which declares {@code uses}) is the one asking
     * @throws DuplicatePluginException when two provider classes claim the same name
     */
    public static <P extends PluginProvider> PluginRegistry<P> load(Class<P> point, ServiceLoader<P> loader) {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(loader, "loader");
        String pointName = pointName(point);
        Map<String, Candidate<P>> byKey = new LinkedHashMap<>();
        List<PluginProblem> problems = new ArrayList<>();
        Iterator<ServiceLoader.Provider<P>> it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<P> provider;
            try {
                if (!it.hasNext()) {
                    break;
                }
                provider = it.next();
            } catch (ServiceConfigurationError e) {
                // ServiceLoader goes on with the next provider after an error
                problems.add(new PluginProblem(pointName, providerNamedIn(point, e), "unknown", messageOf(e)));
                continue;
            }
            Optional<PluginEntry> entry = describe(pointName, provider, problems);
            if (entry.isEmpty()) {
                continue;
            }
            String key = key(entry.get().name());
            Candidate<P> earlier = byKey.get(key);
            if (earlier != null) {
                if (earlier.entry().type() == entry.get().type()) {
                    continue; // the same class reached twice (module and class path): not a clash
                }
                throw new DuplicatePluginException(pointName, earlier.entry(), entry.get());
            }
            byKey.put(key, new Candidate<>(entry.get(), provider));
        }
        return new PluginRegistry<>(pointName, byKey, problems);
    }

    /** The extension point's name in configs and messages, e.g. {@code quantizer}. */
    public String point() {
        return point;
    }

    /** Every usable plugin, sorted by name. */
    public List<PluginEntry> entries() {
        return entries;
    }

    /** The plugin called {@code name} (any case), without instantiating it. */
    public Optional<PluginEntry> entry(String name) {
        Candidate<P> candidate = byKey.get(key(name));
        return candidate == null ? Optional.empty() : Optional.of(candidate.entry());
    }

    /** The names of the usable plugins, sorted. */
    public List<String> names() {
        return entries.stream().map(PluginEntry::name).toList();
    }

    /** Providers that could not be used, in the order they were met. */
    public synchronized List<PluginProblem> problems() {
        return List.copyOf(problems);
    }

    /**
     * The provider called {@code name} (any case), created on first use and kept.
     *
     * @throws UnknownPluginException naming the available plugins and the nearest name
     * @throws BrokenPluginException when its constructor throws; the failure is kept, so later
     *     calls fail the same way without running the constructor again
     */
    public synchronized P get(String name) {
        String key = key(name);
        Candidate<P> candidate = byKey.get(key);
        if (candidate == null) {
            throw new UnknownPluginException(point, name, names());
        }
        P instance = instances.get(key);
        if (instance != null) {
            return instance;
        }
        BrokenPluginException failure = failures.get(key);
        if (failure != null) {
            throw failure;
        }
        try {
            instance = candidate.provider().get();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            // ServiceLoader wraps what the constructor threw; report that, not the wrapper
            Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
            failure = new BrokenPluginException(point, candidate.entry(), cause);
            failures.put(key, failure);
            problems.add(new PluginProblem(point, candidate.entry().type().getName(),
                    candidate.entry().source(), "could not be created: " + BrokenPluginException.describe(cause)));
            throw failure;
        }
        instances.put(key, instance);
        return instance;
    }

    /** The parameters the plugin called {@code name} accepts; instantiates it. */
    public ParameterSchema schema(String name) {
        return get(name).schema();
    }

    @Override
    public String toString() {
        return point + " plugins " + names();
    }

    /** {@code QuantizerProvider} becomes {@code quantizer}. */
    static String pointName(Class<?> point) {
        String simple = point.getSimpleName();
        if (simple.endsWith("Provider") && simple.length() > "Provider".length()) {
            simple = simple.substring(0, simple.length() - "Provider".length());
        }
        return simple.toLowerCase(Locale.ROOT);
    }

    private static <P> Optional<PluginEntry> describe(String pointName, ServiceLoader.Provider<P> provider,
            List<PluginProblem> problems) {
        Class<?> type;
        Plugin plugin;
        try {
            type = provider.type();
            plugin = type.getAnnotation(Plugin.class);
        } catch (RuntimeException | LinkageError e) {
            problems.add(new PluginProblem(pointName, "unknown", "unknown", "could not be read: " + messageOf(e)));
            return Optional.empty();
        }
        String source = sourceOf(type);
        if (plugin == null) {
            problems.add(new PluginProblem(pointName, type.getName(), source,
                    "has no @" + Plugin.class.getName() + " annotation, so it has no name"));
            return Optional.empty();
        }
        if (!NAME.matcher(plugin.name()).matches()) {
            problems.add(new PluginProblem(pointName, type.getName(), source,
                    "invalid name '" + plugin.name() + "'; names must match " + Plugin.NAME_PATTERN));
            return Optional.empty();
        }
        return Optional.of(new PluginEntry(plugin.name(), plugin.description(), type, source));
    }

    /** The jar or directory {@code type} was loaded from, as a file path where it is a file. */
    static String sourceOf(Class<?> type) {
        try {
            CodeSource codeSource = type.getProtectionDomain().getCodeSource();
            URL location = codeSource == null ? null : codeSource.getLocation();
            if (location == null) {
                return "unknown";
            }
            if ("file".equals(location.getProtocol())) {
                return Path.of(location.toURI()).toString();
            }
            return location.toString();
        } catch (SecurityException | URISyntaxException | IllegalArgumentException e) {
            return "unknown";
        }
    }

    /** ServiceLoader's errors read "SERVICE: Provider CLASS not found", "SERVICE: CLASS not a subtype", ... */
    private static String providerNamedIn(Class<?> point, ServiceConfigurationError e) {
        String message = String.valueOf(e.getMessage());
        String servicePrefix = point.getName() + ": ";
        if (message.startsWith(servicePrefix)) {
            message = message.substring(servicePrefix.length());
        }
        Matcher m = CLASS_NAME.matcher(message);
        return m.find() ? m.group() : "unknown";
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        Throwable cause = e.getCause();
        if (cause != null && cause.getMessage() != null && (message == null || !message.contains(cause.getMessage()))) {
            message = (message == null ? "" : message + ": ") + cause;
        }
        return message == null ? e.getClass().getName() : message;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
