package org.vqforge.quantizers.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.vqforge.api.backend.NearestCodeSearch;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerProvider;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.DiscoveredBackend;
import org.vqforge.api.testkit.QuantizerChecks;
import org.vqforge.api.testkit.TestBackend;
import org.vqforge.api.testkit.TestBuildContext;
import org.vqforge.quantizers.ema.EmaQuantizerProvider;
import org.vqforge.quantizers.vq.VqQuantizerProvider;

/** The codebook quantizers search with their backend's nearest-code search where it has one. */
class BackendSearchTest {

    private static final Map<String, Object> KMEANS_AND_RESTART =
            Map.of("codebookSize", 16, "init", "kmeans", "kmeansIterations", 2, "deadCodeThreshold", 0.5);

    private static final List<QuantizerProvider> CODEBOOK_QUANTIZERS =
            List.of(new VqQuantizerProvider(), new EmaQuantizerProvider());

    @Test
    void vqAndEmaSearchThroughTheBackendsSearchForKMeansAndEveryStep() {
        for (QuantizerProvider provider : CODEBOOK_QUANTIZERS) {
            AtomicInteger calls = new AtomicInteger();
            NearestCodeSearch counting = (rows, codes) -> {
                calls.incrementAndGet();
                return NearestCode.ENGINE.nearest(rows, codes);
            };
            long[] viaBackend = firstStepIndices(provider, new TestBackend(counting));
            // k-means: an assignment per Lloyd iteration and one for the counts; then the step
            assertEquals(2 + 1 + 1, calls.get(), provider.getClass().getSimpleName());
            assertArrayEquals(firstStepIndices(provider, new TestBackend()), viaBackend,
                    "the same codes as with the engine search");
        }
    }

    @Test
    void theCpuBackendsVectorSearchPicksCodesAsNearAsTheEngineSearch() {
        Optional<NearestCodeSearch> vector = cpuVectorSearch();
        assumeTrue(vector.isPresent(), "this machine's cpu backend has no vector search");
        try (TestBuildContext context = TestBuildContext.fashionMnist();
                NDManager step = context.manager().newSubManager()) {
            NDArray rows = step.randomNormal(new Shape(3000, 64));
            NDArray codes = step.randomNormal(new Shape(512, 64));
            long[] engine = NearestCode.ENGINE.nearest(rows, codes).toLongArray();
            long[] fused = vector.get().nearest(rows, codes).toLongArray();
            float[] z = rows.toFloatArray();
            float[] e = codes.toFloatArray();
            int same = 0;
            for (int r = 0; r < engine.length; r++) {
                double a = squaredDistance(z, r, e, (int) engine[r]);
                double b = squaredDistance(z, r, e, (int) fused[r]);
                assertEquals(a, b, 1e-4 * (1 + a), "row " + r);
                same += engine[r] == fused[r] ? 1 : 0;
            }
            // float scores summed in different orders may part on a near tie, nowhere else
            assertTrue(same >= engine.length - 3, same + " of " + engine.length + " agree");
        }
    }

    @Test
    void quantizersOnTheVectorSearchLeaveNothingOnTheParameterManager() {
        Optional<NearestCodeSearch> vector = cpuVectorSearch();
        assumeTrue(vector.isPresent(), "this machine's cpu backend has no vector search");
        for (QuantizerProvider provider : CODEBOOK_QUANTIZERS) {
            try (TestBuildContext context = new TestBuildContext(TestBuildContext.FASHION_MNIST, 0,
                    new TestBackend(vector.get()))) {
                Quantizer q = provider.create(provider.schema().with(KMEANS_AND_RESTART), 8, context);
                QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context, q, new Shape(2, 8, 4, 4), 3);
            }
        }
    }

    /** The codes of one training step on fixed latents, after k-means on them. */
    private static long[] firstStepIndices(QuantizerProvider provider, TestBackend backend) {
        try (TestBuildContext context = new TestBuildContext(TestBuildContext.FASHION_MNIST, 0, backend);
                NDManager step = context.manager().newSubManager()) {
            Quantizer q = provider.create(provider.schema().with(KMEANS_AND_RESTART), 8, context);
            Shape latents = new Shape(2, 8, 4, 4);
            q.initialize(context.manager(), DataType.FLOAT32, latents);
            NDArray z = step.randomNormal(latents);
            return q.quantize(z, new StepInfo(true, 0, 10)).indices().toLongArray();
        }
    }

    /** The cpu backend's own search with its default settings, found as the runner finds it. */
    private static Optional<NearestCodeSearch> cpuVectorSearch() {
        return DiscoveredBackend.create("cpu", Map.of("threads", 2)).nearestCodeSearch();
    }

    private static double squaredDistance(float[] z, int r, float[] e, int c) {
        int d = 64;
        double sum = 0;
        for (int i = 0; i < d; i++) {
            double diff = (double) z[r * d + i] - e[c * d + i];
            sum += diff * diff;
        }
        return sum;
    }
}
