package org.vqforge.runner.config;

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

    /** Whether the generator's adversarial term is on at the 0-based {@code step}. */
    public boolean generatorTermOn(long step) {
        return step >= discStart;
    }

    /** Whether the discriminator trains at the 0-based {@code step}. */
    public boolean discriminatorTrains(long step) {
        return trainDiscBeforeStart || step >= discStart;
    }
}
