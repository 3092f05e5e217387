package org.vqforge.api.loss;

/**
 * A training objective. The two kinds take different inputs, so a loss implements one of the
 * sub-interfaces.
 */
public sealed interface Loss permits ReconstructionLoss, AdversarialLoss {}
