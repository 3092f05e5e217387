package org.vqforge.architectures.prior;

import org.vqforge.api.plugin.Parameters;

/**
 * The sizes of a transformer prior.
 *
 * @param dim the width of every position's vector
 * @param layers decoder layers
 * @param heads attention heads per layer (dividing dim)
 * @param dropout residual and embedding dropout in training
 * @param classDropout probability of replacing the class by "no class" in training
 * @param rotary rotary positions instead of learned absolute ones
 */
record TransformerSpec(int dim, int layers, int heads, double dropout, double classDropout, boolean rotary) {

    static TransformerSpec from(Parameters params) {
        return new TransformerSpec(
                params.getInt(TransformerPriorProvider.DIM),
                params.getInt(TransformerPriorProvider.LAYERS),
                params.getInt(TransformerPriorProvider.HEADS),
                params.getDouble(TransformerPriorProvider.DROPOUT),
                params.getDouble(TransformerPriorProvider.CLASS_DROPOUT),
                params.getString(TransformerPriorProvider.POSITIONS).equals(TransformerPriorProvider.ROTARY));
    }
}
