package org.vqforge.api.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Validated parameter values of one plugin, defaults filled in. Obtained from {@link
 * ParameterSchema#resolve}; the getters fail loudly on a name the schema does not declare.
 */
public final class Parameters {

    private final Map<String, Object> values;

    Parameters(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Values by name, in schema order. */
    public Map<String, Object> asMap() {
        return values;
    }

    public int getInt(String name) {
        return ((Number) get(name)).intValue();
    }

    public double getDouble(String name) {
        return ((Number) get(name)).doubleValue();
    }

    public float getFloat(String name) {
        return ((Number) get(name)).floatValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) get(name);
    }

    public String getString(String name) {
        return get(name).toString();
    }

    @SuppressWarnings("unchecked")
    public List<Integer> getIntList(String name) {
        return (List<Integer>) get(name);
    }

    @SuppressWarnings("unchecked")
    public List<Double> getDoubleList(String name) {
        return (List<Double>) get(name);
    }

    /**
     * The nested plugin chosen for a {@link ParameterType#PLUGIN} parameter. The runner stores a
     * {@link PluginConfig} here once the nested parameters are resolved.
     */
    public PluginConfig getPlugin(String name) {
        Object v = get(name);
        if (v instanceof PluginConfig) {
            return (PluginConfig) v;
        }
        throw new IllegalStateException(name + " was not resolved to a plugin (got '" + v + "')");
    }

    /** A copy with one value replaced; used by the runner to store resolved nested plugins. */
    public Parameters with(String name, Object value) {
        get(name);
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new Parameters(copy);
    }

    private Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new NoSuchElementException("no parameter '" + name + "'; declared: " + values.keySet());
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters && ((Parameters) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
