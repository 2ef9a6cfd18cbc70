package dev.baton.tcp;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.StickServerRules;
import dev.baton.io.Endpoint;
import dev.baton.listener.ConnectionView;
import dev.baton.listener.Frontend;
import dev.baton.stream.ServerLeg;
import dev.baton.stream.StickPersistence;

/**
 * The stick table work of a mode tcp stream: its backend's {@code stick on|match|store-request} rules, run as the
 * stream goes to it on the connection (and the bytes the content rules inspected, when they did), a server found in
 * a table assigned to the leg; and its bytes counted in the entries it tracks when it ends. Reactor thread of the
 * stream.
 */
final class StickRouting {
    private StickRouting() {
    }

    /**
     * Runs {@code backend}'s request-side stick rules for {@code client} (its {@code inspected} bytes, may be null),
     * assigning the server they find to {@code leg} (after {@code leg.begin}); the keys to store once connected, or
     * null when the backend has no stick rules.
     */
    static StickPersistence route(final Frontend frontend, final Backend backend, final Endpoint client,
                                  final TcpInspection inspected, final ServerLeg leg) {
        final StickServerRules rules = backend.config().extras().stickRules();
        if (rules.isEmpty()) {
            return null;
        }
        final StickPersistence stick = new StickPersistence();
        final ConnectionView view = inspected != null ? inspected : new ConnectionView(frontend, client);
        final Server found = stick.request(rules, frontend.stickTables(), backend, view, false, false);
        if (found != null) {
            leg.assign(found);
        }
        return stick;
    }

    /**
     * The server connection is up (and the response rules, if any, accepted its first bytes): the
     * {@code stick store-response} rules read {@code response} (the server's bytes when they were inspected), then
     * every kept key stores the server.
     */
    static void store(final StickPersistence stick, final Frontend frontend, final Backend backend,
                      final ConnectionView response, final ServerLeg leg) {
        stick.response(backend.config().extras().stickRules(), frontend.stickTables(), response);
        stick.store(leg.server());
    }

    /**
     * {@code in} more bytes came from the client of {@code client}'s stream and {@code out} more went to it: they count
     * in the entries its connection and stream track (at the stream's end, before they are let go, and on the way
     * with {@code option contstats}).
     */
    static void countBytes(final Endpoint client, final long in, final long out) {
        if (client.connectionCounters() != null) {
            client.connectionCounters().bytes(in, out);
        }
    }
}
