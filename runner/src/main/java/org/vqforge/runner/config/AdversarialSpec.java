package org.vqforge.runner.config;

import org.vqforge.api.plugin.ParameterSchema;
import org.vqforge.api.plugin.Parameters;
import org.vqforge.api.plugin.PluginConfig;

/**
 * The {@code loss.adversarial} slot of a vqgan: the GAN objective plugin and how the runner
 * weighs and schedules it.
 *
 * @param loss the adversarial loss plugin
 * @param discWeight factor of the adaptive weight
 * @param discFactor factor of the adversarial terms, generator's and discriminator's
 * @param discStart the 0-based step from which the generator's adversarial term is on
 * @param trainDiscBeforeStart whether the discriminator trains before {@code discStart}
 */
public record AdversarialSpec(PluginConfig loss, double discWeight, double discFactor, long discStart,
        boolean trainDiscBeforeStart) {

    /** Keys of {@code loss.adversarial} that belong to the runner, beside the loss plugin's own. */
    public static final ParameterSchema KEYS = ParameterSchema.builder()
            .real("discWeight", 0.8, 0.0, null,
                    "factor of the adaptive weight ||grad rec|| / (||grad G_adv|| + 1e-4) at the decoder's output layer")
            .real("discFactor", 1.0, 0.0, null, "factor of the adversarial terms (generator and discriminator)")
            .integer("discStart", 0, 0, null, "step (0-based) from which the generator's adversarial term is on")
            .bool("trainDiscBeforeStart", false,
                    "train the discriminator from step 0; false freezes it until discStart (as taming does)")
            .build();

    /** The spec of the resolved slot: its plugin and the runner's {@link #KEYS}. */
    public static AdversarialSpec from(PluginConfig loss, Parameters keys) {
        return new AdversarialSpec(loss, keys.getDouble("discWeight"), keys.getDouble("discFactor"),
                keys.getInt("discStart"), keys.getBoolean("trainDiscBeforeStart"));
    }

    /** Whether the generator's adversarial term is on at the 0-based {@code step}. */
    public boolean generatorTermOn(long step) {
        return step >= discStart;
    }

    /** Whether the discriminator trains at the 0-based {@code step}. */
    public boolean discriminatorTrains(long step) {
        return trainDiscBeforeStart || step >= discStart;
    }
}
