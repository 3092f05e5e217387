package org.vqforge.runner.cli;

import org.vqforge.runner.recipe.Recipes;
import org.vqforge.runner.files.AtomicFiles;
import com.google.gson.JsonObject;
import com.google.inject.Injector;
import com.google.inject.multibindings.Multibinder;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vqforge.api.backend.Backend;
import org.vqforge.runner.bench.BenchListener;
import org.vqforge.runner.bench.MatMulRate;
import org.vqforge.runner.bench.ModelFlops;
import org.vqforge.runner.bench.OpProfile;
import org.vqforge.runner.bench.ProfileListener;
import org.vqforge.runner.bench.RssGrowth;
import org.vqforge.runner.config.ConfigResolver;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.discovery.Plugins;
import org.vqforge.runner.train.RunDirectory;
import org.vqforge.runner.train.TrainingListener;
import org.vqforge.runner.train.TrainingLoop;
import org.vqforge.runner.wiring.RunnerModule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Trains the reference model (vqvae-small, vq 512x64, batch 128) on Fashion-MNIST for N steps",
            "and prints training images/s, peak RSS and, for N >= 1000, the RSS growth from step 200 to step N",
            "(the median RSS over the 20 steps ending at each; the two single readings as rss_growth_point_pct).",
            "Compare with ../shared/reference/pytorch_vqvae.py --steps N --threads T in the same session."})
final class BenchCommand implements Callable<Integer> {

    static final long GROWTH_MIN_STEPS = 1000;

    /** Steps the profile records. */
    static final long PROFILE_STEPS = 20;

    /** Ops the profile table lists. */
    static final int PROFILE_TOP = 20;

    @Spec
    CommandSpec spec;

    @Option(names = "--steps", defaultValue = "300", description = "training steps (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--threads", defaultValue = "0", description = "intra-op threads; 0 = all cores (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--precision", paramLabel = "fp32|bf16|auto",
            description = "what the networks compute in (backend.precision; default: the config's)")
    String precision;

    @Option(names = "--json", description = "print one JSON object: images_per_s, peak_rss_mb, rss_growth_pct, ...")
    boolean json;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "record the engine's per-op profile of " + PROFILE_STEPS + " steps after the warm-up to FILE"
                    + " (a Chrome trace: chrome://tracing or ui.perfetto.dev) and print the top ops by self time;"
                    + " the images/s of such a run include the profiler's overhead")
    Path profile;

    @Option(names = "--rss-trace", paramLabel = "FILE",
            description = "write the resident set size after every step to FILE (CSV: step,rss_mb)")
    Path rssTrace;

    @Parameters(paramLabel = "KEY=VALUE", description = "overrides of the reference config, e.g. model.quantizer.codebookSize=1024")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (steps < 1) {
            throw new UserInputException("--steps must be at least 1");
        }
        Plugins plugins = Runs.discover(spec.commandLine().getErr());
        Path work = Files.createTempDirectory("vqf-bench-");
        try {
            Path config = work.resolve("reference.yaml");
            try (InputStream in = BenchCommand.class.getResourceAsStream("/org/vqforge/runner/bench/reference.yaml")) {
                Files.copy(in, config, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> all = new ArrayList<>(List.of("train.steps=" + steps, "backend.threads=" + threads,
                    "train.checkpointEvery=0"));
            if (precision != null) {
                all.add("backend.precision=" + precision);
            }
            all.addAll(overrides);
            Experiment experiment = Recipes.resolver(plugins).resolve(config, all);
            BenchListener listener = new BenchListener(experiment.train().batchSize());
            RunDirectory run = new RunDirectory(work.resolve("run"));
            ProfileListener[] profiled = new ProfileListener[1];
            Injector injector = Runs.injector(plugins, experiment, run, "bench", RunnerModule.Listeners.NONE,
                    binder -> {
                        Multibinder<TrainingListener> set = Multibinder.newSetBinder(binder, TrainingListener.class);
                        set.addBinding().toInstance(listener);
                        if (profile != null) {
                            var backend = binder.getProvider(Backend.class);
                            profiled[0] = new ProfileListener(() -> backend.get().profiler().orElseThrow(() ->
                                    new UserInputException("--profile: backend '" + backend.get().name()
                                            + "' has no engine profiler")),
                                    profile, BenchListener.warmSteps(steps), PROFILE_STEPS);
                            set.addBinding().toInstance(profiled[0]);
                        }
                    });
            TrainingLoop loop = injector.getInstance(TrainingLoop.class);
            loop.run();
            if (profiled[0] != null) {
                printProfile(profiled[0]);
            }
            BenchListener.Result r = listener.result(GROWTH_MIN_STEPS);
            if (rssTrace != null) {
                writeRssTrace(listener.rssByStep());
            }
            int usedThreads = Integer.parseInt(loop.backendDescription().getOrDefault("threads", "0"));
            Backend backend = injector.getInstance(Backend.class);
            long flopsPerImage = ModelFlops.trainingPerItem(1, loop.model().network("encoder"),
                    loop.model().network("decoder"));
            double gflops = flopsPerImage * r.imagesPerSecond() / 1e9;
            double matmulGflops = MatMulRate.measure(backend) / 1e9;
            String usedPrecision = backend.precision().configName();
            if (json) {
                JsonObject o = new JsonObject();
                o.addProperty("impl", "vqforge-djl");
                o.addProperty("steps", r.steps());
                o.addProperty("batch", experiment.train().batchSize());
                o.addProperty("threads", usedThreads);
                o.addProperty("images_per_s", round(r.imagesPerSecond(), 1));
                o.addProperty("peak_rss_mb", r.peakRssMb() == null ? null : round(r.peakRssMb(), 1));
                o.addProperty("rss_growth_pct", r.rssGrowthPct() == null ? null : round(r.rssGrowthPct(), 2));
                o.addProperty("rss_growth_point_pct", r.rssGrowthPointPct() == null ? null : round(r.rssGrowthPointPct(), 2));
                o.addProperty("final_loss", round(loop.lastLoss(), 5));
                o.addProperty("precision", usedPrecision);
                o.addProperty("train_gflop_per_image", round(flopsPerImage / 1e9, 4));
                o.addProperty("gflops_per_s", round(gflops, 1));
                o.addProperty("matmul_gflops_per_s", round(matmulGflops, 1));
                o.addProperty("matmul_share", round(gflops / matmulGflops, 3));
                spec.commandLine().getOut().println(o);
            } else {
                spec.commandLine().getOut().printf("steps %d  batch %d  threads %d%n", r.steps(),
                        experiment.train().batchSize(), usedThreads);
                spec.commandLine().getOut().printf("train images/s: %.1f%n", r.imagesPerSecond());
                spec.commandLine().getOut().printf("precision %s: %.1f GFLOP/s of convolutions (%.3f GFLOP a training"
                        + " image), %.0f%% of the engine's %.1f GFLOP/s %d^3 matrix product%n", usedPrecision, gflops,
                        flopsPerImage / 1e9, 100 * gflops / matmulGflops, matmulGflops, MatMulRate.SIZE);
                spec.commandLine().getOut().printf("peak RSS: %s MB%n", r.peakRssMb() == null ? "n/a" : String.format("%.1f", r.peakRssMb()));
                spec.commandLine().getOut().printf("RSS growth step %d -> %d: %s%n", BenchListener.RSS_BASE_STEP, r.steps(),
                        r.rssGrowthPct() == null ? "n/a (needs --steps >= " + GROWTH_MIN_STEPS + ")"
                                : String.format("%.2f%% (median of %d steps; single readings %.2f%%)", r.rssGrowthPct(),
                                        RssGrowth.WINDOW, r.rssGrowthPointPct()));
            }
            return 0;
        } finally {
            AtomicFiles.deleteTree(work);
        }
    }

    private void writeRssTrace(long[] rssByStep) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("step,rss_mb\n");
        for (int step = 1; step < rssByStep.length; step++) {
            if (rssByStep[step] > 0) {
                csv.append(step).append(',').append(String.format(java.util.Locale.ROOT, "%.2f", rssByStep[step] / 1048576.0)).append('\n');
            }
        }
        AtomicFiles.write(rssTrace, csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void printProfile(ProfileListener profiled) throws java.io.IOException {
        var err = spec.commandLine().getErr();
        if (profiled.profiledSteps() == 0) {
            err.println("profile: the run ended before the profiled window began; use more --steps");
            return;
        }
        OpProfile ops = OpProfile.read(profiled.trace());
        err.printf("profile of %d steps written to %s%n", profiled.profiledSteps(), profiled.trace());
        err.print(ops.table(PROFILE_TOP, profiled.profiledSteps()));
        err.flush();
    }

    private static double round(double v, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(v * scale) / scale;
    }
}
