package org.vqforge.runner.train;

/** A loss became NaN or infinite; training stops and keeps the last good checkpoint. */
public class NonFiniteLossException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NonFiniteLossException(String loss, long step, double value) {
        super("loss '" + loss + "' is " + value + " at step " + step
                + "; training stopped, the last good checkpoint is kept");
    }
}
