package dev.baton.backend;

/**
 * What a server's last health check found, one immutable value published whole.
 *
 * @param status     its outcome ({@link CheckStatus#INI} before the first)
 * @param durationMs how long it took, -1 before the first
 * @param info       the error text HAProxy shows in {@code last_chk} and the log's "info" ("Connection refused"),
 *                   or null
 */
public record CheckReport(CheckStatus status, long durationMs, String info) {
    public static final CheckReport INITIAL = new CheckReport(CheckStatus.INI, -1, null);
}
