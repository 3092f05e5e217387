package org.vqforge.runner.discovery;

import java.util.List;
import java.util.Optional;

/** No plugin of the extension point has the name asked for. The message lists what there is. */
public final class UnknownPluginException extends PluginException {

    private final String point;
    private final String name;
    private final List<String> available;
    private final String suggestion;

    public UnknownPluginException(String point, String name, List<String> available) {
        this(point, name, List.copyOf(available), NearestName.among(name, available).orElse(null));
    }

    private UnknownPluginException(String point, String name, List<String> available, String suggestion) {
        super(message(point, name, available, suggestion), null);
        this.point = point;
        this.name = name;
        this.available = available;
        this.suggestion = suggestion;
    }

    private static String message(String point, String name, List<String> available, String suggestion) {
        if (available.isEmpty()) {
            return "unknown " + point + " '" + name + "'; no " + point + " plugins are installed";
        }
        return "unknown " + point + " '" + name + "'; "
                + (suggestion == null ? "" : "did you mean '" + suggestion + "'? ")
                + "available: " + String.join(", ", available);
    }

    public String point() {
        return point;
    }

    /** The name asked for. */
    public String name() {
        return name;
    }

    /** The names of the plugins there are, sorted. */
    public List<String> available() {
        return available;
    }

    /** The available name closest to the one asked for, if any is close enough to be a typo. */
    public Optional<String> suggestion() {
        return Optional.ofNullable(suggestion);
    }
}
