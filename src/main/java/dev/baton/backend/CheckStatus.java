package dev.baton.backend;

/**
 * The outcome of a server's last health check, as HAProxy names it in {@code show stat}'s {@code check_status}
 * column, with the description it gives in logs ("reason: ...") and in {@code check_desc}. An agent check
 * reports {@link #L7OK} ("up"), {@link #L7STS} ("down", "stopped", "fail") or {@link #CHECKED} (no health word).
 * The Layer 6 ones are only reached through a tcp-check rule's {@code ok-status}, {@code error-status} or
 * {@code tout-status}.
 */
public enum CheckStatus {
    /** No check has completed yet. */
    INI("Initializing", false),
    /** The passive analysis of the traffic ({@code observe}) reached {@code error-limit}: counts as a failure. */
    HANA("Health analyze", false),
    /** An agent check whose reply announced no health (weight, admin state or nothing): HAProxy's CHECKED. */
    CHECKED("No status change", false),
    /** No socket could be opened for the check. */
    SOCKERR("Socket error", false),
    /** The TCP connection was established. */
    L4OK("Layer4 check passed", true),
    /** The connect did not complete within the check's timeout. */
    L4TOUT("Layer4 timeout", false),
    /** The connect failed: refused, unreachable, reset. */
    L4CON("Layer4 connection problem", false),
    /** A rule's {@code ok-status L6OK}. */
    L6OK("Layer6 check passed", true),
    /** A rule's {@code tout-status L6TOUT}. */
    L6TOUT("Layer6 timeout", false),
    /** A rule's {@code error-status L6RSP}. */
    L6RSP("Layer6 invalid response", false),
    /** The HTTP response matched the expectation (any 2xx or 3xx without {@code http-check expect}). */
    L7OK("Layer7 check passed", true),
    /** A 404 on a running server with {@code http-check disable-on-404}: passed, the server soft-stopped (NOLB). */
    L7OKC("Layer7 check conditionally passed", true),
    /** The response did not come within the check's timeout. */
    L7TOUT("Layer7 timeout", false),
    /** No valid HTTP response, or its content did not match a string expectation. */
    L7RSP("Layer7 invalid response", false),
    /** The response's status did not match the expectation. */
    L7STS("Layer7 wrong status", false),
    /** An external check's program exited with a status other than 0 (or could not be run). */
    PROCERR("External check error", false),
    /** An external check's program did not exit in time: it was sent SIGTERM. */
    PROCTOUT("External check timeout", false),
    /** An external check's program exited with 0. */
    PROCOK("External check passed", true);

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

    /**
     * Whether HAProxy shows the check's code with this status ({@code check_code}, {@code agent_code}, the log's
     * "code"): for the Layer 7 outcomes that carry data (L7OK, L7OKC, L7STS) and an external check's (its program's
     * exit status), even when the code is 0.
     */
    public boolean showsCode() {
        return this == L7OK || this == L7OKC || this == L7STS || this == PROCERR || this == PROCTOUT || this == PROCOK;
    }

    /** Whether the check counts as passed. */
    public boolean passed() {
        return passed;
    }
}
