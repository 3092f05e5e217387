package org.vqforge.runner.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vqforge.api.launcher.TrialLauncher;
import org.vqforge.api.launcher.TrialLauncherProvider;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.runner.discovery.PluginRegistry;
import org.vqforge.runner.discovery.Plugins;

/** The trial launchers among the discovered plugins. */
public final class Launchers {

    public static final String DEFAULT = "local";

    private final PluginRegistry<TrialLauncherProvider> registry;

    private Launchers(PluginRegistry<TrialLauncherProvider> registry) {
        this.registry = registry;
    }

    public static Launchers discover() {
        return of(Plugins.discover());
    }

    /** The launchers among {@code plugins}. */
    public static Launchers of(Plugins plugins) {
        return new Launchers(plugins.launchers());
    }

    /** The launcher providers, for listings. */
    public PluginRegistry<TrialLauncherProvider> registry() {
        return registry;
    }

    /** Names of the available launchers. */
    public List<String> names() {
        return registry.names();
    }

    /**
     * The launcher {@code name} with {@code raw} parameters checked against its schema.
     *
     * @throws StudyException for parameters the launcher does not accept, or that it found wrong
     *     ({@link IllegalArgumentException} from its provider)
     * @throws org.vqforge.runner.discovery.UnknownPluginException for an unknown name (lists the known ones)
     */
    public TrialLauncher create(String name, Map<String, ?> raw) {
        TrialLauncherProvider provider = registry.get(name);
        List<ConfigProblem> problems = new ArrayList<>();
        Parameters params = provider.schema().resolve(raw, problems);
        if (!problems.isEmpty()) {
            throw new StudyException(String.join("\n", problems.stream()
                    .map(p -> "launcher " + name + ": " + p.key() + ": " + p.message()).toList()));
        }
        try {
            return provider.create(params);
        } catch (IllegalArgumentException e) {
            // the launcher's own checks (a cluster it cannot reach, settings the cluster rejects)
            throw new StudyException("launcher " + name + ": " + e.getMessage());
        }
    }
}
