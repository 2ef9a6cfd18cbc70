package dev.baton.http.rules;

/**
 * {@code set-log-level LEVEL|silent}: the request's traffic log line goes out at syslog severity {@code level}
 * (0 emerg .. 7 debug) instead of info (or err under {@code option log-separate-errors}), or not at all
 * ({@link #SILENT}), as HAProxy's stream log level. A later matching rule replaces it. Either side.
 */
public record LogLevelRule(int level, Condition condition) implements HttpRule {
    /** The level of {@code silent}: no line. */
    public static final int SILENT = -1;

    public LogLevelRule {
        if (level < SILENT || level > 7) {
            throw new IllegalArgumentException("not a syslog severity: " + level);
        }
    }

    @Override
    public Kind kind() {
        return Kind.SET_LOG_LEVEL;
    }
}
