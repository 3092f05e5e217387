package org.vqforge.api.plugin;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a provider class. The runner reads it from the class found by {@link
 * java.util.ServiceLoader} without instantiating the provider, so listing plugins is cheap and a
 * provider that fails to construct still shows up by name in the error.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Plugin {

    /** Pattern every plugin name must match (compared case-insensitively). */
    String NAME_PATTERN = "^[a-zA-Z][a-zA-Z0-9_-]*$";

    /** The stable name users write in configs, e.g. {@code vq}. */
    String name();

    /** One line saying what the plugin does. */
    String description();
}
