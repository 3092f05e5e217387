package org.vqforge.runner.study;

import java.util.Map;
import org.vqforge.runner.config.Experiment;

/**
 * One run of a study: a combination of axis values and a seed, with its validated config.
 *
 * @param id unique name, also the run directory's name, e.g. {@code quantizer-vq_seed-0}
 * @param cell the combination without the seed, e.g. {@code quantizer-vq}; seeds of one cell are summarised together
 * @param labels axis name to value label, in axis order
 * @param seed the trial's {@code train.seed}
 * @param experiment the validated config
 */
public record Trial(String id, String cell, Map<String, String> labels, long seed, Experiment experiment) {

    public Trial {
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
    }
}
