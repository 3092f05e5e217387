package org.vqforge.losses.perceptual;

import java.nio.file.Path;
import java.util.List;
import org.vqforge.features.FeatureNetwork;
import org.vqforge.features.FeatureNetworkException;
import org.vqforge.features.FeatureNetworkSpec;
import org.vqforge.api.loss.Loss;
import org.vqforge.api.loss.LossKind;
import org.vqforge.api.loss.LossProvider;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;

/** The {@code perceptual} reconstruction loss. */
@Plugin(name = "perceptual", description = "LPIPS-style feature distance through a frozen feature network "
        + "file: per stage, channel-normalised activations, mean squared difference; mean over stages")
public final class PerceptualLossProvider implements LossProvider {

    public static final String NETWORK = "network";

    private static final String HOW_TO_MAKE_ONE = "'./vqf features train' trains one on Fashion-MNIST and "
            + "saves it";

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .string(NETWORK, "", "feature network file (.vqff) the distance is measured through; required ("
                    + HOW_TO_MAKE_ONE + "); relative to the working directory, a leading ~/ is the home "
                    + "directory; its input channels and size must be the model's")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public LossKind kind() {
        return LossKind.RECONSTRUCTION;
    }

    @Override
    public List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        if (params.getString(NETWORK).isBlank()) {
            return List.of(new ConfigProblem(NETWORK, "required: the path of a feature network file; "
                    + HOW_TO_MAKE_ONE));
        }
        return List.of();
    }

    /**
     * Loads the network and checks it reads the model's images.
     *
     * @throws FeatureNetworkException naming the file when it is missing, unreadable, or made for
     *     other images
     */
    @Override
    public Loss create(Parameters params, BuildContext context) {
        String name = params.getString(NETWORK);
        if (name.isBlank()) {
            throw new IllegalArgumentException(NETWORK + ": required: the path of a feature network file; "
                    + HOW_TO_MAKE_ONE);
        }
        FeatureNetwork network = FeatureNetwork.load(resolve(name), context.manager());
        FeatureNetworkSpec spec = network.spec();
        ModelShapes shapes = context.shapes();
        if (spec.inputChannels() != shapes.imageChannels() || spec.imageSize() != shapes.imageHeight()
                || spec.imageSize() != shapes.imageWidth()) {
            network.close();
            throw new FeatureNetworkException("feature network file " + network.file().orElseThrow() + " reads "
                    + spec.inputChannels() + "x" + spec.imageSize() + "x" + spec.imageSize() + " images; this "
                    + "model's images are " + shapes.imageChannels() + "x" + shapes.imageHeight() + "x"
                    + shapes.imageWidth() + " (channels x height x width)");
        }
        return new PerceptualLoss(network);
    }

    private static Path resolve(String name) {
        if (name.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), name.substring(2));
        }
        return Path.of(name);
    }
}
