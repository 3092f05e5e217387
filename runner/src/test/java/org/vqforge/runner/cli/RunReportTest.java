package org.vqforge.runner.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny tokenizer run's page, report.html: written by train when the run completes, with the
 * run's own figures in every section, self-contained, and loaded by headless Chromium; {@code vqf
 * report} on a run that has not finished and on a folder that is no run.
 */
class RunReportTest {

    private static final Gson GSON = new Gson();

    @TempDir
    static Path dir;

    static Path run;
    static String page;

    @BeforeAll
    static void trainATinyRun() throws IOException {
        run = dir.resolve("run");
        TrainEndToEndTest.Result train = TrainEndToEndTest.vqf("train", RerunTest.TINY.toString(), "--quiet",
                "--run-dir", run.toString());
        assertEquals(0, train.exitCode(), train.err());
        page = Files.readString(run.resolve("report.html"));
    }

    @Test
    void trainWritesThePageWithTheRunsFigures() throws IOException {
        // the evaluation table holds eval.json's values
        JsonObject eval = GSON.fromJson(Files.readString(run.resolve("eval.json")), JsonObject.class);
        assertEquals(eval.get("psnr").getAsDouble(), number(page, "<td class=\"label\">psnr</td><td class=\"number\">([^<]+)</td>"),
                1e-3 * eval.get("psnr").getAsDouble());
        assertEquals(eval.get("ssim").getAsDouble(), number(page, "<td class=\"label\">ssim</td><td class=\"number\">([^<]+)</td>"),
                1e-3 * Math.abs(eval.get("ssim").getAsDouble()));

        // the losses: every logged step, every term; the last loss is metrics.jsonl's last
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(6, lines.size(), "tiny.yaml logs each of its 6 steps");
        JsonObject last = GSON.fromJson(lines.get(lines.size() - 1), JsonObject.class);
        assertTrue(page.contains("each of the 6 logged steps"), page);
        for (String term : List.of("loss_reconstruction", "loss_codebook", "loss_commitment")) {
            assertTrue(page.contains(term), term);
        }
        assertEquals(last.get("loss").getAsDouble(), number(page, "at step 6 the loss is ([^.<]+\\.[0-9]+)"),
                1e-3 * last.get("loss").getAsDouble());
        assertEquals(last.get("usage").getAsDouble(), number(page, "usage ([0-9.]+)[, ]"), 1e-3);

        // the code-usage histogram: counted from codes.json here
        JsonArray counts = GSON.fromJson(Files.readString(run.resolve("codes.json")), JsonObject.class)
                .getAsJsonArray("counts");
        int used = 0;
        int top = 0;
        for (int i = 0; i < counts.size(); i++) {
            used += counts.get(i).getAsLong() > 0 ? 1 : 0;
            top = counts.get(i).getAsLong() > counts.get(top).getAsLong() ? i : top;
        }
        assertEquals(16, counts.size());
        assertTrue(page.contains("<p id=\"code-usage\">" + used + " of 16 codes used by the 64 test images"), page);
        assertTrue(page.contains("Most used: #" + top + " (" + counts.get(top).getAsLong() + ", "), page);

        // the reconstruction grid is the run's file; the config is the resolved one
        String grid = Base64.getEncoder().encodeToString(Files.readAllBytes(run.resolve("reconstructions.png")));
        assertTrue(page.contains("src=\"data:image/png;base64," + grid + "\""));
        assertTrue(page.contains("    codebookSize: 16\n"), "the resolved config");

        // self-contained and complete: 5 images (losses, perplexity, usage, histogram, grid), all data URIs
        assertFalse(page.contains("http://") || page.contains("https://"), "no external address");
        assertEquals(5, count(page, "<img "));
        assertEquals(5, count(page, "src=\"data:image/png;base64,"));
        assertFalse(page.contains("id=\"missing\""), "nothing is missing from a completed run's page");
    }

    @Test
    void thePageLoadsInChromium() throws IOException, InterruptedException {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")),
                    "chromium is not installed (apt-get install -y chromium)");
        }
        Process p = new ProcessBuilder("bash", "../scripts/check-report.sh", run.resolve("report.html").toString(),
                dir.resolve("page.png").toString(), "5", "evaluation").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "check-report.sh timed out");
        assertEquals(0, p.exitValue(), output);
        // eval.json's 11 keys, one row each
        assertTrue(output.contains("evaluation table with 11 rows, 5 embedded images"), output);
    }

    @Test
    void aRunWithoutItsEvaluationGetsAPageThatSaysWhatIsMissing() throws IOException {
        Path unfinished = dir.resolve("unfinished");
        Files.createDirectories(unfinished);
        for (String file : List.of("config.yaml", "metrics.jsonl")) {
            Files.copy(run.resolve(file), unfinished.resolve(file));
        }
        Path out = dir.resolve("elsewhere.html");
        TrainEndToEndTest.Result report = TrainEndToEndTest.vqf("report", unfinished.toString(), "--out", out.toString());
        assertEquals(0, report.exitCode(), report.err());
        assertEquals(out.toAbsolutePath().toString(), report.out().strip());
        assertFalse(Files.exists(unfinished.resolve("report.html")), "--out names the only file written");
        String html = Files.readString(out);
        for (String missing : List.of("no eval.json yet", "no codes.json yet", "no reconstructions.png yet")) {
            assertTrue(html.contains(missing), missing);
            assertTrue(report.err().contains("not on the page: " + missing), report.err());
        }
        assertTrue(html.contains("<ul id=\"missing\">"));
        assertTrue(html.contains("each of the 6 logged steps"), "what exists is shown");
        assertEquals(3, count(html, "<img "), "the loss, perplexity and usage charts");
    }

    @Test
    void aFolderThatIsNoRunIsABadInput() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        TrainEndToEndTest.Result report = TrainEndToEndTest.vqf("report", empty.toString());
        assertEquals(2, report.exitCode(), report.err());
        assertTrue(report.err().contains(empty + " is not a run directory (no config.yaml)"), report.err());
        assertFalse(Files.exists(empty.resolve("report.html")));

        TrainEndToEndTest.Result absent = TrainEndToEndTest.vqf("report", dir.resolve("absent").toString());
        assertEquals(2, absent.exitCode(), absent.err());
        assertTrue(absent.err().contains("is not a run directory (no such directory)"), absent.err());
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        return Double.parseDouble(m.group(1));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
