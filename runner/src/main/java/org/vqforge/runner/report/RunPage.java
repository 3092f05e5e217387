package org.vqforge.runner.report;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vqforge.runner.files.AtomicFiles;
import org.vqforge.runner.train.RunDirectory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The page of one run, report.html: a header naming the run and what is missing, the model type's
 * own {@link RunSections}, then the sections every run has: its evaluation (eval.json as a table)
 * and its resolved config. One self-contained HTML file (images are data URIs, the style is
 * inline); a file the run has not written yet is a message on the page, not a failure.
 */
public final class RunPage {

    /** The page's name in the run directory. */
    public static final String FILE = "report.html";

    private static final Gson GSON = new Gson();

    private RunPage() {}

    /** Where {@code write} puts the page by default. */
    public static Path defaultFile(RunDirectory run) {
        return run.root().resolve(FILE);
    }

    /**
     * A page built.
     *
     * @param html the whole page
     * @param missing what it could not show and why, in page order; empty when it is complete
     */
    public record Page(String html, List<String> missing) {}

    /** The page, written atomically to {@code out}: its missing parts (empty when complete). */
    public static List<String> write(RunDirectory run, RunSections sections, Path out) throws IOException {
        Page page = build(run, sections);
        AtomicFiles.write(out, page.html().getBytes(StandardCharsets.UTF_8));
        return page.missing();
    }

    /** The page of the run in {@code run} with the model type's {@code sections}. */
    public static Page build(RunDirectory run, RunSections sections) {
        Map<String, Object> config = config(run);
        String type = modelType(config).orElse("unknown model type");
        List<PageSection> all = new ArrayList<>();
        try {
            all.addAll(sections.sections(run));
        } catch (IOException | RuntimeException | LinkageError e) {
            // AWT draws the charts' text with the system's fonts; a bare machine may have none
            all.add(PageSection.missing("model", type, "the " + type + " sections could not be drawn (no fonts? on "
                    + "Debian: apt-get install -y fonts-dejavu-core): " + e));
        }
        all.add(evaluation(run));
        all.add(configSection(run));
        // two sections that lack the same file say so once at the top
        List<String> missing = all.stream().map(PageSection::missing).filter(Objects::nonNull).distinct().toList();

        String name = run.root().getFileName() == null ? run.root().toString() : run.root().getFileName().toString();
        StringBuilder h = new StringBuilder();
        h.append("<h1>Run ").append(Html.escape(name)).append("</h1>\n<p>")
                .append(Html.escape(type)).append(" run of experiment ")
                .append(Html.escape(key(config, "experiment", "name")))
                .append(", ").append(Html.escape(length(config))).append(", in ")
                .append(Html.escape(run.root().toString())).append(".</p>\n");
        if (!missing.isEmpty()) {
            h.append("<p class=\"missing\">Not on this page:</p>\n<ul id=\"missing\">\n");
            missing.forEach(m -> h.append("<li>").append(Html.escape(m)).append("</li>\n"));
            h.append("</ul>\n");
        }
        h.append("<ul>\n");
        all.forEach(s -> h.append("<li><a href=\"#").append(Html.escape(s.id())).append("\">")
                .append(Html.escape(s.title())).append("</a></li>\n"));
        h.append("</ul>\n");
        for (PageSection s : all) {
            h.append("<h2 id=\"").append(Html.escape(s.id())).append("\">").append(Html.escape(s.title()))
                    .append("</h2>\n").append(s.body());
        }
        return new Page(Html.page("Run " + name, "", h.toString()), missing);
    }

    /** {@code model.type} of the run's resolved config, when it can be read. */
    public static Optional<String> modelType(RunDirectory run) {
        return modelType(config(run));
    }

    private static Optional<String> modelType(Map<String, Object> config) {
        Object type = section(config, "model").get("type");
        return type == null ? Optional.empty() : Optional.of(type.toString());
    }

    /** eval.json as a table of its keys and values. */
    private static PageSection evaluation(RunDirectory run) {
        String title = "Evaluation";
        Path file = run.evaluation();
        if (!Files.isRegularFile(file)) {
            return PageSection.missing("evaluation", title, "no " + RunDirectory.EVALUATION + " yet: a run writes it "
                    + "when it completes (./vqf eval RUN_DIR writes it for the last checkpoint)");
        }
        JsonObject eval;
        try {
            eval = GSON.fromJson(Files.readString(file), JsonObject.class);
        } catch (IOException | JsonParseException | ClassCastException e) {
            return PageSection.missing("evaluation", title, RunDirectory.EVALUATION + " is unreadable: " + e.getMessage());
        }
        StringBuilder t = new StringBuilder("<p>The test-set evaluation of the run's last checkpoint ("
                + RunDirectory.EVALUATION + ").</p>\n<table id=\"evaluation\">\n<tr><th>measure</th><th>value</th></tr>\n");
        for (Map.Entry<String, JsonElement> e : eval.entrySet()) {
            t.append("<tr><td class=\"label\">").append(Html.escape(e.getKey())).append("</td><td class=\"")
                    .append(e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber() ? "number" : "label")
                    .append("\">").append(Html.escape(value(e.getValue()))).append("</td></tr>\n");
        }
        return PageSection.of("evaluation", title, t.append("</table>\n").toString());
    }

    /** A value for people: numbers to four significant digits, integers whole, null as a dash. */
    static String value(JsonElement v) {
        if (v == null || v.isJsonNull()) {
            return "–";
        }
        if (v.isJsonPrimitive()) {
            JsonPrimitive p = v.getAsJsonPrimitive();
            if (p.isNumber()) {
                return number(p.getAsDouble());
            }
            return p.getAsString();
        }
        return v.toString();
    }

    /** Four significant digits; whole numbers as they are. */
    public static String number(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return String.format(Locale.ROOT, "%.4g", x);
    }

    private static Map<String, Object> config(RunDirectory run) {
        try {
            Object root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(run.config()));
            if (root instanceof Map<?, ?> map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) map;
                return m;
            }
        } catch (IOException | RuntimeException e) {
            // the header says what it cannot read ("?") and the config section shows the text as it is
        }
        return Map.of();
    }

    private static Map<?, ?> section(Map<String, Object> config, String name) {
        return config.get(name) instanceof Map<?, ?> m ? m : Map.of();
    }

    /** How long the run trains: {@code train.steps}, or {@code train.epochs} when the steps are 0. */
    private static String length(Map<String, Object> config) {
        String steps = key(config, "train", "steps");
        String epochs = key(config, "train", "epochs");
        return "0".equals(steps) ? epochs + ("1".equals(epochs) ? " epoch" : " epochs") : steps + " steps";
    }

    /** {@code section.name} of the config as text; "?" when it cannot be read. */
    private static String key(Map<String, Object> config, String section, String name) {
        Object value = section(config, section).get(name);
        return value == null ? "?" : value.toString();
    }

    /** config.yaml as it is. */
    private static PageSection configSection(RunDirectory run) {
        try {
            return PageSection.of("config", "Config", "<p>The resolved experiment (" + RunDirectory.CONFIG
                    + "): every key, defaults included.</p>\n<pre class=\"config\">"
                    + Html.escape(Files.readString(run.config())) + "</pre>\n");
        } catch (IOException e) {
            return PageSection.missing("config", "Config", RunDirectory.CONFIG + " is unreadable: " + e);
        }
    }
}
