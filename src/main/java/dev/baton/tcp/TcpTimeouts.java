package dev.baton.tcp;

/**
 * Which timeout of its frontend and backend applies to a {@link TcpStream}, and when it strikes. While the client's
 * content is inspected, and while connecting, {@code timeout client} (plus, while connecting, {@code timeout
 * connect} of each attempt); once established, {@code timeout tunnel} when set (inactivity in both directions), else
 * {@code timeout client} / {@code timeout server} (inactivity of that side: nothing read from or written to it); once
 * either direction is half-closed, {@code client-fin} / {@code server-fin}, when set, replace whichever applied on
 * their own side only (HAProxy's rule).
 *
 * <p>Timeouts are lazy (DESIGN.md rule 5): I/O only stamps the stream's {@code clientActivityNs} and
 * {@code serverActivityNs}; its one timer asks here, when it fires, whether a side expired and when to fire next.
 * Reads the stream's package-private fields; the stream's reactor thread only; allocates nothing.
 */
final class TcpTimeouts {
    private TcpTimeouts() {
    }

    /** Whether {@code timeout client} struck before the data phase (inspection, connect or queue). */
    static boolean clientExpired(final TcpStream s, final long nowNs) {
        final long clientMs = s.feTimeouts.clientMs();
        return clientMs > 0 && expired(s.clientActivityNs, clientMs, nowNs);
    }

    /** {@code d}, or the moment {@code timeout client} strikes before the data phase if earlier. */
    static long clientDeadlineNs(final TcpStream s, final long d) {
        final long clientMs = s.feTimeouts.clientMs();
        return clientMs > 0 ? Math.min(d, s.clientActivityNs + clientMs * 1_000_000L) : d;
    }

    /** Whether {@code timeout connect} struck the attempt that started at {@code connectStartNs}. */
    static boolean connectExpired(final TcpStream s, final long connectStartNs, final long nowNs) {
        final long connectMs = s.beTimeouts.connectMs();
        return connectMs > 0 && expired(connectStartNs, connectMs, nowNs);
    }

    /** {@code d}, or the moment {@code timeout connect} strikes the attempt started at {@code connectStartNs}. */
    static long connectDeadlineNs(final TcpStream s, final long connectStartNs, final long d) {
        final long connectMs = s.beTimeouts.connectMs();
        return connectMs > 0 ? Math.min(d, connectStartNs + connectMs * 1_000_000L) : d;
    }

    /**
     * Established: the side whose timeout struck, {@code 'c'} (the client's, or the tunnel's) or {@code 's'} (the
     * server's), as the log's termination cause; 0 when none did.
     */
    static char expiredSide(final TcpStream s, final long nowNs) {
        final boolean halfClosed = halfClosed(s);
        if (tunnelApplies(s, halfClosed)) {
            return expired(Math.max(s.clientActivityNs, s.serverActivityNs), tunnelMs(s), nowNs) ? 'c' : 0;
        }
        final long clientMs = clientTimeoutMs(s, halfClosed);
        if (clientMs > 0 && expired(s.clientActivityNs, clientMs, nowNs)) {
            return 'c';
        }
        final long serverMs = serverTimeoutMs(s, halfClosed);
        if (serverMs > 0 && expired(s.serverActivityNs, serverMs, nowNs)) {
            return 's';
        }
        return 0;
    }

    /** Established: {@code d}, or the earliest moment a timeout could strike given the current stamps. */
    static long dataDeadlineNs(final TcpStream s, final long d) {
        final boolean halfClosed = halfClosed(s);
        if (tunnelApplies(s, halfClosed)) {
            return Math.min(d, Math.max(s.clientActivityNs, s.serverActivityNs) + tunnelMs(s) * 1_000_000L);
        }
        long next = d;
        final long clientMs = clientTimeoutMs(s, halfClosed);
        if (clientMs > 0) {
            next = Math.min(next, s.clientActivityNs + clientMs * 1_000_000L);
        }
        final long serverMs = serverTimeoutMs(s, halfClosed);
        if (serverMs > 0) {
            next = Math.min(next, s.serverActivityNs + serverMs * 1_000_000L);
        }
        return next;
    }

    private static boolean expired(final long sinceNs, final long timeoutMs, final long nowNs) {
        return nowNs - (sinceNs + timeoutMs * 1_000_000L) >= 0;
    }

    private static boolean halfClosed(final TcpStream s) {
        return s.toServer.srcEnded() || (s.toClient != null && s.toClient.srcEnded());
    }

    /** {@code timeout tunnel}: the backend's, else the frontend's. */
    private static long tunnelMs(final TcpStream s) {
        return s.beTimeouts.tunnelMs() > 0 ? s.beTimeouts.tunnelMs() : s.feTimeouts.tunnelMs();
    }

    private static boolean tunnelApplies(final TcpStream s, final boolean halfClosed) {
        return tunnelMs(s) > 0 && !(halfClosed && (clientFinMs(s) > 0 || serverFinMs(s) > 0));
    }

    private static long clientFinMs(final TcpStream s) {
        return s.feTimeouts.clientFinMs();
    }

    private static long serverFinMs(final TcpStream s) {
        return s.beTimeouts.serverFinMs();
    }

    /**
     * The client side's limit when the tunnel timeout does not cover both directions: once half-closed,
     * {@code client-fin} if set; else the tunnel timeout if set (a fin timeout replaces it only on its own
     * side); else {@code timeout client}.
     */
    private static long clientTimeoutMs(final TcpStream s, final boolean halfClosed) {
        if (halfClosed && clientFinMs(s) > 0) {
            return clientFinMs(s);
        }
        return tunnelMs(s) > 0 ? tunnelMs(s) : s.feTimeouts.clientMs();
    }

    /** The server side's limit, as {@link #clientTimeoutMs} with {@code server-fin} and {@code timeout server}. */
    private static long serverTimeoutMs(final TcpStream s, final boolean halfClosed) {
        if (halfClosed && serverFinMs(s) > 0) {
            return serverFinMs(s);
        }
        return tunnelMs(s) > 0 ? tunnelMs(s) : s.beTimeouts.serverMs();
    }
}
