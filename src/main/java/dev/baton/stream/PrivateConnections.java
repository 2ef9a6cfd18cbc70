package dev.baton.stream;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.counters.Counter;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.pool.ServerConnection;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * The server connections a client session owns ({@code http-reuse never}, NTLM or Negotiate, a PROXY protocol
 * header), parked between its requests: never in the reactor's idle lists, closed with the session. While parked
 * they are watched for reading, as their server may close them; this class is their handler then.
 *
 * <p>Made by a {@link ServerLeg} when it parks its first private connection: most sessions never have one. Owner
 * reactor's thread only; allocates nothing after it is made.
 */
final class PrivateConnections implements EndpointHandler {
    private final ServerConnection[] conns;
    private int count;

    /** Room for {@code max} parked connections ({@code max-session-srv-conns}). */
    PrivateConnections(final int max) {
        conns = new ServerConnection[max];
    }

    /** Parks {@code c}, or closes it when the session holds its maximum already or its server is disabled. */
    void park(final ServerConnection c) {
        if (count < conns.length && !c.server().isDisabled()) {
            conns[count++] = c;
            c.handler(this);
            c.io().interest(SelectionKey.OP_READ);
        } else {
            c.close();
        }
    }

    /** Whether a parked connection goes to {@code target}. */
    private boolean holds(final Server target) {
        for (int i = 0; i < count; i++) {
            if (conns[i].server() == target) {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes out a parked connection to {@code target} that carried {@code line} as its PROXY header (null: none)
     * and sent {@code sni} as its TLS server name (null: none); null when there is none.
     */
    ServerConnection take(final Server target, final ByteBuffer line, final String sni) {
        for (int i = 0; i < count; i++) {
            final ServerConnection c = conns[i];
            if (c.server() == target && c.carriedProxyLine(line) && java.util.Objects.equals(c.sni(), sni)) {
                conns[i] = conns[--count];
                conns[count] = null;
                return c;
            }
        }
        return null;
    }

    /**
     * The server the session keeps going to, its slot claimed and counted as selected on {@code reactorId}, or
     * null: the balancer picks. First HAProxy's SESS_FL_PREFER_LAST: once a server authenticated a connection of
     * this session (NTLM, Negotiate: {@code last}), the session keeps going to it while it holds that connection
     * parked and the server is usable. Else {@code option prefer-last-server} (HAProxy's PR_O_PREF_LAST, not for
     * hash balancing): the first usable server of {@code backend} to which a connection is parked. Shared idle
     * connections go back to the pool and so prefer nothing, as in HAProxy.
     */
    Server preferred(final Server last, final Backend backend, final int reactorId) {
        if (last != null && last.backend() == backend && last.isEligible() && holds(last) && last.tryAcquire()) {
            last.counters().increment(reactorId, Counter.SELECTED);
            return last;
        }
        if (count == 0 || !backend.config().extras().options().preferLastServer()
            || backend.config().balance().hashes()) {
            return null;
        }
        for (int i = 0; i < count; i++) {
            final Server s = conns[i].server();
            if (s.backend() == backend && s.isEligible() && s.tryAcquire()) {
                s.counters().increment(reactorId, Counter.SELECTED);
                return s;
            }
        }
        return null;
    }

    /** The session is over: every parked connection is closed. */
    void closeAll() {
        for (int i = 0; i < count; i++) {
            conns[i].close();
            conns[i] = null;
        }
        count = 0;
    }

    /** A parked connection woke up: its server closed it, or sent garbage. It is closed. */
    @Override
    public void onReady(final Endpoint endpoint, final int readyOps) {
        for (int i = 0; i < count; i++) {
            final ServerConnection c = conns[i];
            if (c.io() == endpoint) {
                conns[i] = conns[--count];
                conns[count] = null;
                c.abort();
                return;
            }
        }
    }
}
