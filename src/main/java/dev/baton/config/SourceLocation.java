package dev.baton.config;

/**
 * Where a configuration element was written: file name as given on the command line and 1-based line.
 * Rendered as {@code FILE:LINE}, the prefix of every configuration diagnostic.
 */
public record SourceLocation(String file, int line) {
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
