package org.vqforge.runner.recipe;

import com.google.inject.Module;
import org.vqforge.runner.config.Experiment;
import org.vqforge.runner.config.ModelType;
import org.vqforge.runner.report.RunSections;
import org.vqforge.runner.report.TrainingCurves;

/**
 * A model type, whole: what it declares to the config ({@link ModelType}: sections, keys, plugin
 * slots) and how its experiments are built. Adding a model type is one recipe, registered in
 * {@link Recipes}, plus the training session it binds.
 */
public interface ModelRecipe extends ModelType {

    /**
     * Binds what this type's runs need beside the runner's bindings (backend, data, run directory,
     * listeners): its model, its training objective, the {@link org.vqforge.runner.train.Trainer}
     * that optimises them and the {@link org.vqforge.runner.train.FinalReport} of a completed run.
     */
    Module module(Experiment experiment);

    /**
     * What this type's runs show on their page, report.html, between its header and the evaluation
     * table and config every run's page has: by default the loss and metrics over steps
     * ({@link TrainingCurves}). Written when a run completes and by {@code vqf report}.
     */
    default RunSections pageSections() {
        return new TrainingCurves();
    }
}
