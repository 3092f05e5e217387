package org.vqforge.runner.provenance;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.vqforge.runner.train.TrainingListener;

/** Adds the provenance record to a training run: one more listener in the run's set. */
public final class ProvenanceModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), TrainingListener.class).addBinding().to(ProvenanceListener.class);
    }
}
