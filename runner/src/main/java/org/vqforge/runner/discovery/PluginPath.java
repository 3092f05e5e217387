package org.vqforge.runner.discovery;

import java.io.File;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Checks the entries of {@code VQF_PLUGINS}, which the {@code vqf} launcher puts on the module
 * path. The JVM skips a module path entry that does not exist, so a misspelt plugin path would
 * silently drop the user's plugin: every entry must be a jar, or a folder of jars or an exploded
 * module, that provides at least one vqforge extension point.
 */
public final class PluginPath {

    /** The environment variable the launcher reads. */
    public static final String VARIABLE = "VQF_PLUGINS";

    /** Services of the api's packages are vqforge extension points. */
    private static final String EXTENSION_POINTS = "org.vqforge.api.";

    private PluginPath() {}

    /**
     * @param value the variable's value (entries separated by the platform's path separator); null or empty for none
     * @throws PluginPathException naming the first entry that is not a plugin
     */
    public static void check(String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        for (String entry : value.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                checkEntry(entry);
            }
        }
    }

    private static void checkEntry(String entry) {
        Path path;
        try {
            path = Path.of(entry);
        } catch (InvalidPathException e) {
            throw problem(entry, "is not a valid path: " + e.getReason());
        }
        if (!Files.exists(path)) {
            throw problem(entry, "does not exist");
        }
        boolean jar = Files.isRegularFile(path) && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar");
        if (!jar && !Files.isDirectory(path)) {
            throw problem(entry, "is not a jar or a folder");
        }
        Set<ModuleReference> modules;
        try {
            modules = ModuleFinder.of(path).findAll();
        } catch (FindException e) {
            throw problem(entry, "cannot be read as a module: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
        }
        boolean provides = modules.stream().map(ModuleReference::descriptor)
                .flatMap(d -> d.provides().stream())
                .map(ModuleDescriptor.Provides::service)
                .anyMatch(service -> service.startsWith(EXTENSION_POINTS));
        if (!provides) {
            throw problem(entry, modules.isEmpty() ? "holds no jar or module"
                    : "provides no vqforge extension point (no module-info 'provides' or META-INF/services entry for "
                            + EXTENSION_POINTS + "*)");
        }
    }

    private static PluginPathException problem(String entry, String what) {
        return new PluginPathException(VARIABLE + " entry " + entry + " " + what);
    }
}
