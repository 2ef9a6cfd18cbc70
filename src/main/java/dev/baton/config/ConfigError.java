package dev.baton.config;

/** One problem found in the configuration, rendered as {@code FILE:LINE: message}. */
public record ConfigError(SourceLocation where, String message) {
    @Override
    public String toString() {
        return where + ": " + message;
    }
}
