package org.vqforge.architectures.patchgan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;

/**
 * The sizes of a PatchGAN discriminator.
 *
 * @param ndf channels of the first convolution; doubled per layer up to 8 * ndf
 * @param layers number of stride-2 convolutions (two stride-1 convolutions follow)
 * @param norm the normalisation after every convolution but the first and the last
 */
record PatchGanSpec(int ndf, int layers, Norm norm) {

    static final String NDF = "ndf";
    static final String LAYERS = "layers";
    static final String NORM = "norm";

    /** Normalisation choices. */
    enum Norm {
        BATCH, GROUP, NONE
    }

    static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(NDF, 64, 1, null, "channels of the first convolution; doubled per layer up to 8 * ndf")
            .integer(LAYERS, 3, 1, 16, "stride-2 4x4 convolutions; each halves the patch grid")
            .choice(NORM, "batch", List.of("batch", "group", "none"),
                    "normalisation after the inner convolutions (group: 32 groups or the largest divisor below)")
            .build();

    static PatchGanSpec from(Parameters params) {
        return new PatchGanSpec(params.getInt(NDF), params.getInt(LAYERS),
                Norm.valueOf(params.getString(NORM).toUpperCase(Locale.ROOT)));
    }

    /** Channels after inner convolution {@code n} (1-based, as taming's nf_mult = min(2^n, 8)). */
    int channels(int n) {
        return ndf * Math.min(1 << Math.min(n, 4), 8);
    }

    /**
     * Side of the logit grid for an image side of {@code size}: each stride-2 4x4 convolution with
     * padding 1 maps s to floor(s / 2), each stride-1 one s to s - 1. Zero or less: too small.
     */
    static int outputSize(int size, int layers) {
        int s = size;
        for (int i = 0; i < layers; i++) {
            s /= 2;
        }
        return s - 2;
    }

    /** The most layers that leave a 1x1 grid or more for h x w images; 0 when none does. */
    static int maxLayers(int h, int w) {
        int layers = 0;
        while (layers < 16 && outputSize(h, layers + 1) >= 1 && outputSize(w, layers + 1) >= 1) {
            layers++;
        }
        return layers;
    }

    List<ConfigProblem> problems(ModelShapes shapes) {
        List<ConfigProblem> problems = new ArrayList<>();
        int h = shapes.imageHeight();
        int w = shapes.imageWidth();
        if (outputSize(h, layers) < 1 || outputSize(w, layers) < 1) {
            int max = maxLayers(h, w);
            problems.add(new ConfigProblem(LAYERS, h + "x" + w + " images shrink below 1x1 with " + layers
                    + " layers (each halves the size, then two 4x4 convolutions take 1 off each); "
                    + (max == 0 ? "no value fits: a PatchGAN needs images of at least 6x6"
                            : "at most " + max + " for " + h + "x" + w + " images")));
        }
        return problems;
    }
}
