package dev.baton.stream;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.Mode;
import dev.baton.counters.Counter;
import dev.baton.log.StreamLogFields;

/**
 * What a {@link ServerLeg}'s request (mode http) or stream (mode tcp) adds to its backend's and server's counters
 * when it ends, and the server side of its log line. Read from the leg's fields; owner reactor's thread only,
 * allocates nothing.
 */
final class LegFigures {
    private LegFigures() {
    }

    /** See {@link ServerLeg#countBytes}: the server counts them only when the leg reached it. */
    static void countBytes(final ServerLeg leg, final long in, final long out) {
        final int r = leg.reactor.id();
        final Backend backend = leg.backend;
        final Server server = leg.server;
        if (backend != null) {
            backend.counters().add(r, Counter.BYTES_IN, in);
            backend.counters().add(r, Counter.BYTES_OUT, out);
        }
        if (server != null && leg.reachedServer) {
            server.counters().add(r, Counter.BYTES_IN, in);
            server.counters().add(r, Counter.BYTES_OUT, out);
        }
    }

    /**
     * See {@link ServerLeg#countTimes}: HAProxy's {@code stream_update_time_stats}. In mode http the backend counts
     * the request first (its {@code cum_req}, counted at the end of every request that reached it). Then only a
     * stream that connected and, in mode http, got its response head ({@code responded}) gives its wait (Tw) as a
     * sample to the server it used and to the backend; their windows are their request counts ({@link
     * Counter#REQUESTS} in mode http, {@link Counter#SELECTED} in mode tcp: HAProxy's {@code cum_req} and
     * {@code cum_lbconn}).
     */
    static void countTimes(final ServerLeg leg, final boolean responded, final long responseMs, final long totalMs) {
        final Backend backend = leg.backend;
        if (backend == null) {
            return;
        }
        final boolean http = backend.config().mode() == Mode.HTTP;
        if (http) {
            backend.counters().increment(leg.reactor.id(), Counter.REQUESTS);
        }
        final long connectMs = leg.connectMs;
        if (connectMs < 0 || !responded) {
            return;
        }
        final Counter window = http ? Counter.REQUESTS : Counter.SELECTED;
        final long waitMs = leg.wait.waitMs();
        final Server server = leg.server;
        if (server != null) {
            server.times().add(waitMs, connectMs, responseMs, totalMs, server.counters(), window);
        }
        backend.times().add(waitMs, connectMs, responseMs, totalMs, backend.counters(), window);
    }

    /** See {@link ServerLeg#fillLog}. */
    static void fillLog(final ServerLeg leg, final StreamLogFields l, final String backendName) {
        final Backend backend = leg.backend;
        final Server server = leg.server;
        l.backend = backend != null ? backend.name() : backendName;
        l.server = server != null ? server.name() : "<NOSRV>";
        l.connectMs = leg.connectMs;
        l.serverAddress = leg.peerAddress;
        l.backendSource = leg.sourceAddress;
        l.beconn = backend != null ? backend.currConns().get() : 0;
        l.srvconn = server != null ? server.currConns() : 0;
        l.retries = leg.retries;
        l.redispatched = leg.redispatched;
        leg.wait.fillLog(l);
    }

    /** See {@link ServerLeg#leftBeforeLog}. */
    static void leftBeforeLog(final ServerLeg leg, final StreamLogFields l) {
        if (leg.backend != null) {
            l.beconn = Math.max(0, l.beconn - 1);
        }
        if (leg.server != null) {
            l.srvconn = Math.max(0, l.srvconn - 1);
        }
    }
}
