package org.vqforge.runner.study.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report opened by headless Chromium through scripts/check-report.sh: self-contained, the
 * summary table and every chart in the DOM, a screenshot that shows them. Chromium is required
 * in CI (CI=true); elsewhere the test is skipped when it is not installed.
 */
class ReportInChromiumTest {

    @TempDir
    Path dir;

    @Test
    void theReportLoadsInChromiumWithItsTableAndCharts() throws IOException, InterruptedException {
        boolean haveChromium = Files.isExecutable(Path.of("/usr/bin/chromium"));
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(haveChromium, "chromium is not installed (apt-get install -y chromium)");
        }
        Path grid = dir.resolve("grid.png");
        BufferedImage image = new BufferedImage(64, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int x = 0; x < 64; x++) {
            image.getRaster().setSample(x, x / 2, 0, 255);
        }
        ImageIO.write(image, "png", grid.toFile());
        List<TrialResult> results = new ArrayList<>();
        for (TrialResult r : SummaryTest.results()) {
            results.add(new TrialResult(r.id(), r.cell(), r.labels(), r.seed(), r.status(), r.metrics(), r.error(),
                    r.lossCurve(), r.codeCounts(), r.completed() ? grid : null, r.runDirectory()));
        }
        Summary summary = Summary.of(List.of("quantizer"), results);
        Path report = dir.resolve("report.html");
        Files.writeString(report, HtmlReport.html("chromium-check", summary, results), StandardCharsets.UTF_8);
        Path screenshot = dir.resolve("report.png");

        // 7 metric charts + 1 loss chart + per cell (2) a histogram and a reconstruction grid
        int expectedImages = Metric.ALL.size() + 1 + 2 * 2;
        Process p = new ProcessBuilder("bash", "../scripts/check-report.sh", report.toString(), screenshot.toString(),
                Integer.toString(expectedImages)).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "check-report.sh timed out");
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("summary table with 2 rows, " + expectedImages + " embedded images"), output);
        BufferedImage shot = ImageIO.read(screenshot.toFile());
        assertEquals(1280, shot.getWidth(), "the screenshot has the window's width");
    }
}
