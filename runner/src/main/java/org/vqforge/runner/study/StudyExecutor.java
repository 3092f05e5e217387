package org.vqforge.runner.study;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.vqforge.api.launcher.RunningTrial;
import org.vqforge.api.launcher.TrialLauncher;
import org.vqforge.api.launcher.TrialRequest;
import org.vqforge.runner.config.ConfigWriter;
import org.vqforge.runner.files.AtomicFiles;
import org.vqforge.runner.files.RunLock;
import org.vqforge.runner.provenance.Provenance;
import org.vqforge.runner.train.RunDirectory;

/**
 * Runs a study's unfinished trials, {@code workers} at a time, through a launcher. A trial that
 * fails or is killed is recorded and the others go on. Finished trials (trial.json says
 * completed) are kept; an unfinished trial's directory is cleared and the trial runs from the
 * start, so its wall time and throughput stay comparable with the others'.
 */
public final class StudyExecutor {

    /** Lines of a failed trial's log kept as its error. */
    static final int ERROR_LINES = 4;

    private final TrialLauncher launcher;
    private final int workers;
    private final PrintWriter out;
    private final long progressEverySeconds;
    private final Map<String, RunningTrial> running = new ConcurrentHashMap<>();
    private final StudyProgress progress;

    public StudyExecutor(TrialLauncher launcher, int workers, PrintWriter out, long progressEverySeconds) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be >= 1, got " + workers);
        }
        this.launcher = launcher;
        this.workers = workers;
        this.out = out;
        this.progressEverySeconds = progressEverySeconds;
        this.progress = new StudyProgress(workers);
    }

    /** Runs every trial that has not completed; returns the state of every trial, in order. */
    public List<TrialState> run(StudyDirectory study, List<Trial> trials) throws InterruptedException {
        List<Trial> todo = new ArrayList<>();
        for (Trial t : trials) {
            if (TrialState.read(study.run(t)).map(TrialState::completed).orElse(false)) {
                progress.kept();
            } else {
                todo.add(t);
            }
        }
        progress.waiting(todo.size());
        if (progress.keptCount() > 0) {
            out.println("[study] resuming: " + progress.keptCount() + " finished trial(s) kept, " + todo.size() + " to run");
        }
        Thread cancelOnExit = new Thread(() -> running.values().forEach(RunningTrial::cancel), "study-cancel");
        Runtime.getRuntime().addShutdownHook(cancelOnExit);
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("study-worker"));
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(daemon("study-progress"));
        try {
            if (progressEverySeconds > 0) {
                ticker.scheduleAtFixedRate(() -> out.println(progress.line()), progressEverySeconds,
                        progressEverySeconds, TimeUnit.SECONDS);
            }
            List<Future<?>> futures = new ArrayList<>();
            for (Trial t : todo) {
                futures.add(pool.submit(() -> runOne(study, t)));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a study worker failed", e.getCause());
                }
            }
        } finally {
            ticker.shutdownNow();
            pool.shutdownNow();
            running.values().forEach(RunningTrial::cancel);
            try {
                Runtime.getRuntime().removeShutdownHook(cancelOnExit);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs
            }
        }
        out.println(progress.line());
        List<TrialState> states = new ArrayList<>();
        for (Trial t : trials) {
            states.add(TrialState.read(study.run(t)).orElse(
                    new TrialState(t.id(), TrialState.FAILED, null, null, null, 0, "no trial.json")));
        }
        return states;
    }

    private void runOne(StudyDirectory study, Trial trial) {
        Path dir = study.run(trial);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        progress.started(trial.id());
        TrialState state;
        try {
            state = launchAndWait(dir, trial, started, t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = failed(trial, started, t0, null, "interrupted: the study was stopped");
        } catch (IOException | RuntimeException e) {
            state = failed(trial, started, t0, null, "could not run the trial: " + e);
        }
        try {
            state.write(dir);
        } catch (IOException e) {
            out.println("[study] warning: could not write " + dir.resolve(TrialState.FILE) + ": " + e);
        }
        progress.ended(trial.id(), state.completed(), state.wallSeconds());
        out.println("[study] " + trial.id() + " " + state.status()
                + String.format(" in %.1f s", state.wallSeconds())
                + (state.completed() ? "" : " (exit " + state.exitStatus() + "): " + firstLine(state.error()))
                + " | " + progress.line());
    }

    private TrialState launchAndWait(Path dir, Trial trial, Instant started, long t0) throws IOException, InterruptedException {
        if (Files.exists(dir)) {
            RunLock.acquire(dir).close(); // a trial another process still runs there is not cleared
            AtomicFiles.deleteTree(dir);
        }
        Files.createDirectories(dir);
        RunDirectory run = new RunDirectory(dir);
        ConfigWriter.write(trial.experiment(), run.config());
        new TrialState(trial.id(), TrialState.RUNNING, null, started.toString(), null, 0, null).write(dir);
        Path log = dir.resolve(TrialState.LOG);
        TrialRequest request = new TrialRequest(trial.id(), dir,
                List.of("train", run.config().toString(), "--run-dir", dir.toString(), "--quiet"), threads(trial), log);
        RunningTrial handle = launcher.start(request);
        running.put(trial.id(), handle);
        int exit;
        try {
            exit = handle.await();
        } finally {
            running.remove(trial.id());
        }
        Provenance.recordLauncher(dir, handle.facts());
        boolean evaluated = Files.isRegularFile(run.evaluation());
        String error = null;
        if (exit != 0) {
            error = tail(log);
        } else if (!evaluated) {
            error = "exited 0 but wrote no " + RunDirectory.EVALUATION;
        }
        Instant ended = Instant.now();
        Provenance.recordExit(dir, exit, ended.toString(), error);
        boolean ok = exit == 0 && evaluated;
        return new TrialState(trial.id(), ok ? TrialState.COMPLETED : TrialState.FAILED, exit, started.toString(),
                ended.toString(), (System.nanoTime() - t0) / 1e9, error);
    }

    private static TrialState failed(Trial trial, Instant started, long t0, Integer exit, String error) {
        return new TrialState(trial.id(), TrialState.FAILED, exit, started.toString(), Instant.now().toString(),
                (System.nanoTime() - t0) / 1e9, error);
    }

    /** The threads the trial's config asks for (the study set them from cores / workers where they were 0). */
    static int threads(Trial trial) {
        Object threads = trial.experiment().backend().params().asMap().get("threads");
        if (threads instanceof Number n && n.intValue() > 0) {
            return n.intValue();
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The last non-blank lines of a log. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.isBlank()).toList();
            if (lines.isEmpty()) {
                return "no output (killed before it wrote anything?); log: " + log;
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - ERROR_LINES), lines.size()));
        } catch (IOException e) {
            return "no log: " + log;
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl) + " ...";
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
