package org.vqforge.quantizers.lfq;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vqforge.api.quantizer.AbstractQuantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.quantizers.common.BatchMetrics;
import org.vqforge.quantizers.common.CodeChannels;
import org.vqforge.quantizers.common.LatentLayout;
import org.vqforge.quantizers.common.StraightThrough;
import org.vqforge.api.plugin.EngineConstants;

/**
 * Lookup-free quantization (MAGVIT-v2, Yu et al. 2023): each of {@code bits} channels is
 * quantized to its sign, +-1, with a straight-through gradient; the codebook is the implicit
 * {-1, +1}^bits. Loss terms: {@code entropy}, entropyWeight (mean per-vector entropy - gamma
 * codebook entropy) (see {@link LfqEntropy}), and {@code commitment}, commitmentWeight mean((z -
 * sg(q))^2).
 *
 * <p>When the latents have other than {@code bits} channels (the reference VQ-VAE has 64), learned
 * 1x1 projections map them down to {@code bits} channels before quantization and back after it;
 * the entropy and commitment terms are computed on the projected latents.
 */
public final class LfqQuantizer extends AbstractQuantizer {

    private static final byte VERSION = 1;

    private final LfqCodes codes;
    private final float entropyWeight;
    private final float commitmentWeight;
    private final double gamma;
    private final double temperature;
    private final CodeChannels channels;

    /** The settings of one quantizer. */
    public record Settings(int bits, double entropyWeight, double commitmentWeight, double gamma, double temperature) {

        public Settings {
            if (!(entropyWeight >= 0) || !(commitmentWeight >= 0) || !(gamma >= 0) || !(temperature > 0)) {
                throw new IllegalArgumentException("need entropyWeight, commitmentWeight, gamma >= 0 and "
                        + "temperature > 0; got " + entropyWeight + ", " + commitmentWeight + ", " + gamma
                        + ", " + temperature);
            }
        }
    }

    /**
     * @param dimension D, the channels of the latents
     * @param settings bits and loss weights
     */
    public LfqQuantizer(int dimension, Settings settings) {
        super(VERSION, dimension);
        this.codes = new LfqCodes(settings.bits());
        this.entropyWeight = (float) settings.entropyWeight();
        this.commitmentWeight = (float) settings.commitmentWeight();
        this.gamma = settings.gamma();
        this.temperature = settings.temperature();
        this.channels = new CodeChannels(dimension, settings.bits());
        channels.parameters().forEach(this::addParameter);
    }

    /** The implicit codebook. */
    public LfqCodes codes() {
        return codes;
    }

    /** True when the latents are projected to {@code bits} channels and back. */
    public boolean projects() {
        return channels.projects();
    }

    @Override
    public int codebookSize() {
        return codes.codebookSize();
    }

    /** Training and evaluation are the same: LFQ has no state and draws no noise. */
    @Override
    public QuantizerOutput quantize(NDArray latents, StepInfo step) {
        LatentLayout.requireLatents(latents, dimension);
        Shape grid = LatentLayout.grid(latents.getShape());
        NDArray rows = LatentLayout.toRows(latents, dimension);
        NDArray z = channels.toCodeSpace(rows);
        NDArray q = LfqCodes.sign(z);
        NDArray indices = codes.toIndices(q).reshape(grid);

        Map<String, NDArray> losses = new LinkedHashMap<>();
        NDManager m = z.getManager();
        // all codes and the weights are saved for the backward pass: engine memory (see EngineConstants)
        try (NDArray all = codes.allCodesByColumn(m);
                NDArray entropyScale = EngineConstants.scalar(m, entropyWeight);
                NDArray commitmentScale = EngineConstants.scalar(m, commitmentWeight)) {
            losses.put("entropy", LfqEntropy.of(z, all, temperature).penalty(gamma).mul(entropyScale));
            losses.put("commitment", z.sub(q).square().mean().mul(commitmentScale));
        }
        return new QuantizerOutput(channels.toLatents(StraightThrough.apply(z, q), grid), indices, losses,
                BatchMetrics.of(indices, codebookSize()));
    }

    @Override
    public NDArray lookup(NDArray indices) {
        Shape grid = indices.getShape();
        if (grid.dimension() != 3) {
            throw new IllegalArgumentException("expected indices (B, H, W), got " + grid);
        }
        return channels.toLatents(codes.toCodes(indices.toType(DataType.INT64, false)).reshape(-1, codes.bits()), grid);
    }
}
