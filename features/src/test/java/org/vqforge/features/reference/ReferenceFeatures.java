package org.vqforge.features.reference;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.features.FeatureNetworkSpec;

/**
 * A plain-Java forward pass of a feature network's stages (3x3 convolution with padding 1, ReLU;
 * 2x2 max pooling before every stage but the first), from the network's own weights: the
 * independent computation tests compare the engine against. Also used by the losses module's tests.
 */
public final class ReferenceFeatures {

    /** Per stage: weights [out][in][3][3] flattened, biases [out]. */
    private final List<float[]> weights = new ArrayList<>();
    private final List<float[]> biases = new ArrayList<>();
    private final FeatureNetworkSpec spec;

    public ReferenceFeatures(FeatureNetwork network) {
        this.spec = network.spec();
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> p : network.block().getParameters()) {
            parameters.add(p.getValue());
        }
        for (int l = 0; l < spec.stages(); l++) {
            Parameter w = parameters.get(2 * l);
            Parameter b = parameters.get(2 * l + 1);
            if (w.getType() != Parameter.Type.WEIGHT || b.getType() != Parameter.Type.BIAS) {
                throw new IllegalStateException("stage " + l + ": expected a weight and a bias, got "
                        + w.getName() + ", " + b.getName());
            }
            weights.add(w.getArray().toFloatArray());
            biases.add(b.getArray().toFloatArray());
        }
    }

    /**
     * The activations after each stage for one image.
     *
     * @param image [channel][y][x]
     * @return per stage, [channel][y][x]
     */
    public List<float[][][]> forward(float[][][] image) {
        List<float[][][]> out = new ArrayList<>();
        float[][][] x = image;
        for (int l = 0; l < spec.stages(); l++) {
            if (l > 0) {
                x = maxPool(x);
            }
            x = convRelu(x, weights.get(l), biases.get(l), spec.stageChannels().get(l));
            out.add(x);
        }
        return out;
    }

    /** Image {@code b} of a (B, C, H, W) array as [channel][y][x]. */
    public static float[][][] image(NDArray images, int b) {
        long[] s = images.getShape().getShape();
        int c = (int) s[1];
        int h = (int) s[2];
        int w = (int) s[3];
        float[] all = images.toFloatArray();
        float[][][] out = new float[c][h][w];
        for (int k = 0; k < c; k++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[k][y][x] = all[((b * c + k) * h + y) * w + x];
                }
            }
        }
        return out;
    }

    private static float[][][] convRelu(float[][][] in, float[] w, float[] bias, int outChannels) {
        int inChannels = in.length;
        int h = in[0].length;
        int wd = in[0][0].length;
        float[][][] out = new float[outChannels][h][wd];
        for (int o = 0; o < outChannels; o++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < wd; x++) {
                    double sum = bias[o];
                    for (int i = 0; i < inChannels; i++) {
                        for (int dy = -1; dy <= 1; dy++) {
                            for (int dx = -1; dx <= 1; dx++) {
                                int yy = y + dy;
                                int xx = x + dx;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < wd) {
                                    sum += w[((o * inChannels + i) * 3 + dy + 1) * 3 + dx + 1] * in[i][yy][xx];
                                }
                            }
                        }
                    }
                    out[o][y][x] = (float) Math.max(0, sum);
                }
            }
        }
        return out;
    }

    private static float[][][] maxPool(float[][][] in) {
        int h = in[0].length / 2;
        int w = in[0][0].length / 2;
        float[][][] out = new float[in.length][h][w];
        for (int c = 0; c < in.length; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[c][y][x] = Math.max(Math.max(in[c][2 * y][2 * x], in[c][2 * y][2 * x + 1]),
                            Math.max(in[c][2 * y + 1][2 * x], in[c][2 * y + 1][2 * x + 1]));
                }
            }
        }
        return out;
    }
}
