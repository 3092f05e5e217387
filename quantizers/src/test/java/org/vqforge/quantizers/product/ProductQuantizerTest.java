package org.vqforge.quantizers.product;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.QuantizerChecks;
import org.vqforge.api.testkit.Tensors;
import org.vqforge.quantizers.residual.InnerVq;
import org.vqforge.quantizers.residual.NestingBuildContext;

class ProductQuantizerTest {

    private static final StepInfo TRAINING = new StepInfo(true, 0, 10);
    private static final double BETA = 0.25;

    /** Head 0: e0 = (0, 0), e1 = (1, 0), e2 = (0, 2). */
    private static final float[] HEAD0 = {0, 0, 1, 0, 0, 2};

    /** Head 1: f0 = (0, 0), f1 = (0.2, 0), f2 = (0, -0.4). */
    private static final float[] HEAD1 = {0, 0, 0.2f, 0, 0, -0.4f};

    /**
     * One image, D = 4, H = 1, W = 2, channels first. Channels 0-1 are head 0: p0 = (0.2, 0.1),
     * p1 = (0.9, -0.3), nearest e0 (0.05 vs 0.65, 3.65) and e1 (0.10 vs 0.90, 6.10). Channels 2-3
     * are head 1: p0 = (-0.1, -0.5), squared distances to (f0, f1, f2) = (0.26, 0.34, 0.02), p1 =
     * (0.3, 0.05): (0.0925, 0.0125, 0.2925); so f2 and f1.
     */
    private static final float[] LATENTS = {0.2f, 0.9f, 0.1f, -0.3f, -0.1f, 0.3f, -0.5f, 0.05f};

    private static final long[] INDICES = {0, 1, 2, 1};

    /** (e0 | f2, e1 | f1) channels first. */
    private static final float[] QUANTIZED = {0, 1, 0, 0, 0, 0.2f, -0.4f, 0};

    /** Per head, mean over its 4 elements: head 0 (0.04 + 0.01 + 0.01 + 0.09), head 1 (0.01 + 0.01 + 0.01 + 0.0025). */
    private static final double MSE0 = 0.15 / 4;
    private static final double MSE1 = 0.0325 / 4;

    private NestingBuildContext context;
    private NDManager step;

    @BeforeEach
    void open() {
        context = new NestingBuildContext();
        step = context.manager().newSubManager();
    }

    @AfterEach
    void close() {
        context.close();
    }

    private ProductQuantizer build(int heads, boolean shared, int dimension, int codes) {
        Parameters p = new ProductQuantizerProvider().schema()
                .with(Map.of("heads", heads, "sharedCodebook", shared))
                .with("inner", InnerVq.config(codes, BETA));
        return (ProductQuantizer) new ProductQuantizerProvider().create(p, dimension, context);
    }

    private static void handSet(ProductQuantizer pq, float[]... codebooks) {
        List<Block> children = pq.getChildren().values();
        assertEquals(codebooks.length, children.size());
        for (int i = 0; i < codebooks.length; i++) {
            children.get(i).setInitializer(Tensors.fixed(codebooks[i]), "codebook");
        }
    }

    private ProductQuantizer twoHandSetHeads() {
        ProductQuantizer pq = build(2, false, 4, 3);
        handSet(pq, HEAD0, HEAD1);
        pq.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 4, 1, 2));
        return pq;
    }

    private NDArray latents() {
        NDArray z = step.create(LATENTS, new Shape(1, 4, 1, 2));
        z.setRequiresGradient(true);
        return z;
    }

    private static NDArray codebook(ProductQuantizer pq, int child) {
        return pq.getChildren().values().get(child).getParameters().get("codebook").getArray();
    }

    @Test
    void eachHeadQuantizesItsChannelsAndTheHeadsAreConcatenatedInOrder() {
        QuantizerOutput out = twoHandSetHeads().quantize(latents(), TRAINING);
        assertShape(out.indices(), 1, 2, 1, 2);
        assertArrayEquals(INDICES, out.indices().toType(DataType.INT64, false).toLongArray());
        assertShape(out.quantized(), 1, 4, 1, 2);
        assertClose(QUANTIZED, out.quantized(), 1e-6, "quantized");
    }

    @Test
    void lossTermsAndMetricsAreEachHeadsUnderItsName() {
        QuantizerOutput out = twoHandSetHeads().quantize(latents(), TRAINING);
        assertEquals(List.of("head0.codebook", "head0.commitment", "head1.codebook", "head1.commitment"),
                List.copyOf(out.losses().keySet()));
        assertEquals(MSE0, out.losses().get("head0.codebook").getFloat(), 1e-7);
        assertEquals(BETA * MSE0, out.losses().get("head0.commitment").getFloat(), 1e-7);
        assertEquals(MSE1, out.losses().get("head1.codebook").getFloat(), 1e-7);
        assertEquals(BETA * MSE1, out.losses().get("head1.commitment").getFloat(), 1e-7);
        // pooled codes (0, 1, 2, 1): counts (1, 2, 1); each head uses two codes once each
        assertEquals(2 * Math.sqrt(2), out.metrics().get("perplexity"), 1e-9);
        assertEquals(1.0, out.metrics().get("usage"), 0);
        assertEquals(2.0, out.metrics().get("head0.perplexity"), 1e-9);
        assertEquals(2.0 / 3, out.metrics().get("head1.usage"), 1e-12);
    }

    @Test
    void gradientsFollowEachHeadsOwnPaths() {
        ProductQuantizer pq = twoHandSetHeads();
        NDArray z = latents();
        float[] weights = {1, -2, 3, 0.5f, -1, 4, 2, -3};
        NDArray w = step.create(weights, new Shape(1, 4, 1, 2));
        float[][] g = Tensors.gradients(() -> pq.quantize(z, TRAINING).quantized().mul(w).sum(), z);
        assertClose(weights, g[0], 0, "straight through every head");
        float[][] c = Tensors.gradients(() -> pq.quantize(z, TRAINING).losses().get("head1.codebook"),
                z, codebook(pq, 0), codebook(pq, 1));
        // 2 (f_k - z) / 4 over head 1's rows choosing k: f1 <- p1 = (0.3, 0.05), f2 <- p0 = (-0.1, -0.5)
        float[] expected = {0, 0, 2 * (0.2f - 0.3f) / 4, 2 * (0 - 0.05f) / 4, 2 * (0 + 0.1f) / 4, 2 * (-0.4f + 0.5f) / 4};
        assertClose(expected, c[2], 1e-7, "head 1 codes");
        assertClose(new float[6], c[1], 0, "head 0 codes get nothing from head 1's term");
        assertClose(new float[8], c[0], 0, "latents are stopped in the codebook term");
    }

    @Test
    void lookupConcatenatesTheHeadsCodes() {
        ProductQuantizer pq = twoHandSetHeads();
        QuantizerOutput out = pq.quantize(latents(), TRAINING);
        assertClose(QUANTIZED, pq.lookup(out.indices()), 1e-6, "lookup");
        assertClose(QUANTIZED, pq.lookup(out.indices().toType(DataType.INT32, false)), 1e-6, "int32 lookup");
        assertThrows(IllegalArgumentException.class, () -> pq.lookup(step.zeros(new Shape(1, 3, 1, 2), DataType.INT64)));
    }

    @Test
    void agreesWithANearestCodeSearchPerHeadInPlainJava() {
        int heads = 4;
        int d = 12;
        int hd = d / heads;
        int k = 6;
        Random random = new Random(5);
        float[][] books = new float[heads][k * hd];
        for (float[] book : books) {
            for (int i = 0; i < book.length; i++) {
                book[i] = (float) random.nextGaussian();
            }
        }
        ProductQuantizer pq = build(heads, false, d, k);
        handSet(pq, books);
        pq.initialize(context.manager(), DataType.FLOAT32, new Shape(2, d, 2, 3));
        float[] zs = new float[2 * d * 6];
        for (int i = 0; i < zs.length; i++) {
            zs[i] = (float) random.nextGaussian();
        }
        QuantizerOutput out = pq.quantize(step.create(zs, new Shape(2, d, 2, 3)), TRAINING);
        long[] chosen = out.indices().toType(DataType.INT64, false).toLongArray();
        float[] quantized = out.quantized().toFloatArray();
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 6; p++) {
                for (int h = 0; h < heads; h++) {
                    int pick = (int) chosen[(b * heads + h) * 6 + p];
                    double best = Double.MAX_VALUE;
                    double picked = 0;
                    for (int c = 0; c < k; c++) {
                        double dist = 0;
                        for (int j = 0; j < hd; j++) {
                            double diff = zs[(b * d + h * hd + j) * 6 + p] - books[h][c * hd + j];
                            dist += diff * diff;
                        }
                        best = Math.min(best, dist);
                        if (c == pick) {
                            picked = dist;
                        }
                    }
                    assertEquals(best, picked, 1e-4, "image " + b + " position " + p + " head " + h);
                    for (int j = 0; j < hd; j++) {
                        assertEquals(books[h][pick * hd + j], quantized[(b * d + h * hd + j) * 6 + p], 1e-6);
                    }
                }
            }
        }
    }

    @Test
    void aSharedCodebookIsOneQuantizerForEveryHead() {
        ProductQuantizer pq = build(2, true, 4, 3);
        assertEquals(1, context.built().size());
        assertSame(pq.head(0), pq.head(1));
        handSet(pq, HEAD0);
        pq.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 4, 1, 2));
        assertEquals(List.of("01shared_codebook"), pq.getParameters().keys());
        // head 1's p0 = (-0.1, -0.5) and p1 = (0.3, 0.05) are both nearest e0 of the shared codes
        QuantizerOutput out = pq.quantize(latents(), TRAINING);
        assertArrayEquals(new long[] {0, 1, 0, 0}, out.indices().toType(DataType.INT64, false).toLongArray());
        assertClose(new float[] {0, 1, 0, 0, 0, 0, 0, 0}, out.quantized(), 1e-6, "quantized");
    }

    @Test
    void separateHeadsBuildOneInnerQuantizerEachOfTheHeadDimension() {
        ProductQuantizer pq = build(4, false, 64, 8);
        assertEquals(4, context.built().size());
        for (var inner : context.built()) {
            assertEquals(16, inner.dimension());
        }
        assertEquals(16, pq.headDimension());
        assertEquals(8, pq.codebookSize());
        pq.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 64, 7, 7));
        assertEquals(List.of("01head0_codebook", "02head1_codebook", "03head2_codebook", "04head3_codebook"),
                pq.getParameters().keys());
        assertShape(codebook(pq, 3), 8, 16);
    }

    @Test
    void blockForwardReturnsQuantizedIndicesAndTotalLoss() {
        ProductQuantizer pq = twoHandSetHeads();
        NDList out = pq.forward(new ParameterStore(context.manager(), false), new NDList(latents()), false);
        assertEquals(3, out.size());
        assertClose(QUANTIZED, out.get(0), 1e-6, "quantized");
        assertArrayEquals(INDICES, out.get(1).toType(DataType.INT64, false).toLongArray());
        assertEquals((1 + BETA) * (MSE0 + MSE1), out.get(2).getFloat(), 1e-7);
        assertArrayEquals(new Shape[] {new Shape(1, 4, 1, 2), new Shape(1, 2, 1, 2), new Shape()},
                pq.getOutputShapes(new Shape[] {new Shape(1, 4, 1, 2)}));
    }

    @Test
    void refusesHeadsThatDoNotDivideTheChannels() {
        assertThrows(IllegalArgumentException.class, () -> build(3, false, 4, 3));
        assertThrows(IllegalArgumentException.class, () -> twoHandSetHeads().quantize(step.zeros(new Shape(1, 2, 1, 2)), TRAINING));
    }

    @Test
    @SuppressWarnings("try") // the resource is opened for its side effect
    void perStepArraysStayOffTheParameterManager() {
        QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context, build(4, false, 8, 16),
                new Shape(2, 8, 4, 4), 5);
    }
}
