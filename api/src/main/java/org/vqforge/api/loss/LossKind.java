package org.vqforge.api.loss;

/** Which sub-interface of {@link Loss} a provider builds, so configs can be checked before building. */
public enum LossKind {
    RECONSTRUCTION,
    ADVERSARIAL
}
