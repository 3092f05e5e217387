package org.vqforge.runner.study.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    /** A completed trial whose every metric is {@code base}, except PSNR and final loss. */
    static TrialResult trial(String quantizer, long seed, double psnr, double loss) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        for (Metric m : Metric.ALL) {
            metrics.put(m.key(), 1.0);
        }
        metrics.put(Metric.PSNR.key(), psnr);
        metrics.put(Metric.FINAL_LOSS.key(), loss);
        return new TrialResult("quantizer-" + quantizer + "_seed-" + seed, "quantizer-" + quantizer,
                Map.of("quantizer", quantizer), seed, "completed", metrics, null,
                List.of(new double[] {1, loss * 2}, new double[] {2, loss}), new long[] {3, 0, 1}, null,
                Path.of("/study/quantizer-" + quantizer + "_seed-" + seed));
    }

    static TrialResult failed(String quantizer, long seed, String error) {
        return new TrialResult("quantizer-" + quantizer + "_seed-" + seed, "quantizer-" + quantizer,
                Map.of("quantizer", quantizer), seed, "failed", Map.of(), error, List.of(), new long[0], null,
                Path.of("/study/quantizer-" + quantizer + "_seed-" + seed));
    }

    static List<TrialResult> results() {
        return new ArrayList<>(List.of(
                trial("vq", 0, 18.0, 0.030), trial("vq", 1, 19.0, 0.020), trial("vq", 2, 20.5, 0.025),
                trial("fsq", 0, 17.0, 0.010), failed("fsq", 1, "exit 137, \"killed\"\nsecond line")));
    }

    @Test
    void meanAndSampleStandardDeviationAcrossSeedsPerCell() {
        Summary summary = Summary.of(List.of("quantizer"), results());
        assertEquals(2, summary.cells().size());
        Summary.Cell vq = summary.cells().get(0);
        // by hand: mean (18 + 19 + 20.5) / 3 = 19.1667; deviations -1.1667, -0.1667, 1.3333;
        // squares 1.3611 + 0.0278 + 1.7778 = 3.1667; / (3 - 1) = 1.5833; sqrt = 1.2583
        assertEquals(19.166667, vq.stat(Metric.PSNR).mean(), 1e-6);
        assertEquals(1.258306, vq.stat(Metric.PSNR).sd(), 1e-6);
        assertEquals(3, vq.stat(Metric.PSNR).n());
        Summary.Cell fsq = summary.cells().get(1);
        assertEquals(1, fsq.completed());
        assertEquals(1, fsq.failed());
        assertEquals(17.0, fsq.stat(Metric.PSNR).mean(), 0);
        assertTrue(Double.isNaN(fsq.stat(Metric.PSNR).sd()), "one seed has no spread");
    }

    @Test
    void theBestCellDependsOnTheDirectionOfTheMetric() {
        Summary summary = Summary.of(List.of("quantizer"), results());
        assertEquals(0, summary.best(Metric.PSNR), "higher PSNR is better");
        assertEquals(1, summary.best(Metric.FINAL_LOSS), "lower loss is better");
    }

    @Test
    void markdownMarksTheBestOfEachColumnInBold() {
        String md = MarkdownSummary.text("demo", Summary.of(List.of("quantizer"), results()));
        String[] lines = md.split("\n");
        String vq = java.util.Arrays.stream(lines).filter(l -> l.startsWith("| vq |")).findFirst().orElseThrow();
        String fsq = java.util.Arrays.stream(lines).filter(l -> l.startsWith("| fsq |")).findFirst().orElseThrow();
        assertTrue(vq.contains("| 3 | 0 | **19.17 ± 1.26** |"), vq);
        assertTrue(fsq.contains("| 1 | 1 | 17.00 |"), fsq);
        assertTrue(fsq.contains("**0.01000**"), fsq);
        assertTrue(md.contains("| quantizer | seeds | failed | PSNR (dB) |"), md);
    }

    @Test
    void csvQuotesErrorsWithCommasQuotesAndNewlines() throws IOException {
        String csv = ResultsCsv.text(List.of("quantizer"), results());
        String[] rows = csv.split("\r\n");
        assertEquals("trial,cell,quantizer,seed,status,psnr,ssim,usage,perplexity,final_loss,final_reconstruction_loss,images_per_s,wall_s,error,run_dir",
                rows[0]);
        assertEquals("quantizer-vq_seed-0,quantizer-vq,vq,0,completed,18.0,1.0,1.0,1.0,0.03,1.0,1.0,1.0,,quantizer-vq_seed-0", rows[1]);
        assertTrue(csv.contains("quantizer-fsq_seed-1,quantizer-fsq,fsq,1,failed,,,,,,,,,\"exit 137, \"\"killed\"\"\nsecond line\",quantizer-fsq_seed-1"),
                csv);
    }

    @Test
    void htmlEscapesEverythingItShows() {
        assertEquals("&lt;b&gt; &amp; &quot;x&quot; &#39;y&#39;", org.vqforge.runner.report.Html.escape("<b> & \"x\" 'y'"));
    }
}
