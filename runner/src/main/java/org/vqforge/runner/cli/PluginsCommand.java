package org.vqforge.runner.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.vqforge.api.plugin.ParameterSpec;
import org.vqforge.api.plugin.PluginProvider;
import org.vqforge.runner.discovery.PluginEntry;
import org.vqforge.runner.discovery.PluginPath;
import org.vqforge.runner.discovery.PluginProblem;
import org.vqforge.runner.discovery.PluginRegistry;
import org.vqforge.runner.discovery.Plugins;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "Lists every extension point with its providers, their descriptions and parameter schemas.")
final class PluginsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        PluginPath.check(System.getenv(PluginPath.VARIABLE));
        Plugins plugins = Plugins.discover();
        List<PluginRegistry<? extends PluginProvider>> registries = plugins.registries();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            JsonObject root = new JsonObject();
            for (PluginRegistry<? extends PluginProvider> registry : registries) {
                JsonArray list = new JsonArray();
                for (PluginEntry entry : registry.entries()) {
                    list.add(entryJson(registry, entry));
                }
                root.add(registry.point(), list);
            }
            JsonArray problems = new JsonArray();
            plugins.problems().forEach(p -> problems.add(p.toString()));
            root.add("problems", problems);
            out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(root));
        } else {
            for (PluginRegistry<? extends PluginProvider> registry : registries) {
                out.println(registry.point() + ":");
                int width = registry.entries().stream().mapToInt(e -> e.name().length()).max().orElse(0) + 2;
                String column = "  %-" + width + "s %s%n";
                for (PluginEntry entry : registry.entries()) {
                    out.printf(column, entry.name(), entry.description());
                    out.printf(column, "", "from " + entry.source());
                    try {
                        for (ParameterSpec p : registry.schema(entry.name()).specs()) {
                            out.printf("      %-18s %-16s default %-10s allowed %s%n", p.name(), p.type().description(),
                                    p.defaultValue(), p.allowed());
                            if (!p.doc().isEmpty()) {
                                out.printf("      %-18s %s%n", "", p.doc());
                            }
                        }
                    } catch (RuntimeException e) {
                        out.printf("      (broken: %s)%n", e.getMessage());
                    }
                }
                out.println();
            }
            for (PluginProblem p : plugins.problems()) {
                out.println("problem: " + p);
            }
        }
        return 0;
    }

    private static JsonObject entryJson(PluginRegistry<? extends PluginProvider> registry, PluginEntry entry) {
        JsonObject o = new JsonObject();
        o.addProperty("name", entry.name());
        o.addProperty("description", entry.description());
        o.addProperty("source", entry.source());
        JsonArray params = new JsonArray();
        try {
            for (ParameterSpec p : registry.schema(entry.name()).specs()) {
                JsonObject po = new JsonObject();
                po.addProperty("name", p.name());
                po.addProperty("type", p.type().name().toLowerCase(java.util.Locale.ROOT));
                po.addProperty("default", String.valueOf(p.defaultValue()));
                po.addProperty("allowed", p.allowed());
                po.addProperty("doc", p.doc());
                params.add(po);
            }
            o.add("parameters", params);
        } catch (RuntimeException e) {
            o.addProperty("error", e.getMessage());
        }
        return o;
    }
}
