package org.vqforge.architectures.vqgan;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;

/**
 * The sizes of a taming-transformers encoder/decoder pair, shared by {@code vqgan-encoder} and
 * {@code vqgan-decoder} (give both the same values so that the decoder mirrors the encoder).
 *
 * <p>Level i (0-based) works at 1/2^i of the image size with {@code ch * chMult[i]} channels; the
 * encoder halves the size between levels, so {@code chMult} of length n reduces the image by
 * 2^(n-1) (28x28 with [1, 2] gives 14x14 latents, with [1, 2, 2] 7x7).
 *
 * @param ch base channels
 * @param chMult channel multiplier per level, from the image size down
 * @param numResBlocks residual blocks per encoder level (the decoder has one more, as taming)
 * @param attnResolutions level sizes (height in pixels) whose residual blocks are each followed by
 *     self-attention
 * @param zChannels encoder output / decoder input channels; 0 follows model.latentChannels
 * @param dropout dropout rate inside the residual blocks
 * @param groups the most groups of each group norm (fewer where they do not divide the channels)
 */
record VqganSpec(
        int ch,
        List<Integer> chMult,
        int numResBlocks,
        List<Integer> attnResolutions,
        int zChannels,
        double dropout,
        int groups) {

    static final String CH = "ch";
    static final String CH_MULT = "chMult";
    static final String NUM_RES_BLOCKS = "numResBlocks";
    static final String ATTN_RESOLUTIONS = "attnResolutions";
    static final String Z_CHANNELS = "zChannels";
    static final String DROPOUT = "dropout";
    static final String GROUPS = "groups";

    static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(CH, 64, 1, null, "base channels; level i has ch * chMult[i]")
            .intList(CH_MULT, List.of(1, 2), 1, 1, null,
                    "channel multiplier per resolution level; the image is halved between levels")
            .integer(NUM_RES_BLOCKS, 1, 1, null, "residual blocks per level (the decoder has one more per level)")
            .intList(ATTN_RESOLUTIONS, List.of(), 0, 1, null,
                    "level sizes (height in pixels) that get self-attention after each residual block; "
                            + "the middle block always has one")
            .integer(Z_CHANNELS, 0, 0, null, "latent channels; 0 = model.latentChannels, which any other value must equal")
            .realBelow(DROPOUT, 0.0, 0.0, 1.0, "dropout rate in the residual blocks")
            .integer(GROUPS, 32, 1, null, "group norm groups; the largest divisor of the channels up to this")
            .build();

    static VqganSpec from(Parameters params) {
        return new VqganSpec(
                params.getInt(CH),
                params.getIntList(CH_MULT),
                params.getInt(NUM_RES_BLOCKS),
                params.getIntList(ATTN_RESOLUTIONS),
                params.getInt(Z_CHANNELS),
                params.getDouble(DROPOUT),
                params.getInt(GROUPS));
    }

    /** Number of resolution levels. */
    int levels() {
        return chMult.size();
    }

    /** Channels of level {@code level}. */
    int channels(int level) {
        return ch * chMult.get(level);
    }

    /** Whether the residual blocks of a level of this height are followed by attention. */
    boolean attendsAt(int levelHeight) {
        return attnResolutions.contains(levelHeight);
    }

    /** The latent channels for a model of {@code shapes}. */
    int latentChannels(ModelShapes shapes) {
        return zChannels == 0 ? shapes.latentChannels() : zChannels;
    }

    /** What makes these sizes unusable for images of {@code shapes}, each naming its key. */
    List<ConfigProblem> problems(ModelShapes shapes) {
        List<ConfigProblem> problems = new ArrayList<>();
        int h = shapes.imageHeight();
        int w = shapes.imageWidth();
        int fitting = 1 + Math.min(Integer.numberOfTrailingZeros(h), Integer.numberOfTrailingZeros(w));
        if (levels() > fitting) {
            problems.add(new ConfigProblem(CH_MULT, levels() + " levels need " + (levels() - 1)
                    + " halvings, but " + h + "x" + w + " images go " + halvings(h, w, fitting)
                    + " and no further: an odd size cannot be halved and mirrored back exactly by x2"
                    + " upsampling; use at most " + fitting + " entries"));
        }
        List<Integer> sizes = levelHeights(h);
        for (int r : attnResolutions) {
            if (!sizes.contains(r)) {
                problems.add(new ConfigProblem(ATTN_RESOLUTIONS, r + " is no level's size: " + h + "x" + w
                        + " images with " + levels() + " level(s) have levels of height " + sizes));
            }
        }
        if (zChannels != 0 && zChannels != shapes.latentChannels()) {
            problems.add(new ConfigProblem(Z_CHANNELS, zChannels + " differs from model.latentChannels = "
                    + shapes.latentChannels() + " (the encoder's output is the quantizer's input); use 0 or "
                    + shapes.latentChannels()));
        }
        return problems;
    }

    /** The height of each level for images of {@code imageHeight}. */
    List<Integer> levelHeights(int imageHeight) {
        List<Integer> sizes = new ArrayList<>();
        for (int level = 0; level < levels(); level++) {
            sizes.add(imageHeight >> level);
        }
        return sizes;
    }

    private static String halvings(int h, int w, int levels) {
        List<String> steps = new ArrayList<>();
        for (int level = 0; level < levels; level++) {
            steps.add((h >> level) + "x" + (w >> level));
        }
        return steps.stream().collect(Collectors.joining(" -> "));
    }
}
