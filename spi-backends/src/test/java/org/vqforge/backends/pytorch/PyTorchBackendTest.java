package org.vqforge.backends.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.vqforge.api.backend.Backend;
import org.vqforge.api.backend.BackendUnavailableException;
import org.vqforge.backends.search.VectorSearch;

/** The CPU backend on the real engine, and the refusal of gpu where there is none. */
class PyTorchBackendTest {

    private static Backend cpu(int threads) {
        CpuBackendProvider provider = new CpuBackendProvider();
        return provider.create(provider.schema().with(Map.of("threads", threads)));
    }

    @Test
    void cpuBackendRunsOnTheCpuWithTheConfiguredThreads() {
        Backend backend = cpu(1);
        assertEquals(Device.cpu(), backend.device());
        assertEquals(1, backend.threads());
        assertEquals("1", backend.describe().get("threads"));
        assertEquals("PyTorch", backend.describe().get("engine"));
        assertEquals(2, cpu(2).threads());
    }

    @Test
    void gpuWhereThereIsNoneIsAnErrorNotAFallback() {
        if (Engine.getEngine("PyTorch").getGpuCount() > 0) {
            return; // this check is about machines without a GPU
        }
        GpuBackendProvider gpu = new GpuBackendProvider();
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> gpu.create(gpu.schema().defaults()));
        assertTrue(e.getMessage().contains("'gpu' is not available"), e.getMessage());
        AutoBackendProvider auto = new AutoBackendProvider();
        assertEquals(Device.cpu(), auto.create(auto.schema().defaults()).device());
    }

    @Test
    void seedingMakesRandomDrawsRepeatable() {
        Backend backend = cpu(2);
        try (NDManager m = backend.newManager()) {
            backend.seed(1234567890123L);
            float[] a = m.randomNormal(new ai.djl.ndarray.types.Shape(5)).toFloatArray();
            backend.seed(1234567890123L);
            float[] b = m.randomNormal(new ai.djl.ndarray.types.Shape(5)).toFloatArray();
            assertArrayEquals(a, b);
        }
    }

    @Test
    void retainedGraphGivesTwoLossesGradientsWithRespectToOneParameter() {
        Backend backend = cpu(2);
        try (NDManager m = backend.newManager()) {
            NDArray w = m.create(new float[] {1f, 2f, 3f});
            w.setRequiresGradient(true);
            try (GradientCollector gc = backend.newGradientCollector()) {
                NDArray h = w.mul(2f);
                NDArray first = h.square().sum();      // d/dw = 8 w
                NDArray second = h.sum().mul(3f);      // d/dw = 6
                backend.backwardKeepingGraph(first);
                float[] g1 = w.getGradient().toFloatArray();
                backend.zeroGradient(w);
                backend.backwardKeepingGraph(second);
                float[] g2 = w.getGradient().toFloatArray();
                assertArrayEquals(new float[] {8f, 16f, 24f}, g1, 1e-6f);
                assertArrayEquals(new float[] {6f, 6f, 6f}, g2, 1e-6f);
            }
        }
    }

    @Test
    void createdGraphLetsAGradientBeDifferentiated() {
        Backend backend = cpu(2);
        try (NDManager m = backend.newManager()) {
            NDArray x = m.create(new float[] {1f, -2f});
            x.setRequiresGradient(true);
            try (GradientCollector gc = backend.newGradientCollector()) {
                NDArray y = x.pow(3f).sum();           // dy/dx = 3 x^2
                backend.backwardRecordingGraph(y);
                NDArray dx = x.getGradient();
                assertArrayEquals(new float[] {3f, 12f}, dx.toFloatArray(), 1e-5f);
                NDArray penalty = dx.sum();            // d/dx sum(3 x^2) = 6 x
                backend.zeroGradient(x);
                backend.backward(penalty);
                assertArrayEquals(new float[] {6f, -12f}, x.getGradient().toFloatArray(), 1e-5f);
            }
        }
    }

    @Test
    void backwardNeedsAScalar() {
        Backend backend = cpu(2);
        try (NDManager m = backend.newManager()) {
            NDArray v = m.create(new float[] {1f, 2f});
            assertThrows(IllegalArgumentException.class, () -> backend.backward(v));
        }
    }

    @Test
    void cpuOffersTheVectorSearchWhereItRunsAndEngineTurnsItOff() {
        CpuBackendProvider provider = new CpuBackendProvider();
        assertEquals("auto", provider.schema().defaults().getString("search"));
        Backend engine = provider.create(provider.schema().with(Map.of("search", "engine")));
        assertTrue(engine.nearestCodeSearch().isEmpty());
        assertEquals("engine", engine.describe().get("nearestCodeSearch"));
        Backend auto = provider.create(provider.schema().defaults());
        assertEquals(VectorSearch.unavailableReason().isEmpty(), auto.nearestCodeSearch().isPresent());
        if (VectorSearch.unavailableReason().isPresent()) {
            BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                    () -> provider.create(provider.schema().with(Map.of("search", "vector"))));
            assertTrue(e.getMessage().contains(VectorSearch.unavailableReason().get()), e.getMessage());
        } else {
            assertEquals("vector", auto.describe().get("nearestCodeSearch"));
        }
    }

    @Test
    void theVectorSearchIsForTheCpuOnly() {
        assertTrue(PyTorchBackendProvider.search("auto", Device.gpu(0), 2).isEmpty());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> PyTorchBackendProvider.search("vector", Device.gpu(0), 2));
        assertTrue(e.getMessage().contains("search 'vector' is not available: it runs on the CPU"), e.getMessage());
    }

    @Test
    void bf16CastRoundsToEightMantissaBitsAndPassesTheGradientBackInFloat32() {
        CpuBackendProvider provider = new CpuBackendProvider();
        Backend backend = provider.create(provider.schema().with(Map.of("threads", 1, "precision", "bf16")));
        assertEquals(org.vqforge.api.backend.Precision.BF16, backend.precision());
        assertEquals("bf16", backend.describe().get("precision"));
        try (NDManager m = backend.newManager()) {
            // 1 + 2^-7 is the float after 1 in bfloat16; 1 + 2^-9 rounds to 1; 3.0 is exact
            NDArray x = m.create(new float[] {1f + 0x1p-7f, 1f + 0x1p-9f, 3f});
            x.setRequiresGradient(true);
            try (GradientCollector gc = backend.newGradientCollector()) {
                NDArray low = backend.toComputeType(x);
                NDArray back = backend.toFloat32(low);
                assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, back.getDataType());
                assertArrayEquals(new float[] {1f + 0x1p-7f, 1f, 3f}, back.toFloatArray());
                // d/dx sum(w * x) = w, for weights exact in bfloat16
                NDArray loss = back.mul(m.create(new float[] {0.5f, -2f, 0.25f})).sum();
                gc.backward(loss);
            }
            NDArray gradient = x.getGradient();
            assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, gradient.getDataType());
            // the engine's ops take bfloat16 arrays: a product of small integers is exact
            NDArray a = backend.toComputeType(m.create(new float[] {1, 2, 3, 4, 5, 6}, new ai.djl.ndarray.types.Shape(2, 3)));
            NDArray b = backend.toComputeType(m.create(new float[] {1, 0, -1, 2, 0.5f, 1}, new ai.djl.ndarray.types.Shape(3, 2)));
            assertArrayEquals(new float[] {0.5f, 7, 2, 16}, backend.toFloat32(a.matMul(b)).toFloatArray());
            assertArrayEquals(new float[] {0.5f, -2f, 0.25f}, gradient.toFloatArray());
        }
        Backend fp32 = cpu(1);
        try (NDManager m = fp32.newManager()) {
            NDArray x = m.create(new float[] {1f + 0x1p-9f});
            assertTrue(fp32.toComputeType(x) == x, "fp32 casts nothing");
        }
    }

    @Test
    void profilerWritesAChromeTraceOfTheOpsItSaw(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        Backend backend = cpu(1);
        java.nio.file.Path trace = dir.resolve("sub/trace.json");
        var profiler = backend.profiler().orElseThrow();
        try (NDManager m = backend.newManager()) {
            profiler.start();
            m.ones(new ai.djl.ndarray.types.Shape(4, 4)).matMul(m.ones(new ai.djl.ndarray.types.Shape(4, 4)));
            profiler.stop(trace);
        }
        String text = java.nio.file.Files.readString(trace);
        assertTrue(text.contains("\"aten::mm\"") || text.contains("\"aten::matmul\""), text);
        assertTrue(text.contains("\"ph\": \"X\""), text);
    }
}
