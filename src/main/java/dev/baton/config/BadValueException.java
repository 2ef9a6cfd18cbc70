package dev.baton.config;

/**
 * A value parser ({@link Durations}, {@link Sizes}, {@link Numbers}) refused its input. The message says
 * what was expected ("a time such as 30s") without naming the keyword, so the caller can render
 * {@code 'KW' expects DESCRIPTION, got 'VALUE'}.
 */
final class BadValueException extends Exception {
    private static final long serialVersionUID = 1L;

    BadValueException(final String expected) {
        super(expected, null, false, false);
    }

    /** What the parser expected, e.g. "a positive integer". */
    String expected() {
        return getMessage();
    }
}
