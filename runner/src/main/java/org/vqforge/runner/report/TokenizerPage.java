package org.vqforge.runner.report;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.vqforge.runner.train.RunDirectory;

/**
 * What a tokenizer run (vqvae, vqgan) shows on its page: its {@link TrainingCurves} (loss terms,
 * perplexity and usage over steps), how often each code was chosen on the test set and the
 * reconstruction grid.
 */
public final class TokenizerPage implements RunSections {

    /** The codes named below the histogram. */
    static final int MOST_USED = 10;

    @Override
    public List<PageSection> sections(RunDirectory run) throws IOException {
        List<PageSection> sections = new ArrayList<>(new TrainingCurves().sections(run));
        sections.add(codes(run.codes()));
        sections.add(reconstructions(run.reconstructions()));
        return sections;
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
        return PageSection.grid("reconstructions", "Reconstructions", file, "Test images, each row above its "
                + "reconstructions (" + RunDirectory.RECONSTRUCTIONS + ").", "test images above their reconstructions",
                "no " + RunDirectory.RECONSTRUCTIONS + " yet: a run writes it when it completes (./vqf reconstruct "
                + "RUN_DIR also does)");
    }
}
