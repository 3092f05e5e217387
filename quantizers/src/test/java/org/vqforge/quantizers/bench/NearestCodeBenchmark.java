package org.vqforge.quantizers.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.vqforge.api.backend.NearestCodeSearch;

/**
 * The nearest-code search of N = 65,536 vectors of D = 64 against K codes, as quantizers run it:
 * the {@code cpu} backend's fused search ({@code vector}) or the engine's matrix product and
 * argmax ({@code engine}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class NearestCodeBenchmark {

    static final int ROWS = 65_536;
    static final int DIMENSION = 64;

    @Param({"512", "8192", "65536"})
    public int codes;

    @Param({"vector", "engine"})
    public String search;

    private NDManager manager;
    private NearestCodeSearch searcher;
    private NDArray rows;
    private NDArray codebook;
    private long setupPeakMiB;

    @Setup
    public void setUp() {
        manager = BenchEngine.open(codes);
        searcher = BenchEngine.search(search);
        rows = manager.randomNormal(new Shape(ROWS, DIMENSION));
        codebook = manager.randomNormal(new Shape(codes, DIMENSION));
        setupPeakMiB = BenchEngine.peakRssMiB();
    }

    @Benchmark
    public long search() {
        try (NDArray nearest = searcher.nearest(rows, codebook)) {
            return nearest.getLong(ROWS - 1);
        }
    }

    @TearDown
    public void tearDown() {
        // the forked JVM's output is shown by JMH; the summary reads this line back from it
        System.out.println("[memory] " + search + " K=" + codes + " peak RSS after setup " + setupPeakMiB
                + " MiB, after the run " + BenchEngine.peakRssMiB() + " MiB");
        manager.close();
    }
}
