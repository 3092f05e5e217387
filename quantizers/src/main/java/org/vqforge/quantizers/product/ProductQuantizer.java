package org.vqforge.quantizers.product;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.util.List;
import java.util.function.Supplier;
import org.vqforge.api.quantizer.AbstractQuantizer;
import org.vqforge.api.quantizer.Quantizer;
import org.vqforge.api.quantizer.QuantizerOutput;
import org.vqforge.api.quantizer.StepInfo;
import org.vqforge.quantizers.common.LatentLayout;
import org.vqforge.quantizers.residual.ComposedOutput;

/**
 * Product (multi-head) quantization: the D channels are split into {@code heads} consecutive
 * groups of D / heads, each group is quantized by its own inner quantizer (or all by one shared
 * one), and the quantized groups are concatenated back in order. Each head keeps its inner
 * quantizer's gradient path; its loss terms are reported as "headI.TERM".
 *
 * <p>As a {@link ai.djl.nn.Block} its forward pass returns (quantized, indices, total loss); the
 * inner quantizers are its child blocks.
 */
public final class ProductQuantizer extends AbstractQuantizer {

    private static final byte VERSION = 1;

    private final int headDimension;
    private final int codebookSize;
    /** The quantizer of each head; one instance repeated when the codebook is shared. */
    private final List<Quantizer> heads;
    /** Index planes per head, as the inner quantizer declares them (and its outputs confirm). */
    private int planesPerHead;

    /**
     * @param dimension D, the channels of the latents
     * @param heads the number of heads; must divide D
     * @param sharedCodebook whether one inner quantizer serves every head
     * @param newInner builds one inner quantizer of dimension D / heads; called once per head, or
     *     once when shared
     */
    public ProductQuantizer(int dimension, int heads, boolean sharedCodebook, Supplier<Quantizer> newInner) {
        super(VERSION, dimension);
        if (dimension < 1 || heads < 1 || dimension % heads != 0) {
            throw new IllegalArgumentException("heads must divide the dimension; got dimension " + dimension
                    + ", heads " + heads);
        }
        this.headDimension = dimension / heads;
        this.heads = ComposedOutput.newParts("head", heads, sharedCodebook, headDimension, newInner,
                this::addChildBlock);
        this.codebookSize = this.heads.get(0).codebookSize();
        this.planesPerHead = ComposedOutput.declaredPlanes(this.heads.get(0), headDimension);
    }


    /** The number of heads. */
    public int heads() {
        return heads.size();
    }

    /** The channels of each head, D / heads. */
    public int headDimension() {
        return headDimension;
    }

    /** The quantizer of head {@code head} (the same one for every head when shared). */
    public Quantizer head(int head) {
        return heads.get(head);
    }

    @Override
    public int codebookSize() {
        return codebookSize;
    }

    @Override
    public QuantizerOutput quantize(NDArray latents, StepInfo step) {
        LatentLayout.requireLatents(latents, dimension);
        ComposedOutput composed = new ComposedOutput("head");
        NDList parts = latents.split(heads.size(), 1);
        NDList quantized = new NDList();
        for (int h = 0; h < heads.size(); h++) {
            QuantizerOutput out = heads.get(h).quantize(parts.get(h), step);
            composed.add(out);
            quantized.add(out.quantized());
        }
        planesPerHead = composed.planesPerPart();
        NDArray joined = heads.size() == 1 ? quantized.get(0) : NDArrays.concat(quantized, 1);
        return composed.build(joined, codebookSize);
    }

    /**
     * Each head's codes, concatenated on the channel axis.
     *
     * @param indices (B, heads, H, W), int32 or int64
     */
    @Override
    public NDArray lookup(NDArray indices) {
        Shape s = indices.getShape();
        if (s.dimension() != 4 || s.get(1) != (long) heads.size() * planesPerHead) {
            throw new IllegalArgumentException("expected indices (B, " + heads.size() * planesPerHead
                    + ", H, W), got " + s);
        }
        NDList codes = new NDList();
        for (int h = 0; h < heads.size(); h++) {
            codes.add(heads.get(h).lookup(ComposedOutput.part(indices, h, planesPerHead)));
        }
        return heads.size() == 1 ? codes.get(0) : NDArrays.concat(codes, 1);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape latents = inputShapes[0];
        Shape head = new Shape(latents.get(0), headDimension, latents.get(2), latents.get(3));
        for (Block child : getChildren().values()) {
            child.initialize(manager, dataType, head);
        }
    }

    /** (B, heads * planes of one head, H, W). */
    @Override
    public Shape indexShape(Shape latents) {
        Shape head = new Shape(latents.get(0), headDimension, latents.get(2), latents.get(3));
        return ComposedOutput.combinedShape(heads.get(0).indexShape(head), heads.size());
    }
}
