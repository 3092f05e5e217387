package org.vqforge.runner.prior;

import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.PluginConfig;
import org.vqforge.runner.config.Experiment;

/**
 * The {@code model} section of a prior (and its optimiser's extra train key).
 *
 * @param tokenizer the stage-1 run directory whose codes the prior models
 * @param tokens a token file of the tokenizer's training split; empty to encode on the fly
 * @param conditional whether the prior is conditioned on the dataset's labels
 * @param prior the prior plugin
 * @param weightDecay AdamW's decoupled weight decay ({@code train.weightDecay})
 */
public record PriorSpec(String tokenizer, String tokens, boolean conditional, PluginConfig prior, double weightDecay) {

    public static final String SLOT = "model.prior";

    /** The runner's keys of a prior's {@code model} section (beside its slot). */
    public static final ParameterSchema SCHEMA = ParameterSchema.builder()
            .string("tokenizer", "", "the stage-1 run directory (a trained vqvae or vqgan) whose codes the prior "
                    + "models; checked by its config hash and checkpoint step")
            .string("tokens", "", "a token file of the tokenizer's training split (vqf encode RUN --split train); "
                    + "empty: encode the training images on the fly")
            .bool("conditional", true, "condition on the dataset's labels (sampling by class, classifier-free "
                    + "guidance with the plugin's class dropout)")
            .build();

    /** AdamW (GPT-2's betas) for a prior's train section. */
    public static final ParameterSchema OPTIMIZER = ParameterSchema.builder()
            .realBelow("beta1", 0.9, 0.0, 1.0, "Adam's first-moment decay")
            .realBelow("beta2", 0.95, 0.0, 1.0, "Adam's second-moment decay (0.95 as GPT-2 for transformers)")
            .real("weightDecay", 0.01, 0.0, 1.0, "AdamW's decoupled weight decay per step, times the learning rate")
            .build();

    public static PriorSpec from(Experiment experiment) {
        var model = experiment.values().keys("model");
        return new PriorSpec(model.getString("tokenizer"), model.getString("tokens"), model.getBoolean("conditional"),
                experiment.values().plugin(SLOT), experiment.values().keys("train").getDouble("weightDecay"));
    }
}
