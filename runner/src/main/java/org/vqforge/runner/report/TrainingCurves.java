package org.vqforge.runner.report;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.vqforge.runner.train.RunDirectory;

/**
 * What every run logs in metrics.jsonl, over the logged steps: the loss and its terms on one chart,
 * then each other batch metric on its own (a tokenizer's perplexity and usage first, then the
 * learning rate, gradient norm, a vqgan's discriminator measures, ...). The sections of a model
 * type that adds none of its own.
 */
public final class TrainingCurves implements RunSections {

    private static final String METRICS_TITLE = "Metrics over steps";

    /** Keys of metrics.jsonl that are not charted: the step itself, and throughput and time since the start. */
    private static final Set<String> NOT_CHARTED = Set.of("step", "images_per_s", "elapsed_s");

    /** The metrics charted first: how the codebook is used. */
    private static final List<String> FIRST = List.of("perplexity", "usage");

    @Override
    public List<PageSection> sections(RunDirectory run) throws IOException {
        List<PageSection> sections = new ArrayList<>();
        MetricsLog log = null;
        String why = null;
        try {
            log = MetricsLog.read(run.metrics());
            if (log.rows().isEmpty()) {
                why = RunDirectory.METRICS + " has no logged step yet";
            }
        } catch (NoSuchFileException e) {
            why = "no " + RunDirectory.METRICS + " yet: the run has not logged a step";
        } catch (IOException e) {
            why = RunDirectory.METRICS + " is unreadable: " + e.getMessage();
        }
        if (why != null) {
            sections.add(PageSection.missing("losses", "Losses", why));
            sections.add(PageSection.missing("metrics", METRICS_TITLE, why));
        } else {
            sections.add(losses(log));
            sections.add(metrics(log));
        }
        return sections;
    }

    private static PageSection losses(MetricsLog log) throws IOException {
        List<Charts.Series> terms = log.keys().stream().filter(k -> k.startsWith("loss"))
                .map(k -> new Charts.Series(k, log.series(k))).toList();
        String body = "<p>The training loss (<code>loss</code>) and its weighted terms at each of the "
                + log.rows().size() + " logged steps (" + RunDirectory.METRICS + "): "
                + Html.escape(String.join(", ", terms.stream().map(Charts.Series::name).toList()))
                + "; at step " + log.lastStep() + " the loss is " + last(log, "loss") + ".</p>\n<div class=\"charts\">\n"
                + Html.image(Charts.lines("Training loss and its terms", "loss", terms, true, 2 * Charts.WIDTH,
                        Charts.HEIGHT + 100), "training loss and its terms over steps", null)
                + "</div>\n";
        return PageSection.of("losses", "Losses", body);
    }

    private static PageSection metrics(MetricsLog log) throws IOException {
        List<String> keys = new ArrayList<>(FIRST.stream().filter(log.keys()::contains).toList());
        log.keys().stream().filter(k -> !k.startsWith("loss") && !NOT_CHARTED.contains(k) && !keys.contains(k))
                .forEach(keys::add);
        if (keys.isEmpty()) {
            return PageSection.missing("metrics", METRICS_TITLE, RunDirectory.METRICS
                    + " logs no metric besides the losses (perplexity, usage, ...)");
        }
        StringBuilder body = new StringBuilder("<p>The measures of each training batch: ");
        body.append(Html.escape(String.join(", ", keys.stream().map(k -> k + " " + last(log, k)).toList())))
                .append(" at step ").append(log.lastStep()).append(".</p>\n<div class=\"charts\">\n");
        for (String k : keys) {
            body.append(Html.image(Charts.lines(k, k, List.of(new Charts.Series(k, log.series(k))), false, Charts.WIDTH,
                    Charts.HEIGHT), k + " over steps", null));
        }
        return PageSection.of("metrics", METRICS_TITLE, body.append("</div>\n").toString());
    }

    private static String last(MetricsLog log, String key) {
        List<double[]> s = log.series(key);
        return s.isEmpty() ? "–" : RunPage.number(s.get(s.size() - 1)[1]);
    }
}
