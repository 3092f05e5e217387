package org.vqforge.architectures.prior;

import java.util.ArrayList;
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

/**
 * The {@code transformer} prior: a decoder-only transformer with causal self-attention, pre-norm
 * layers, the class embedding as start token and a key/value cache for sampling.
 */
@Plugin(name = "transformer", description = "Decoder-only transformer over code indices (causal self-attention, "
        + "pre-norm, class embedding as start token, KV-cached sampling)")
public final class TransformerPriorProvider implements PriorProvider {

    public static final String DIM = "dim";
    public static final String LAYERS = "layers";
    public static final String HEADS = "heads";
    public static final String DROPOUT = "dropout";
    public static final String CLASS_DROPOUT = ClassCondition.DROPOUT.name();
    public static final String POSITIONS = "positions";
    public static final String LEARNED = "learned";
    public static final String ROTARY = "rotary";

    // Sized for Fashion-MNIST tokens (7x7 positions, 512 codes, 10 classes): 60,000 sequences of
    // 49 tokens are ~2.9M training tokens per epoch, and the prior should train in ~15 minutes on
    // two CPU cores; dim 256 x 4 layers (~3.4M weights, ~20 MFLOP per token forward and backward)
    // is the largest that leaves room for a few epochs there.
    private static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .integer(DIM, 256, 8, null, "width of each position's vector (256: big enough for 512 codes x 10 classes,"
                    + " small enough for a few epochs of Fashion-MNIST tokens in ~15 min on 2 CPU cores)")
            .integer(LAYERS, 4, 1, null, "decoder layers (4: 49-token sequences need little depth)")
            .integer(HEADS, 8, 1, null, "attention heads per layer; must divide dim (8 heads of 32 channels)")
            .realBelow(DROPOUT, 0.1, 0, 1, "dropout on embeddings and residual branches in training")
            .add(ClassCondition.DROPOUT)
            .choice(POSITIONS, LEARNED, List.of(LEARNED, ROTARY), "learned absolute position embeddings, or rotary "
                    + "positions on queries and keys (needs an even dim / heads)")
            .build();

    @Override
    public ParameterSchema schema() {
        return SCHEMA;
    }

    @Override
    public List<ConfigProblem> check(Parameters params, ModelShapes shapes) {
        TransformerSpec spec = TransformerSpec.from(params);
        List<ConfigProblem> problems = new ArrayList<>();
        if (spec.dim() % spec.heads() != 0) {
            problems.add(new ConfigProblem(HEADS, spec.heads() + " heads do not divide dim " + spec.dim()));
        } else if (spec.rotary() && (spec.dim() / spec.heads()) % 2 != 0) {
            problems.add(new ConfigProblem(POSITIONS, "rotary positions need an even head size, but dim / heads = "
                    + spec.dim() / spec.heads()));
        }
        return problems;
    }

    @Override
    public Prior create(Parameters params, TokenLayout layout, BuildContext context) {
        ConfigProblem.requireNone(check(params, context.shapes()));
        return new TransformerPrior(TransformerSpec.from(params), layout);
    }
}
