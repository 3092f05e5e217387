package org.vqforge.quantizers.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.vqforge.quantizers.common.NearestCode;

/**
 * Runs the nearest-code search and matrix-multiply benchmarks, then prints for each search the
 * vectors per second, the achieved GFLOP/s (2 N K D per search) and its ratio to the matrix
 * multiply's GFLOP/s, which the search must reach at least half of. JMH options given on the
 * command line (e.g. {@code -p codes=512 -f 2}) replace the short defaults: one fork, 3 warm-up
 * and 5 measured iterations of 1 s.
 */
public final class SearchBenchmarks {

    /** The share of the matrix-multiply rate the search must reach. */
    static final double REQUIRED_RATIO = 0.5;

    private SearchBenchmarks() {}

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(MatMulBenchmark.class.getName()).include(NearestCodeBenchmark.class.getName());
        }
        if (!cli.getForkCount().hasValue()) {
            options.forks(1);
        }
        if (!cli.getWarmupIterations().hasValue()) {
            options.warmupIterations(3);
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(5);
        }
        if (!cli.getWarmupTime().hasValue()) {
            options.warmupTime(TimeValue.seconds(1));
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(TimeValue.seconds(1));
        }
        if (!cli.getJvmArgsAppend().hasValue()) {
            // the vector search needs the incubator module in the forked JVM too; a small young
            // generation as ./vqf uses, so that peak RSS reflects the search, not heap growth
            options.jvmArgsAppend("-Dai.djl.offline=true", "--add-modules", "jdk.incubator.vector", "-Xmn32m");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        System.out.println();
        System.out.print(summary(results));
    }

    /** The table printed after the run. */
    static String summary(Collection<RunResult> results) {
        double matMulRate = Double.NaN;
        List<String> rows = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        String format = "%-22s %-7s %6s %14s %12s %8s %10s%n";
        out.append(String.format(Locale.ROOT, format, "benchmark", "search", "K", "ms/op", "vectors/s", "GFLOP/s",
                "vs matMul"));
        for (RunResult r : results) {
            if (r.getParams().getBenchmark().endsWith(".matMul")) {
                double ms = r.getPrimaryResult().getScore();
                matMulRate = 2.0 * Math.pow(MatMulBenchmark.SIZE, 3) / (ms * 1e6);
                out.append(String.format(Locale.ROOT, format, "matMul 2048x2048", "-", "-", ms(r), "-",
                        String.format(Locale.ROOT, "%.1f", matMulRate), "1.00"));
            }
        }
        // the requirement is on the search quantizers use by default, the cpu backend's vector search
        boolean allPass = true;
        boolean anyVector = false;
        for (RunResult r : results) {
            if (!r.getParams().getBenchmark().endsWith(".search")) {
                continue;
            }
            long k = Long.parseLong(r.getParams().getParam("codes"));
            String search = r.getParams().getParam("search");
            double ms = r.getPrimaryResult().getScore();
            double vectors = NearestCodeBenchmark.ROWS / (ms / 1e3);
            double rate = 2.0 * NearestCodeBenchmark.ROWS * k * NearestCodeBenchmark.DIMENSION / (ms * 1e6);
            double ratio = rate / matMulRate;
            if (search.equals("vector")) {
                allPass &= ratio >= REQUIRED_RATIO;
                anyVector = true;
            }
            out.append(String.format(Locale.ROOT, format, "search N=65536 D=64", search, k, ms(r),
                    String.format(Locale.ROOT, "%.3g", vectors), String.format(Locale.ROOT, "%.1f", rate),
                    String.format(Locale.ROOT, "%.2f", ratio)));
            rows.add(memory(search, k));
        }
        out.append(String.format(Locale.ROOT,
                "threads: %d; required: the vector search >= %.0f%% of the matMul rate: %s%n",
                BenchEngine.THREADS, REQUIRED_RATIO * 100, Double.isNaN(matMulRate) ? "no matMul measured"
                        : !anyVector ? "no vector search measured" : allPass ? "met" : "NOT met"));
        rows.forEach(out::append);
        return out.toString();
    }

    private static String ms(RunResult r) {
        return String.format(Locale.ROOT, "%.2f±%.2f", r.getPrimaryResult().getScore(),
                r.getPrimaryResult().getScoreError());
    }

    /**
     * What the search holds at once for K codes. The vector search stores no scores: the packed
     * codes, the indices and a few KiB per thread. The engine's holds a score block of at most the
     * budget, the extended rows and codes, and the indices.
     */
    private static String memory(String search, long k) {
        long n = NearestCodeBenchmark.ROWS;
        long d = NearestCodeBenchmark.DIMENSION;
        if (search.equals("vector")) {
            double mib = 1 << 20;
            double packed = (k + 31) / 32 * 32 * (d + 1) * 4 / mib;
            double indices = n * 8 / mib;
            return String.format(Locale.ROOT, "memory vector K=%d: packed codes %.2f MiB + indices %.1f MiB;"
                    + " no score block (the whole N x K block would be %.0f MiB)%n",
                    k, packed, indices, n * k * 4 / mib);
        }
        long chunk = Math.min(n, NearestCode.rowsPerChunk(k));
        double mib = 1 << 20;
        double scores = chunk * k * 4 / mib;
        double extended = (n * (d + 1) * 4 + (d + 1) * k * 4) / mib;
        double indices = n * 8 / mib;
        return String.format(Locale.ROOT, "memory engine K=%d: budget %d MiB; %d rows per chunk (%d chunks): score block %.0f MiB"
                + " + extended rows and codes %.1f MiB + indices %.1f MiB = %.0f MiB at most"
                + " (the whole N x K block would be %.0f MiB)%n",
                k, NearestCode.SCORE_BUDGET_BYTES >> 20, chunk, (n + chunk - 1) / chunk, scores, extended,
                indices, scores + extended + indices, n * k * 4 / mib);
    }
}
