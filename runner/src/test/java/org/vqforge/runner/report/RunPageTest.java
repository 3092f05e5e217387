package org.vqforge.runner.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.model.TrainableModel;
import org.vqforge.runner.train.TrainingSession;

/** A run's page from files written by hand: the figures it derives, unreadable parts, the listener's warning. */
class RunPageTest {

    @TempDir
    Path dir;

    RunDirectory run;

    @BeforeEach
    void aRunDirectory() throws IOException {
        run = new RunDirectory(dir);
        Files.copy(Path.of("src/test/resources/study/tiny.yaml"), run.config());
    }

    @Test
    void theCodeUsageIsCountedAndTheMostUsedCodesNamed() throws IOException {
        Files.writeString(run.codes(), "{\"codebookSize\": 5, \"images\": 2, \"counts\": [0, 5, 0, 2, 0]}");
        RunPage.Page page = RunPage.build(run, new TokenizerPage());
        String html = page.html();
        List<String> missing = page.missing();
        // 2 of 5 codes; 5 of 7 choices is 71.4%, 2 of 7 is 28.6%
        assertTrue(html.contains("2 of 5 codes used by the 2 test images (codes.json). Most used: #1 (5, 71.4%), "
                + "#3 (2, 28.6%)."), html);
        assertTrue(html.contains("how often each of the 5 codes was chosen"));
        // the losses and the metrics both lack metrics.jsonl: named once
        assertEquals(List.of("no metrics.jsonl yet: the run has not logged a step",
                "no reconstructions.png yet: a run writes it when it completes (./vqf reconstruct RUN_DIR also does)",
                "no eval.json yet: a run writes it when it completes (./vqf eval RUN_DIR writes it for the last checkpoint)"),
                missing);
        assertTrue(html.contains("vqvae run of experiment tiny, 6 steps"), "the header reads the config");
    }

    @Test
    void theLossesAndQuantizerMetricsAreChartedPerKey() throws IOException {
        Files.writeString(run.metrics(), """
                {"step":1,"loss":0.5,"loss_reconstruction":0.4,"loss_commitment":0.1,"perplexity":3.0,"usage":0.5,"images_per_s":10.0,"elapsed_s":1.0}
                {"step":2,"loss":0.25,"loss_reconstruction":0.2,"loss_commitment":0.05,"perplexity":3.5,"usage":0.75,"images_per_s":12.0,"elapsed_s":2.0}
                """);
        String html = RunPage.build(run, new TokenizerPage()).html();
        assertTrue(html.contains("each of the 2 logged steps (metrics.jsonl): loss, loss_reconstruction, "
                + "loss_commitment; at step 2 the loss is 0.2500."), html);
        assertTrue(html.contains("perplexity 3.500, usage 0.7500 at step 2."), html);
        // one chart of the losses, one per quantizer metric; throughput is not the quantizer's
        assertTrue(html.contains("alt=\"perplexity over steps\"") && html.contains("alt=\"usage over steps\""));
        assertFalse(html.contains("images_per_s over steps"));
    }

    @Test
    void anUnreadableFileIsNamedWithItsLine() throws IOException {
        Files.writeString(run.metrics(), "{\"step\":1,\"loss\":0.5}\nnot json\n");
        Files.writeString(run.evaluation(), "[1, 2");
        RunPage.Page page = RunPage.build(run, new TokenizerPage());
        String html = page.html();
        List<String> missing = page.missing();
        assertTrue(missing.get(0).startsWith("metrics.jsonl is unreadable: " + run.metrics() + " line 2 is not a JSON object"),
                missing.toString());
        assertTrue(missing.stream().anyMatch(m -> m.startsWith("eval.json is unreadable")), missing.toString());
        assertTrue(html.contains("<p class=\"missing\">metrics.jsonl is unreadable"));
    }

    @Test
    void aPageThatCannotBeWrittenIsAWarningAfterACompletedRun() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        RunPageListener listener = new RunPageListener(new TokenizerPage(), new PrintStream(out, true),
                new PrintStream(err, true));

        listener.onEnd(session(run), true);
        assertEquals("report: " + dir.resolve("report.html") + System.lineSeparator(), out.toString());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<h2 id=\"config\">Config</h2>"));

        // a directory where the page goes: the write fails, the run does not
        Files.delete(dir.resolve("report.html"));
        Files.createDirectories(dir.resolve("report.html").resolve("in-the-way"));
        listener.onEnd(session(run), true);
        String warning = err.toString(StandardCharsets.UTF_8);
        assertTrue(warning.startsWith("warning: the run completed and its results are in " + dir
                + ", but report.html could not be written ("), warning);
        assertTrue(warning.strip().endsWith("./vqf report " + dir + " retries"), warning);

        // an interrupted run gets no page
        Files.walk(dir.resolve("report.html")).sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        listener.onEnd(session(run), false);
        assertFalse(Files.exists(dir.resolve("report.html")));
    }

    /** A session of which the listener reads the run directory only. */
    private static TrainingSession session(RunDirectory run) {
        return new TrainingSession() {
            @Override
            public Experiment experiment() {
                throw new UnsupportedOperationException();
            }

            @Override
            public RunDirectory runDirectory() {
                return run;
            }

            @Override
            public TrainableModel model() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long startStep() {
                return 0;
            }

            @Override
            public long totalSteps() {
                return 6;
            }

            @Override
            public Path checkpoint() {
                throw new UnsupportedOperationException();
            }
        };
    }
}
