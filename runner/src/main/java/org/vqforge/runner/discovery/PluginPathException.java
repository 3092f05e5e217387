package org.vqforge.runner.discovery;

/** An entry of {@code VQF_PLUGINS} that cannot be a plugin: missing, not a jar or folder, or without providers. */
public final class PluginPathException extends PluginException {

    private static final long serialVersionUID = 1L;

    PluginPathException(String message) {
        super(message, null);
    }
}
