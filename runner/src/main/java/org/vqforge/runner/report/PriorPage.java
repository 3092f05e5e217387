package org.vqforge.runner.report;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vqforge.runner.train.RunDirectory;

/**
 * What a prior run shows on its page: the NLL in bits per token of its training batches and of the
 * test split over steps on one chart, its {@link TrainingCurves}, and the grid of drawn images
 * (one row per class).
 */
public final class PriorPage implements RunSections {

    @Override
    public List<PageSection> sections(RunDirectory run) throws IOException {
        List<PageSection> sections = new ArrayList<>();
        sections.add(nll(run.metrics()));
        sections.addAll(new TrainingCurves().sections(run));
        sections.add(samples(run.root().resolve(RunDirectory.SAMPLES)));
        return sections;
    }

    private static PageSection nll(Path file) throws IOException {
        String title = "Train and test NLL";
        MetricsLog log;
        try {
            log = MetricsLog.read(file);
        } catch (NoSuchFileException e) {
            return PageSection.missing("nll", title, "no " + RunDirectory.METRICS + " yet: the run has not logged a step");
        }
        List<double[]> train = log.series("bits_per_token");
        List<double[]> test = log.series("test_bits_per_token");
        if (train.isEmpty()) {
            return PageSection.missing("nll", title, RunDirectory.METRICS + " logs no bits_per_token");
        }
        String lastTest = test.isEmpty() ? "not measured yet (at checkpoint steps and the last)"
                : String.format(java.util.Locale.ROOT, "%.4f bits per token at step %.0f",
                        test.get(test.size() - 1)[1], test.get(test.size() - 1)[0]);
        String body = "<p>Cross-entropy of the next code, in bits per token: training batches at each logged step, "
                + "the whole test split at each checkpoint step and the last (" + RunDirectory.METRICS + "). Test: "
                + Html.escape(lastTest) + ".</p>\n<div class=\"charts\">\n"
                + Html.image(Charts.lines(title, "bits per token", List.of(new Charts.Series("train", train),
                        new Charts.Series("test", test)), false, 2 * Charts.WIDTH, Charts.HEIGHT + 100),
                        "training and test NLL over steps", null)
                + "</div>\n";
        return PageSection.of("nll", title, body);
    }

    private static PageSection samples(Path file) throws IOException {
        return PageSection.grid("samples", "Samples", file, "Images drawn from the prior and decoded by its "
                + "tokenizer, one row per class (" + RunDirectory.SAMPLES + ").",
                "images drawn from the prior, one row per class", "no " + RunDirectory.SAMPLES
                + " yet: a prior run draws it when it completes (./vqf sample PRIOR_RUN also does)");
    }
}
