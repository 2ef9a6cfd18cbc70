package dev.baton.sample;

/** A sample expression, argument or pattern refused at configuration load; the message says why, HAProxy's way. */
public final class SampleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SampleException(final String message) {
        super(message);
    }

    public SampleException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
