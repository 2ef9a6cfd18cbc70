package dev.baton.stream;

import dev.baton.backend.Observed;
import dev.baton.backend.Server;
import dev.baton.config.HttpReuse;
import dev.baton.config.SendProxy;
import dev.baton.counters.Counter;
import dev.baton.io.Endpoint;
import dev.baton.pool.ServerConnection;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One attempt of a {@link ServerLeg} at a connection to its chosen server (a private connection parked in the
 * session, one the reactor's pool gives, or a new one) and what an attempt leaves on the leg: the connection in
 * use, whether it was reused, Tc, the connection's addresses for the log, and on failure the connect error counted
 * with HAProxy's termination cause. Retries and redispatch stay with the leg. Reads and writes the leg's
 * package-private fields; owner reactor's thread only; allocates nothing (the PROXY header's is
 * {@link LegProxyHeader}'s).
 */
final class LegAttempt {
    private LegAttempt() {
    }

    /**
     * One attempt: a private, pooled or new connection: {@link ServerLeg#CONNECTED}, {@link ServerLeg#CONNECTING}
     * or {@link ServerLeg#FAILED}. A failure is counted and dropped. With a PROXY protocol header to send, only a
     * private connection that carried the same header is reused, and a new one is private in mode http
     * ({@code reuse} given) and starts with the header.
     */
    static int attempt(final ServerLeg leg, final boolean firstRequest, final HttpReuse reuse) {
        final Server server = leg.server;
        final SendProxy sp = server.config().sendProxy();
        final ByteBuffer line = sp.enabled() ? LegProxyHeader.write(leg, sp) : null;
        final String sni = server.tls() == null ? null
            : server.tls().serverName(leg.stream.requestOut(), leg.stream.requestOutStart(), leg.client);
        ServerConnection c = leg.privates == null ? null : leg.privates.take(server, line, sni);
        if (c == null) {
            try {
                c = leg.pool.acquire(server, firstRequest, line != null && reuse != null ? HttpReuse.NEVER : reuse,
                    leg.clientPort, sni);
            } catch (final IOException e) {
                leg.count(Counter.CONNECTS);
                return connectError(leg, 'S');
            }
            if (c == null) {
                return connectError(leg, 'R'); // no socket: a resource failure, retried as any other
            }
        }
        leg.conn = c;
        c.handler(leg.stream);
        if (line != null && c.requestsServed() == 0 && !c.carriesProxyLine()) {
            c.startWithProxyLine(line);
        }
        noteAddresses(leg);
        if (c.requestsServed() > 0) {
            leg.reused = true;
            leg.connectMs = 0;
            leg.reachedServer = true;
            leg.count(Counter.REUSES);
            leg.observe(Observed.L4_OK);
            return ServerLeg.CONNECTED;
        }
        leg.reused = false;
        leg.connectStartNs = leg.reactor.nowNs();
        leg.count(Counter.CONNECTS);
        if (c.isConnected()) {
            if (!LegProxyHeader.send(c)) {
                return headerFailed(leg);
            }
            established(leg);
            return ServerLeg.CONNECTED;
        }
        if (c.tls() != null) {
            try {
                if (c.finishConnect()) { // connected at once: the ClientHello goes now (after a PROXY header)
                    established(leg);
                    return ServerLeg.CONNECTED;
                }
            } catch (final IOException e) {
                return headerFailed(leg);
            }
        }
        return ServerLeg.CONNECTING;
    }

    /**
     * Writing the PROXY header, or the first TLS handshake step, failed at once: a connection error, retried as one
     * (HAProxy's CO_FL_ERROR).
     */
    private static int headerFailed(final ServerLeg leg) {
        connectError(leg, 'S');
        leg.dropConnection(true);
        return ServerLeg.FAILED;
    }

    /**
     * An attempt failed with {@code cause} in the connect state: counted as a connect error of the backend and the
     * server, and reported to the server's passive analysis, as HAProxy, which blames every failed attempt on it.
     * Returns {@link ServerLeg#FAILED}.
     */
    static int connectError(final ServerLeg leg, final char cause) {
        leg.count(Counter.CONNECT_ERRORS);
        leg.observe(Observed.L4_ERR);
        leg.failCause = cause;
        leg.failState = 'C';
        return ServerLeg.FAILED;
    }

    /** The connection in use is established: its addresses, Tc and a passive L4 success are noted. */
    static void established(final ServerLeg leg) {
        noteAddresses(leg);
        leg.connectMs = (leg.reactor.nowNs() - leg.connectStartNs) / 1_000_000L;
        leg.reachedServer = true;
        leg.observe(Observed.L4_OK);
    }

    private static void noteAddresses(final ServerLeg leg) {
        final Endpoint e = leg.endpoint();
        if (e != null) {
            leg.peerAddress = e.remoteAddress();
            leg.sourceAddress = e.localAddress();
        }
    }
}
