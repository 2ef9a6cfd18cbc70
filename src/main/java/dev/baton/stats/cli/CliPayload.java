package dev.baton.stats.cli;

/**
 * HAProxy's multi-line command payload: a command line ending with {@code <<} is followed by lines of payload
 * (a PEM certificate for {@code set ssl cert}) up to an empty line. Collects them for one connection; reactor 0.
 */
final class CliPayload {
    /** The most payload one command may carry. */
    static final int MAX_BYTES = 1 << 20;

    private String line;
    private StringBuilder text;
    private boolean complete;

    /** Takes {@code input}: true when it belongs to a payload (its command line, a payload line or the end). */
    boolean take(final String input) {
        if (text == null || complete) {
            complete = false;
            text = null;
            if (!input.endsWith("<<")) {
                return false;
            }
            line = input.substring(0, input.length() - 2);
            text = new StringBuilder();
            return true;
        }
        if (input.isEmpty() || text.length() + input.length() > MAX_BYTES) {
            complete = true;
        } else {
            text.append(input).append('\n');
        }
        return true;
    }

    /** The payload ended (by an empty line): {@link #line} and {@link #text} may be run. */
    boolean complete() {
        return complete;
    }

    /** A payload is being collected. */
    boolean pending() {
        return text != null && !complete;
    }

    /** The command line, without its {@code <<}. */
    String line() {
        return line;
    }

    /** The payload's lines, each ending with a newline; forgets the payload. */
    String text() {
        final String out = text.toString();
        text = null;
        complete = false;
        return out;
    }
}
