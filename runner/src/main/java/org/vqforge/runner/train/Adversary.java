package org.vqforge.runner.train;

import org.vqforge.api.loss.AdversarialLoss;
import org.vqforge.runner.config.AdversarialSpec;
import org.vqforge.runner.model.Discriminator;

/**
 * What a vqgan trains against.
 *
 * @param discriminator the network
 * @param loss the GAN objective
 * @param spec weights and schedule ({@code loss.adversarial})
 */
public record Adversary(Discriminator discriminator, AdversarialLoss loss, AdversarialSpec spec) {}
