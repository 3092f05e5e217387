package org.vqforge.runner.discovery;

/** A provider was found but could not be instantiated: its constructor or static initialiser threw. */
public final class BrokenPluginException extends PluginException {

    private final String point;
    private final PluginEntry entry;

    public BrokenPluginException(String point, PluginEntry entry, Throwable cause) {
        super(point + " plugin '" + entry.name() + "' (" + entry.type().getName() + " from "
                + entry.source() + ") could not be created: " + describe(cause), cause);
        this.point = point;
        this.entry = entry;
    }

    public String point() {
        return point;
    }

    /** The provider that failed. */
    public PluginEntry entry() {
        return entry;
    }

    static String describe(Throwable cause) {
        if (cause == null) {
            return "no cause given";
        }
        String message = cause.getMessage();
        return cause.getClass().getName() + (message == null ? "" : ": " + message);
    }
}
