package org.vqforge.runner.discovery;

/** Something wrong with the installed plugins or with a plugin name asked for. */
public abstract class PluginException extends RuntimeException {

    PluginException(String message, Throwable cause) {
        super(message, cause);
    }
}
