package org.vqforge.architectures.prior;

import java.util.List;
import org.vqforge.api.plugin.BuildContext;
import org.vqforge.api.plugin.ConfigProblem;
import org.vqforge.api.plugin.ModelShapes;
import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.Plugin;
import org.vqforge.api.prior.Prior;
import org.vqforge.api.prior.PriorProvider;
import org.vqforge.api.prior.TokenLayout;

/** The {@code pixelcnn} prior: a gated PixelCNN with masked convolutions over the latent grid. */
@Plugin(name = "pixelcnn", description = "Gated PixelCNN over the latent grid (masked convolutions, vertical and "
        + "horizontal stacks without blind spot, optional class bias)")
public final class PixelCnnPriorProvider implements PriorProvider {

    public static final String CHANNELS = "channels";
    public static final String LAYERS = "layers";
    public static final String KERNEL = "kernel";
    public static final String CLASS_DROPOUT = ClassCondition.DROPOUT.name();

    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(CHANNELS, 128, 2, null, "channels of the vertical and horizontal stacks")
            .integer(LAYERS, 8, 1, null, "gated layers; each widens the view by kernel / 2 rows and columns, so 8 "
                    + "layers of width 3 see every earlier position of a 7x7 grid")
            .integer(KERNEL, 3, 3, null, "width of the masked convolutions (odd)")
            .add(ClassCondition.DROPOUT)
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        int kernel = params.getInt(KERNEL);
        return kernel % 2 == 1 ? List.of()
                : List.of(new ConfigProblem(KERNEL, kernel + " is even; masked convolutions need an odd width"));
    }

    @Override
    public Prior create(Parameters params, TokenLayout layout, BuildContext context) {
        ConfigProblem.requireNone(check(params, context.shapes()));
        return new PixelCnnPrior(PixelCnnSpec.from(params), layout);
    }
}
