package org.vqforge.runner.cli;

import org.vqforge.runner.recipe.Recipes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vqforge.api.launcher.RunningTrial;
import org.vqforge.api.launcher.TrialLauncher;
import org.vqforge.api.launcher.TrialRequest;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.study.Ablation;
import org.vqforge.runner.study.Launchers;
import org.vqforge.runner.study.TrialState;

/**
 * A study with real trial processes (each its own JVM, started as the local launcher does): one
 * trial is killed with SIGKILL halfway through its training, the study finishes the other and
 * records the failure; running the study folder again keeps the finished trial and reruns the
 * killed one. Also the bad-input paths, which run nothing.
 */
class AblateEndToEndTest {

    static final Path TINY = Path.of("src/test/resources/study/tiny.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aStudyKilledHalfwayResumesKeepingItsFinishedTrials() throws Exception {
        Path studyFile = dir.resolve("study.yaml");
        Files.writeString(studyFile, String.join("\n", "name: resume-check", "base: " + TINY,
                "set: {train.steps: 12}", "seeds: 2", ""));
        Path studyDir = dir.resolve("out");
        Ablation.Plan plan = Ablation.plan(new Ablation.Request(studyFile, List.of(), null, studyDir, 2, "local"),
                Recipes.resolver(Plugins.discover()), Launchers.discover());
        Ablation.Plan killing = new Ablation.Plan(plan.spec(), plan.trials(), plan.directory(), plan.description(),
                new KillingLauncher(plan.launcher(), "seed-1"), plan.workers());
        StringWriter log = new StringWriter();
        Ablation.Outcome first = Ablation.run(killing, new PrintWriter(log, true), 0);

        assertEquals(1, first.failed(), log.toString());
        TrialState finished = TrialState.read(studyDir.resolve("seed-0")).orElseThrow();
        TrialState killed = TrialState.read(studyDir.resolve("seed-1")).orElseThrow();
        assertTrue(finished.completed(), finished.toString());
        assertEquals(TrialState.FAILED, killed.status());
        assertEquals(137, killed.exitStatus(), "128 + SIGKILL");
        JsonObject provenance = json(studyDir.resolve("seed-1/provenance.json"));
        assertEquals("failed", provenance.get("status").getAsString(), "the record of the killed run says how it ended");
        assertEquals(137, provenance.get("exitStatus").getAsInt());
        String csv = Files.readString(studyDir.resolve("results.csv"));
        assertTrue(csv.contains("seed-1,base,1,failed,"), csv);
        assertTrue(log.toString().contains("[study] seed-1 failed"), log.toString());

        byte[] keptState = Files.readAllBytes(studyDir.resolve("seed-0/trial.json"));
        byte[] keptEval = Files.readAllBytes(studyDir.resolve("seed-0/eval.json"));
        TrainEndToEndTest.Result resumed = TrainEndToEndTest.vqf("ablate", studyDir.toString(), "--progress-every", "0");

        assertEquals(0, resumed.exitCode(), resumed.out() + resumed.err());
        assertTrue(resumed.out().contains("resuming: 1 finished trial(s) kept, 1 to run"), resumed.out());
        assertArrayEquals(keptState, Files.readAllBytes(studyDir.resolve("seed-0/trial.json")), "the finished trial is kept");
        assertArrayEquals(keptEval, Files.readAllBytes(studyDir.resolve("seed-0/eval.json")));
        assertTrue(TrialState.read(studyDir.resolve("seed-1")).orElseThrow().completed());
        assertEquals("completed", json(studyDir.resolve("seed-1/provenance.json")).get("status").getAsString());
        List<String> rows = Files.readAllLines(studyDir.resolve("results.csv"));
        assertEquals(3, rows.size(), String.join("\n", rows));
        assertTrue(rows.stream().skip(1).allMatch(r -> r.contains(",completed,")), String.join("\n", rows));
        assertTrue(resumed.out().contains("| base | 2 | 0 |"), "the summary covers both seeds:\n" + resumed.out());
        String html = Files.readString(studyDir.resolve("report.html"));
        assertTrue(html.contains("<table id=\"summary\">") && html.contains("src=\"data:image/png;base64,"));
        for (String file : List.of("config.yaml", "provenance.json", "metrics.jsonl", "codes.json", "trial.log")) {
            assertTrue(Files.isRegularFile(studyDir.resolve("seed-1").resolve(file)), file);
        }
        assertEquals(1, json(studyDir.resolve("seed-1/provenance.json")).get("seed").getAsInt());
    }

    @Test
    void anUnknownAxisKeyIsReportedWithItsValuesAndNothingIsWritten() {
        Path studyDir = dir.resolve("never");
        TrainEndToEndTest.Result r = TrainEndToEndTest.vqf("ablate", TINY.toString(), "train.stepz=1,2",
                "--study-dir", studyDir.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("2 of 2 trials have an invalid config; nothing was run."), r.err());
        assertTrue(r.err().contains("(stepz=1, seed=0)") && r.err().contains("train.stepz: unknown key"), r.err());
        assertFalse(Files.exists(studyDir), "nothing written");
    }

    @Test
    void aWrongTypeAnEmptyAxisAndABadWorkerCountExitTwo() {
        Path studyDir = dir.resolve("never");
        TrainEndToEndTest.Result wrongType = TrainEndToEndTest.vqf("ablate", TINY.toString(), "train.batchSize=8,lots",
                "--study-dir", studyDir.toString());
        assertEquals(2, wrongType.exitCode());
        assertTrue(wrongType.err().contains("batchSize=lots") && wrongType.err().contains("is not an integer"), wrongType.err());
        TrainEndToEndTest.Result empty = TrainEndToEndTest.vqf("ablate", TINY.toString(), "model.quantizer.type=",
                "--study-dir", studyDir.toString());
        assertEquals(2, empty.exitCode());
        assertTrue(empty.err().contains("model.quantizer.type: empty axis"), empty.err());
        TrainEndToEndTest.Result workers = TrainEndToEndTest.vqf("ablate", TINY.toString(), "--workers", "0",
                "--study-dir", studyDir.toString());
        assertEquals(2, workers.exitCode());
        assertFalse(Files.exists(studyDir));
    }

    @Test
    void aFolderOfAnotherStudyIsRefusedUntouched() throws IOException {
        Path studyDir = dir.resolve("taken");
        Ablation.Plan other = Ablation.plan(new Ablation.Request(TINY, List.of("train.steps=3,4"), null, studyDir, 1, "local"),
                Recipes.resolver(Plugins.discover()), Launchers.discover());
        other.directory().claim(other.description());
        byte[] before = Files.readAllBytes(studyDir.resolve("study.yaml"));
        TrainEndToEndTest.Result r = TrainEndToEndTest.vqf("ablate", TINY.toString(), "train.steps=3,5",
                "--study-dir", studyDir.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("holds a different study") && r.err().contains("differs in axes, trials"), r.err());
        assertArrayEquals(before, Files.readAllBytes(studyDir.resolve("study.yaml")));
        try (var entries = Files.list(studyDir)) {
            assertEquals(1, entries.count(), "no trial was started");
        }
    }

    private static JsonObject json(Path file) throws IOException {
        return new Gson().fromJson(Files.readString(file), JsonObject.class);
    }

    /** The real launcher, except that one trial's process gets SIGKILL once it has started training. */
    record KillingLauncher(TrialLauncher real, String victim) implements TrialLauncher {

        @Override
        public RunningTrial start(TrialRequest trial) throws IOException {
            RunningTrial running = real.start(trial);
            if (trial.id().equals(victim)) {
                Thread killer = new Thread(() -> killOnceTraining(trial.runDirectory()));
                killer.setDaemon(true);
                killer.start();
            }
            return running;
        }

        private static void killOnceTraining(Path runDirectory) {
            long deadline = System.nanoTime() + 120_000_000_000L;
            try {
                // provenance.json appears when the training loop starts
                while (!Files.exists(runDirectory.resolve("provenance.json")) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Optional<ProcessHandle> child = ProcessHandle.current().children()
                        .filter(p -> commandLine(p).contains(runDirectory.toString()))
                        .findFirst();
                child.ifPresent(ProcessHandle::destroyForcibly);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The full command line from /proc (ProcessHandle.Info may leave the arguments out). */
        private static String commandLine(ProcessHandle p) {
            try {
                return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")),
                        java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
            } catch (IOException e) {
                return "";
            }
        }
    }
}
