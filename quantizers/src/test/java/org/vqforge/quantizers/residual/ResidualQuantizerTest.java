package org.vqforge.quantizers.residual;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.vqforge.api.testkit.Tensors.assertClose;
import static org.vqforge.api.testkit.Tensors.assertShape;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.api.testkit.QuantizerChecks;
import org.vqforge.api.testkit.Tensors;

class ResidualQuantizerTest {

    private static final StepInfo TRAINING = new StepInfo(true, 0, 10);
    private static final double BETA = 0.25;

    /** Level 0: e0 = (0, 0), e1 = (1, 0), e2 = (0, 2). */
    private static final float[] LEVEL0 = {0, 0, 1, 0, 0, 2};

    /** Level 1: f0 = (0, 0), f1 = (0.2, 0), f2 = (0, -0.4). */
    private static final float[] LEVEL1 = {0, 0, 0.2f, 0, 0, -0.4f};

    /**
     * One image, D = 2, H = W = 2, channels first: z0 = (0.2, 0.1), z1 = (0.9, -0.3), z2 = (-0.1,
     * 1.5), z3 = (0.6, 0.2). Level 0 picks (e0, e1, e2, e1) (squared distances in VqQuantizerTest),
     * leaving r1 = (0.2, 0.1), (-0.1, -0.3), (-0.1, -0.5), (-0.4, 0.2). Squared distances of r1 to
     * (f0, f1, f2): (0.05, 0.01, 0.29), (0.10, 0.18, 0.02), (0.26, 0.34, 0.02), (0.20, 0.40, 0.52),
     * so level 1 picks (f1, f2, f2, f0).
     */
    private static final float[] LATENTS = {0.2f, 0.9f, -0.1f, 0.6f, 0.1f, -0.3f, 1.5f, 0.2f};

    private static final long[] INDICES = {0, 1, 2, 1, 1, 2, 2, 0};

    /** e + f, channels first: (0.2, 0), (1, -0.4), (0, 1.6), (1, 0). */
    private static final float[] QUANTIZED = {0.2f, 1, 0, 1, 0, -0.4f, 1.6f, 0};

    /** mean((e - z)^2) = 0.61 / 8 (VqQuantizerTest); r1 - f = (0, 0.1), (-0.1, 0.1), (-0.1, -0.1), (-0.4, 0.2). */
    private static final double MSE0 = 0.61 / 8;
    private static final double MSE1 = 0.25 / 8;

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

    private static Parameters params(int levels, boolean shared, boolean dropout, PluginConfig inner) {
        return new ResidualQuantizerProvider().schema()
                .with(Map.of("levels", levels, "sharedCodebook", shared, "quantizeDropout", dropout))
                .with("inner", inner);
    }

    private ResidualQuantizer build(int levels, boolean shared, boolean dropout, int dimension, int codes) {
        return (ResidualQuantizer) new ResidualQuantizerProvider().create(
                params(levels, shared, dropout, InnerVq.config(codes, BETA)), dimension, context);
    }

    /** Children in order; each child's "codebook" set to the next of {@code codebooks}. */
    private static void handSet(ResidualQuantizer rq, float[]... codebooks) {
        List<Block> children = rq.getChildren().values();
        assertEquals(codebooks.length, children.size());
        for (int i = 0; i < codebooks.length; i++) {
            children.get(i).setInitializer(Tensors.fixed(codebooks[i]), "codebook");
        }
    }

    private ResidualQuantizer twoHandSetLevels(boolean dropout) {
        ResidualQuantizer rq = build(2, false, dropout, 2, 3);
        handSet(rq, LEVEL0, LEVEL1);
        rq.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2, 2, 2));
        return rq;
    }

    private NDArray latents() {
        NDArray z = step.create(LATENTS, new Shape(1, 2, 2, 2));
        z.setRequiresGradient(true);
        return z;
    }

    private static NDArray codebook(ResidualQuantizer rq, int child) {
        return rq.getChildren().values().get(child).getParameters().get("codebook").getArray();
    }

    @Test
    void eachLevelPicksTheNearestCodeOfTheResidualTheLevelsBeforeLeft() {
        QuantizerOutput out = twoHandSetLevels(false).quantize(latents(), TRAINING);
        assertShape(out.indices(), 1, 2, 2, 2);
        assertArrayEquals(INDICES, out.indices().toType(DataType.INT64, false).toLongArray());
        assertShape(out.quantized(), 1, 2, 2, 2);
        assertClose(QUANTIZED, out.quantized(), 1e-6, "q0 + q1");
    }

    @Test
    void lossTermsAreEachLevelsTermsUnderItsName() {
        QuantizerOutput out = twoHandSetLevels(false).quantize(latents(), TRAINING);
        assertEquals(List.of("level0.codebook", "level0.commitment", "level1.codebook", "level1.commitment"),
                List.copyOf(out.losses().keySet()));
        assertEquals(MSE0, out.losses().get("level0.codebook").getFloat(), 1e-7);
        assertEquals(BETA * MSE0, out.losses().get("level0.commitment").getFloat(), 1e-7);
        assertEquals(MSE1, out.losses().get("level1.codebook").getFloat(), 1e-7);
        assertEquals(BETA * MSE1, out.losses().get("level1.commitment").getFloat(), 1e-7);
        assertEquals((1 + BETA) * (MSE0 + MSE1), out.totalLoss().getFloat(), 1e-7);
    }

    @Test
    void metricsPoolEveryLevelsCodesAndKeepEachLevels() {
        QuantizerOutput out = twoHandSetLevels(false).quantize(latents(), TRAINING);
        // pooled counts (2, 3, 3) of 8
        double entropy = -(0.25 * Math.log(0.25) + 2 * 0.375 * Math.log(0.375));
        assertEquals(Math.exp(entropy), out.metrics().get("perplexity"), 1e-9);
        assertEquals(1.0, out.metrics().get("usage"), 0);
        // level 0 counts (1, 2, 1), level 1 (1, 1, 2): perplexity 2 sqrt 2 each
        assertEquals(2 * Math.sqrt(2), out.metrics().get("level0.perplexity"), 1e-9);
        assertEquals(2 * Math.sqrt(2), out.metrics().get("level1.perplexity"), 1e-9);
    }

    @Test
    void lookupSumsTheLevelsCodes() {
        ResidualQuantizer rq = twoHandSetLevels(false);
        QuantizerOutput out = rq.quantize(latents(), TRAINING);
        NDArray looked = rq.lookup(out.indices());
        assertShape(looked, 1, 2, 2, 2);
        assertClose(QUANTIZED, looked, 1e-6, "lookup");
        assertClose(QUANTIZED, rq.lookup(out.indices().toType(DataType.INT32, false)), 1e-6, "int32 lookup");
        // a prefix of the levels: level 0's codes alone
        NDArray firstLevel = out.indices().get(":, 0:1");
        assertClose(new float[] {0, 1, 0, 1, 0, 0, 2, 0}, rq.lookup(firstLevel), 0, "level 0 only");
        assertThrows(IllegalArgumentException.class, () -> rq.lookup(step.zeros(new Shape(1, 3, 2, 2), DataType.INT64)));
    }

    @Test
    void theOutputGradientReachesTheLatentsOncePerLevel() {
        ResidualQuantizer rq = twoHandSetLevels(false);
        NDArray z = latents();
        float[] weights = {1, -2, 3, 0.5f, -1, 4, 2, -3};
        NDArray w = step.create(weights, new Shape(1, 2, 2, 2));
        float[][] g = Tensors.gradients(() -> rq.quantize(z, TRAINING).quantized().mul(w).sum(),
                z, codebook(rq, 0), codebook(rq, 1));
        float[] twice = new float[8];
        for (int i = 0; i < 8; i++) {
            twice[i] = 2 * weights[i];
        }
        // each level is straight-through on a residual whose derivative in z is the identity
        assertClose(twice, g[0], 0, "d sum(w q)/dz");
        assertClose(new float[6], g[1], 0, "level 0 codebook (only through the losses)");
        assertClose(new float[6], g[2], 0, "level 1 codebook (only through the losses)");
    }

    @Test
    void levelOneLossesMoveItsCodesTowardsTheResidualAndTheLatentsTowardsBothCodes() {
        ResidualQuantizer rq = twoHandSetLevels(false);
        NDArray z = latents();
        float[][] g = Tensors.gradients(() -> rq.quantize(z, TRAINING).losses().get("level1.codebook"),
                z, codebook(rq, 0), codebook(rq, 1));
        // 2 (f_k - r1) / 8 over the rows choosing k: f0 <- r1 of z3, f1 <- z0, f2 <- z1 and z2
        float[] expected = {
            2 * (0 + 0.4f) / 8, 2 * (0 - 0.2f) / 8,
            2 * (0.2f - 0.2f) / 8, 2 * (0 - 0.1f) / 8,
            2 * ((0 + 0.1f) + (0 + 0.1f)) / 8, 2 * ((-0.4f + 0.3f) + (-0.4f + 0.5f)) / 8};
        assertClose(expected, g[2], 1e-7, "d level1.codebook / d level-1 codes");
        assertClose(new float[6], g[1], 0, "level 0 codes get nothing from level 1's codebook term");
        assertClose(new float[8], g[0], 0, "latents are stopped in the codebook term");

        float[][] c = Tensors.gradients(() -> rq.quantize(z, TRAINING).losses().get("level1.commitment"),
                z, codebook(rq, 0), codebook(rq, 1));
        // 2 beta (z - e - f) / 8: pulls z towards the sum of both levels' codes
        float[] pull = new float[8];
        for (int i = 0; i < 8; i++) {
            pull[i] = (float) (2 * BETA * (LATENTS[i] - QUANTIZED[i]) / 8);
        }
        assertClose(pull, c[0], 1e-7, "d level1.commitment / dz");
        assertClose(new float[6], c[1], 0, "level 0 codes are stopped in level 1's residual");
        assertClose(new float[6], c[2], 0, "level 1 codes are stopped in the commitment term");
    }

    @Test
    void agreesWithAGreedyResidualSearchInPlainJava() {
        int levels = 3;
        int d = 4;
        int k = 8;
        Random random = new Random(11);
        float[][] books = new float[levels][k * d];
        for (int l = 0; l < levels; l++) {
            for (int i = 0; i < k * d; i++) {
                books[l][i] = (float) (random.nextGaussian() / (l + 1));
            }
        }
        ResidualQuantizer rq = build(levels, false, false, d, k);
        handSet(rq, books);
        rq.initialize(context.manager(), DataType.FLOAT32, new Shape(2, d, 3, 3));
        float[] zs = new float[2 * d * 9];
        for (int i = 0; i < zs.length; i++) {
            zs[i] = (float) random.nextGaussian();
        }
        QuantizerOutput out = rq.quantize(step.create(zs, new Shape(2, d, 3, 3)), TRAINING);
        long[] chosen = out.indices().toType(DataType.INT64, false).toLongArray();
        float[] quantized = out.quantized().toFloatArray();
        for (int b = 0; b < 2; b++) {
            for (int p = 0; p < 9; p++) {
                double[] residual = new double[d];
                for (int j = 0; j < d; j++) {
                    residual[j] = zs[(b * d + j) * 9 + p];
                }
                double[] sum = new double[d];
                for (int l = 0; l < levels; l++) {
                    int pick = (int) chosen[(b * levels + l) * 9 + p];
                    double best = Double.MAX_VALUE;
                    double picked = 0;
                    for (int c = 0; c < k; c++) {
                        double dist = 0;
                        for (int j = 0; j < d; j++) {
                            double diff = residual[j] - books[l][c * d + j];
                            dist += diff * diff;
                        }
                        best = Math.min(best, dist);
                        if (c == pick) {
                            picked = dist;
                        }
                    }
                    // nearest up to float rounding of the search
                    assertEquals(best, picked, 1e-4, "image " + b + " position " + p + " level " + l);
                    for (int j = 0; j < d; j++) {
                        residual[j] -= books[l][pick * d + j];
                        sum[j] += books[l][pick * d + j];
                    }
                }
                for (int j = 0; j < d; j++) {
                    assertEquals(sum[j], quantized[(b * d + j) * 9 + p], 1e-5, "output " + b + "," + j + "," + p);
                }
            }
        }
    }

    @Test
    void aSharedCodebookIsOneQuantizerWithOneSetOfParameters() {
        ResidualQuantizer rq = build(3, true, false, 2, 3);
        assertEquals(1, context.built().size(), "inner quantizers built");
        assertEquals(1, rq.getChildren().size());
        assertSame(rq.level(0), rq.level(1));
        assertSame(rq.level(0), rq.level(2));
        handSet(rq, LEVEL0);
        rq.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2, 2, 2));
        assertEquals(List.of("01shared_codebook"), rq.getParameters().keys());
        QuantizerOutput out = rq.quantize(latents(), TRAINING);
        // r1 (above) and r2 = r1 are nearest to e0 = (0, 0) everywhere
        assertArrayEquals(new long[] {0, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0},
                out.indices().toType(DataType.INT64, false).toLongArray());
        // the shared codes collect the codebook gradient of every level: level 1 and 2 pull e0 to r1
        NDArray codes = codebook(rq, 0);
        NDArray z = latents();
        float[] g = Tensors.gradients(() -> {
            QuantizerOutput o = rq.quantize(z, TRAINING);
            return o.losses().get("level0.codebook").add(o.losses().get("level1.codebook"))
                    .add(o.losses().get("level2.codebook"));
        }, codes)[0];
        // level 0: e0 <- z0; levels 1 and 2: e0 <- every r1 = (0.2, 0.1), (-0.1, -0.3), (-0.1, -0.5), (-0.4, 0.2)
        float e0x = 2 * (-0.2f) / 8 + 2 * 2 * (-(0.2f - 0.1f - 0.1f - 0.4f)) / 8;
        float e0y = 2 * (-0.1f) / 8 + 2 * 2 * (-(0.1f - 0.3f - 0.5f + 0.2f)) / 8;
        float[] expected = {e0x, e0y, 2 * ((1 - 0.9f) + (1 - 0.6f)) / 8, 2 * (0.3f - 0.2f) / 8,
            2 * 0.1f / 8, 2 * (2 - 1.5f) / 8};
        assertClose(expected, g, 1e-6, "shared codebook gradient");
    }

    @Test
    void separateLevelsBuildOneInnerQuantizerEach() {
        ResidualQuantizer rq = build(3, false, false, 2, 3);
        assertEquals(3, context.built().size());
        assertEquals(List.of(rq.level(0), rq.level(1), rq.level(2)), context.built());
        rq.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2, 2, 2));
        assertEquals(List.of("01level0_codebook", "02level1_codebook", "03level2_codebook"),
                rq.getParameters().keys());
        assertEquals(3, rq.codebookSize());
        assertEquals(2, rq.dimension());
    }

    @Test
    void quantizeDropoutUsesTheDrawnPrefixInTrainingOnly() {
        ResidualQuantizer rq = twoHandSetLevels(true);
        List<Integer> asked = new ArrayList<>();
        rq.setLevelDraw((manager, levels) -> {
            asked.add(levels);
            return 1;
        });
        QuantizerOutput one = rq.quantize(latents(), TRAINING);
        assertEquals(List.of(2), asked);
        assertShape(one.indices(), 1, 1, 2, 2);
        assertArrayEquals(new long[] {0, 1, 2, 1}, one.indices().toType(DataType.INT64, false).toLongArray());
        assertClose(new float[] {0, 1, 0, 1, 0, 0, 2, 0}, one.quantized(), 1e-6, "level 0 only");
        assertEquals(List.of("level0.codebook", "level0.commitment"), List.copyOf(one.losses().keySet()));
        assertClose(new float[] {0, 1, 0, 1, 0, 0, 2, 0}, rq.lookup(one.indices()), 0, "lookup of the prefix");

        rq.setLevelDraw((manager, levels) -> 2);
        assertClose(QUANTIZED, rq.quantize(latents(), TRAINING).quantized(), 1e-6, "both levels drawn");

        rq.setLevelDraw((manager, levels) -> {
            throw new AssertionError("evaluation must not draw");
        });
        QuantizerOutput eval = rq.quantize(latents(), StepInfo.evaluation());
        assertArrayEquals(INDICES, eval.indices().toType(DataType.INT64, false).toLongArray());
    }

    @Test
    void withoutQuantizeDropoutTrainingUsesEveryLevel() {
        ResidualQuantizer rq = twoHandSetLevels(false);
        rq.setLevelDraw((manager, levels) -> {
            throw new AssertionError("no dropout, no draw");
        });
        assertArrayEquals(INDICES, rq.quantize(latents(), TRAINING).indices().toType(DataType.INT64, false).toLongArray());
    }

    @Test
    void theUniformDrawCoversEveryPrefixAndRepeatsUnderTheSameSeed() {
        LevelDraw draw = LevelDraw.uniform();
        List<List<Integer>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            context.backend().seed(42);
            List<Integer> drawn = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                drawn.add(draw.draw(step, 3));
            }
            runs.add(drawn);
        }
        assertEquals(runs.get(0), runs.get(1), "same seed, same draws");
        assertEquals(Set.of(1, 2, 3), new HashSet<>(runs.get(0)));
        // each of 3 values 100 times on average; 5 sigma is about 41
        for (int v = 1; v <= 3; v++) {
            long count = runs.get(0).stream().filter(Integer.valueOf(v)::equals).count();
            assertTrue(Math.abs(count - 100) < 41, v + " drawn " + count + " times of 300");
        }
    }

    @Test
    void savedParametersRestoreEveryLevel() throws Exception {
        ResidualQuantizer rq = twoHandSetLevels(false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        rq.saveParameters(new DataOutputStream(bytes));
        ResidualQuantizer fresh = build(2, false, false, 2, 3);
        fresh.initialize(context.manager(), DataType.FLOAT32, new Shape(1, 2, 2, 2));
        fresh.loadParameters(context.manager(), new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertClose(LEVEL0, codebook(fresh, 0), 0, "level 0 codes");
        assertClose(LEVEL1, codebook(fresh, 1), 0, "level 1 codes");
        assertArrayEquals(INDICES, fresh.quantize(latents(), TRAINING).indices().toType(DataType.INT64, false).toLongArray());
    }

    @Test
    void blockForwardReturnsQuantizedIndicesAndTotalLoss() {
        ResidualQuantizer rq = twoHandSetLevels(false);
        NDList out = rq.forward(new ParameterStore(context.manager(), false), new NDList(latents()), false);
        assertEquals(3, out.size());
        assertClose(QUANTIZED, out.get(0), 1e-6, "quantized");
        assertArrayEquals(INDICES, out.get(1).toType(DataType.INT64, false).toLongArray());
        assertEquals((1 + BETA) * (MSE0 + MSE1), out.get(2).getFloat(), 1e-7);
        assertArrayEquals(new Shape[] {new Shape(1, 2, 2, 2), new Shape(1, 2, 2, 2), new Shape()},
                rq.getOutputShapes(new Shape[] {new Shape(1, 2, 2, 2)}));
    }

    @Test
    void anInnerCompositeContributesItsIndexPlanesPerLevel() {
        // residual over product: 2 levels x 2 heads of a vq with 4 codes on 2 channels each
        PluginConfig product = new PluginConfig("product", new org.vqforge.quantizers.product.ProductQuantizerProvider()
                .schema().with(Map.of("heads", 2)).with("inner", InnerVq.config(4, BETA)));
        ResidualQuantizer rq = (ResidualQuantizer) new ResidualQuantizerProvider().create(
                params(2, false, false, product), 4, context);
        rq.initialize(context.manager(), DataType.FLOAT32, new Shape(2, 4, 3, 3));
        // before any quantize call (a restored model decoding stored indices), lookup already knows
        // that each level holds 2 planes: the sum of each level's own lookup of its 2 heads
        NDArray stored = step.create(new long[] {0, 1, 2, 3}).tile(18).reshape(2, 4, 3, 3);
        NDArray expected = rq.level(0).lookup(stored.get(":, 0:2")).add(rq.level(1).lookup(stored.get(":, 2:4")));
        assertClose(expected.toFloatArray(), rq.lookup(stored), 0, "lookup before quantize");
        NDArray z = step.randomNormal(new Shape(2, 4, 3, 3)).mul(0.01f);
        QuantizerOutput out = rq.quantize(z, TRAINING);
        assertShape(out.indices(), 2, 4, 3, 3);
        // declared before any call: what the block reports to DJL and the runner's evaluation
        assertEquals(out.indices().getShape(), rq.indexShape(z.getShape()));
        assertTrue(out.losses().containsKey("level1.head1.codebook"), out.losses().keySet().toString());
        assertClose(out.quantized().toFloatArray(), rq.lookup(out.indices()), 1e-6, "lookup");
    }

    @Test
    void rejectsLatentsWithTheWrongChannels() {
        ResidualQuantizer rq = twoHandSetLevels(false);
        assertThrows(IllegalArgumentException.class, () -> rq.quantize(step.zeros(new Shape(1, 3, 2, 2)), TRAINING));
        assertThrows(IllegalArgumentException.class, () -> build(2, false, false, 2, 3)
                .initialize(context.manager(), DataType.FLOAT32, new Shape(1, 3, 2, 2)));
    }

    @Test
    @SuppressWarnings("try") // the resource is opened for its side effect
    void perStepArraysStayOffTheParameterManager() {
        QuantizerChecks.assertStepsLeaveNothingOnTheParameterManager(context, build(3, false, true, 8, 32),
                new Shape(2, 8, 4, 4), 5);
    }
}
