package dev.baton.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the errors and warnings of one load. Files are ranked in the order they were registered (the
 * order of loading), so {@link #errors()} and {@link #warnings()} come out sorted by file, then line, then
 * the order in which they were found. Single-threaded.
 */
final class Diagnostics {
    private final Map<String, Integer> fileRank = new HashMap<>();
    private final List<ConfigError> errors = new ArrayList<>();
    private final List<ConfigError> warnings = new ArrayList<>();

    /** Declares the next file in loading order; a file seen again keeps its first rank. */
    void registerFile(final String file) {
        fileRank.putIfAbsent(file, fileRank.size());
    }

    /** Records an error; control characters of {@code message} are escaped, whichever token brought them. */
    void error(final SourceLocation where, final String message) {
        errors.add(new ConfigError(where, Messages.escapeControls(message)));
    }

    void warning(final SourceLocation where, final String message) {
        warnings.add(new ConfigError(where, Messages.escapeControls(message)));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    List<ConfigError> errors() {
        return sorted(errors);
    }

    List<ConfigError> warnings() {
        return sorted(warnings);
    }

    private List<ConfigError> sorted(final List<ConfigError> list) {
        final List<ConfigError> out = new ArrayList<>(list);
        // List.sort is stable: equal locations keep the order in which they were found.
        out.sort(Comparator.<ConfigError>comparingInt(e -> rank(e.where().file()))
            .thenComparing(e -> e.where().file())
            .thenComparingInt(e -> e.where().line()));
        return out;
    }

    private int rank(final String file) {
        return fileRank.getOrDefault(file, Integer.MAX_VALUE);
    }
}
