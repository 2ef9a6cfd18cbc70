package dev.baton.backend;

/**
 * What a server's last health check found, one immutable value published whole.
 *
 * @param status     its outcome ({@link CheckStatus#INI} before the first)
 * @param durationMs how long it took, -1 before the first
 * @param info       the error text HAProxy shows in {@code last_chk} and the log's "info" ("Connection refused"),
 *                   or null
 * @param code       the HTTP status of an HTTP check's response ({@code check_code}, the log's "code"), 0 if none
 */
public record CheckReport(CheckStatus status, long durationMs, String info, int code) {
    public static final CheckReport INITIAL = new CheckReport(CheckStatus.INI, -1, null);

    /** A report without an HTTP status (Layer 4). */
    public CheckReport(final CheckStatus status, final long durationMs, final String info) {
        this(status, durationMs, info, 0);
    }
}
