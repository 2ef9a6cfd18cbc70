package dev.baton.config;

import java.util.List;

/**
 * Thrown when a configuration has at least one error. Carries every error found in the run, in file
 * and line order, never only the first.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigError> errors;

    public ConfigException(final List<ConfigError> errors) {
        super(errors.size() + " configuration error(s), first: " + (errors.isEmpty() ? "-" : errors.get(0)));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
