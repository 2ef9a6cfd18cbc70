package dev.baton.backend;

/**
 * The outcome of a server's last health check, as HAProxy names it in {@code show stat}'s {@code check_status}
 * column, with the description it gives in logs ("reason: ...") and in {@code check_desc}. Layer 4 only.
 */
public enum CheckStatus {
    /** No check has completed yet. */
    INI("Initializing", false),
    /** No socket could be opened for the check. */
    SOCKERR("Socket error", false),
    /** The TCP connection was established. */
    L4OK("Layer4 check passed", true),
    /** The connect did not complete within the check's timeout. */
    L4TOUT("Layer4 timeout", false),
    /** The connect failed: refused, unreachable, reset. */
    L4CON("Layer4 connection problem", false);

    private final String description;
    private final boolean passed;

    CheckStatus(final String description, final boolean passed) {
        this.description = description;
        this.passed = passed;
    }

    /** HAProxy's text for this status ({@code check_desc}, the log's "reason"). */
    public String description() {
        return description;
    }

    /** Whether the check counts as passed. */
    public boolean passed() {
        return passed;
    }
}
