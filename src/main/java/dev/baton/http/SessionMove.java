package dev.baton.http;

import dev.baton.config.Mode;
import dev.baton.counters.Counter;
import dev.baton.listener.Frontend;

/**
 * Moves a keep-alive client to the configuration a reload published (docs/reload.md, issue 16): at its first request
 * since the reload, before anything of that request is read, the session takes the new configuration's frontend of
 * the same name (its rules, logs, timeouts, captures, limits) and goes on serving on the same connection. Where that
 * cannot be (the frontend is gone, is no longer {@code mode http}, or is full), the request is served on the
 * configuration the connection started with and answered with {@code Connection: close}, as HAProxy's old process
 * does. What the connection carried before stays: its {@code sess.*} variables, its TLS session, the server
 * connection it may own (reused only if the new configuration picks the same server). Reactor thread; runs once per
 * reload and connection, never on the steady path.
 */
final class SessionMove {
    private SessionMove() {
    }

    static void toCurrentConfiguration(final HttpSession s) {
        final Frontend from = s.frontend;
        final dev.baton.stats.StatsSource running = s.statsService.source();
        final Frontend to = running == null ? null : running.frontend(from.name()); // null: a test's rig
        if (to == null || to == from || to.config().mode() != Mode.HTTP || !s.limits.move(from, to)) {
            return; // stays superseded: this request is the last on the connection
        }
        from.counters().add(s.reactor.id(), Counter.BYTES_IN, s.client.bytesRead - s.clientBytesCounted);
        dev.baton.counters.ListenerCounters.add(s.socket, s.reactor.id(), Counter.BYTES_IN,
            s.client.bytesRead - s.clientBytesCounted);
        s.clientBytesCounted = s.client.bytesRead;
        to.counters().increment(s.reactor.id(), Counter.SESSIONS);
        s.frontend = to;
        s.fePolicy = to.config().http();
        s.httplog = HttpSession.logsPerRequest(to);
        s.captures = to.log().newCaptures();
        s.client.independent = to.config().extras().options().independentStreams();
        s.superseded = false;
        s.reactor.live().rejoined(s);
    }
}
