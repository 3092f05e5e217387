package org.vqforge.runner.discovery;

/**
 * Two providers of one extension point claim the same name (compared case-insensitively). Thrown
 * when the registry is loaded: which one a config means would otherwise depend on class-path order.
 */
public final class DuplicatePluginException extends PluginException {

    private final String point;
    private final PluginEntry first;
    private final PluginEntry second;

    public DuplicatePluginException(String point, PluginEntry first, PluginEntry second) {
        super("two " + point + " plugins are named '" + first.name() + "': "
                + first.type().getName() + " from " + first.source() + " and "
                + second.type().getName() + " from " + second.source()
                + "; remove one of them from the class or module path", null);
        this.point = point;
        this.first = first;
        this.second = second;
    }

    public String point() {
        return point;
    }

    /** The provider found first. */
    public PluginEntry first() {
        return first;
    }

    /** The provider found second, with the same name. */
    public PluginEntry second() {
        return second;
    }
}
