package org.vqforge.quantizers.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** The engine's own float32 matrix multiply, 2048 x 2048 by 2048 x 2048: the reference rate. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MatMulBenchmark {

    static final int SIZE = 2048;

    private NDManager manager;
    private NDArray a;
    private NDArray b;

    @Setup
    public void setUp() {
        manager = BenchEngine.open(1);
        a = manager.randomNormal(new Shape(SIZE, SIZE));
        b = manager.randomNormal(new Shape(SIZE, SIZE));
    }

    @Benchmark
    public float matMul() {
        try (NDArray c = a.matMul(b)) {
            return c.getFloat(SIZE - 1, SIZE - 1);
        }
    }

    @TearDown
    public void tearDown() {
        manager.close();
    }
}
