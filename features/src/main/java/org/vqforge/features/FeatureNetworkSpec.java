package org.vqforge.features;

import java.util.List;

/**
 * The shape of a {@link FeatureNetwork}: everything needed to rebuild it before its parameters are
 * loaded.
 *
 * <p>Stage {@code l} is a 3x3 convolution (padding 1) to {@code stageChannels.get(l)} channels
 * followed by a ReLU; every stage after the first starts with a 2x2 max pooling of stride 2, so
 * stage {@code l} works at {@code floor(imageSize / 2^l)} pixels square (VGG's pattern, the
 * network LPIPS measures through).
 *
 * @param inputChannels channels of the images it reads (1 for Fashion-MNIST)
 * @param imageSize the height and width of the images it reads
 * @param stageChannels output channels of each stage, at least one stage
 * @param classes 0 for no classifier head; otherwise global average pooling of the last stage
 *     followed by a linear layer to this many logits
 */
public record FeatureNetworkSpec(int inputChannels, int imageSize, List<Integer> stageChannels, int classes) {

    public FeatureNetworkSpec {
        stageChannels = List.copyOf(stageChannels);
        if (inputChannels < 1) {
            throw new IllegalArgumentException("inputChannels must be at least 1, got " + inputChannels);
        }
        if (stageChannels.isEmpty()) {
            throw new IllegalArgumentException("a feature network needs at least one stage");
        }
        for (int c : stageChannels) {
            if (c < 1) {
                throw new IllegalArgumentException("stage channels must be at least 1, got " + stageChannels);
            }
        }
        if (classes < 0) {
            throw new IllegalArgumentException("classes must be 0 (no head) or more, got " + classes);
        }
        int last = stageChannels.size() - 1;
        if (imageSize < 1 || (imageSize >> last) < 1) {
            throw new IllegalArgumentException("imageSize " + imageSize + " is too small for "
                    + stageChannels.size() + " stages: the last stage would have no pixels (needs at least "
                    + (1 << last) + ")");
        }
    }

    /** The number of stages. */
    public int stages() {
        return stageChannels.size();
    }

    /** Channels of the embedding: those of the last stage. */
    public int embeddingSize() {
        return stageChannels.get(stageChannels.size() - 1);
    }

    /** Height and width of stage {@code stage}'s activations. */
    public int featureSize(int stage) {
        return imageSize >> stage;
    }

    /** Whether the network ends in a classifier head. */
    public boolean hasClassifier() {
        return classes > 0;
    }
}
