package dev.baton.config;

/**
 * Abandons the parsing of one configuration line. The parser that catches it records {@link #getMessage()}
 * as an error at that line's location and goes on with the next line, so one run reports every error.
 * Carries no stack trace: it is a parse outcome, not a fault.
 */
final class LineError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LineError(final String message) {
        super(message, null, false, false);
    }
}
