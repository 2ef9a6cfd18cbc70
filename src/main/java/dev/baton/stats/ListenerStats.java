package dev.baton.stats;

/**
 * One listening address of a frontend with {@code option socket-stats}: HAProxy's listener row ({@code type} 3).
 * Fields named after the {@code show stat} columns.
 *
 * @param name    svname: the bind's {@code name}, else {@code sock-ID}
 * @param sid     the listener id (HAProxy's luid: the bind's {@code id}, else numbered as HAProxy numbers them)
 * @param scur    clients of this address connected now
 * @param smax    most of them at once
 * @param slim    the bind's own {@code maxconn}, 0 without one
 * @param status  {@code OPEN}; {@code FULL} at its {@code maxconn}; {@code WAITING} while it waits for room under the
 *                frontend's or the process's limit
 * @param address the {@code addr} column: {@code IP:PORT}, {@code [IPv6]:PORT}, {@code unix}; "" when unknown
 * @param traffic its counters: {@code stot} its accepted connections, bytes, denials, errors, rewrites
 */
public record ListenerStats(String name, int sid, int scur, int smax, int slim, String status, String address,
                            TrafficTotals traffic) {
}
