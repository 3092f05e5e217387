package org.vqforge.api.architecture;

/**
 * The networks a tokenizer model is assembled from. One architecture plugin may serve several
 * roles. Stage-2 priors over code indices are not a role here: they have their own extension
 * point, {@link org.vqforge.api.prior.PriorProvider} (slot {@code model.prior}).
 */
public enum NetworkRole {
    /** Images (B, C, H, W) to latents (B, latentChannels, h, w). */
    ENCODER,
    /** Latents (B, latentChannels, h, w) to images (B, C, H, W). Its last parameter named {@code weight} is the output layer's. */
    DECODER,
    /** Images to real/fake logits (patch logits for PatchGAN). */
    DISCRIMINATOR
}
