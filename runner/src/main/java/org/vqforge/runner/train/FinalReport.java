package org.vqforge.runner.train;

import java.io.IOException;

/**
 * What a model type writes into its run directory when a run completes (its evaluation, its image
 * grid) and says on the console. Bound by the model type's recipe; {@link FinalReportListener} calls it.
 */
public interface FinalReport {

    void write(TrainingSession session) throws IOException;
}
