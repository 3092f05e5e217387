package org.vqforge.runner.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;
import org.vqforge.runner.train.RunDirectory;

/**
 * What a tokenizer run (vqvae, vqgan) shows on its page: its loss terms and its batch metrics (the
 * quantizer's perplexity and usage first, then the learning rate, gradient norm, ...) over the
 * logged steps, how often each code was chosen on the test set
 * and the reconstruction grid.
 */
public final class TokenizerPage implements RunSections {

    private static final String METRICS_TITLE = "Metrics over steps";

    /** The codes named below the histogram. */
    static final int MOST_USED = 10;

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
        sections.add(codes(run.codes()));
        sections.add(reconstructions(run.reconstructions()));
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

    private static PageSection codes(Path file) throws IOException {
        String title = "Code usage on the test set";
        CodeCounts codes;
        try {
            codes = CodeCounts.read(file);
        } catch (NoSuchFileException e) {
            return PageSection.missing("codes", title, "no " + RunDirectory.CODES
                    + " yet: a run writes it with its evaluation when it completes");
        } catch (IOException e) {
            return PageSection.missing("codes", title, RunDirectory.CODES + " is unreadable: " + e.getMessage());
        }
        long[] counts = codes.counts();
        long total = Math.max(1, codes.total());
        List<String> top = IntStream.range(0, counts.length).boxed().filter(i -> counts[i] > 0)
                .sorted(Comparator.comparingLong((Integer i) -> -counts[i]).thenComparing(i -> i)).limit(MOST_USED)
                .map(i -> String.format(Locale.ROOT, "#%d (%d, %.1f%%)", i, counts[i], 100.0 * counts[i] / total))
                .toList();
        String heading = codes.used() + " of " + counts.length + " codes used";
        String body = "<p id=\"code-usage\">" + heading + " by the " + codes.images() + " test images ("
                + RunDirectory.CODES + "). Most used: " + Html.escape(String.join(", ", top)) + ".</p>\n"
                + "<div class=\"charts\">\n" + Html.image(Charts.histogram(heading, counts),
                        "how often each of the " + counts.length + " codes was chosen", null) + "</div>\n";
        return PageSection.of("codes", title, body);
    }

    private static PageSection reconstructions(Path file) throws IOException {
        String title = "Reconstructions";
        if (!Files.isRegularFile(file)) {
            return PageSection.missing("reconstructions", title, "no " + RunDirectory.RECONSTRUCTIONS
                    + " yet: a run writes it when it completes (./vqf reconstruct RUN_DIR also does)");
        }
        return PageSection.of("reconstructions", title, "<p>Test images, each row above its reconstructions ("
                + RunDirectory.RECONSTRUCTIONS + ").</p>\n"
                + Html.image(Files.readAllBytes(file), "test images above their reconstructions", "grid"));
    }

    private static String last(MetricsLog log, String key) {
        List<double[]> s = log.series(key);
        return s.isEmpty() ? "–" : RunPage.number(s.get(s.size() - 1)[1]);
    }
}
