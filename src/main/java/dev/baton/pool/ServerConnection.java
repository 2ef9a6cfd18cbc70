package dev.baton.pool;

import dev.baton.backend.Server;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.io.SocketEndpoint;
import dev.baton.io.Selectable;
import dev.baton.log.RateLimit;
import dev.baton.reactor.HeavyStep;
import dev.baton.tls.TlsClientEndpoint;
import org.tinylog.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;

/**
 * A connection to a backend server that may outlive the stream it served: parked in its owner reactor's
 * idle or safe list, reused by a later stream, or taken over by another reactor.
 *
 * <p><b>Ownership.</b> {@link #owner} is the reactor whose selector has the channel registered and whose
 * thread alone does I/O on it. It changes only during a takeover, under the old owner's
 * {@code idleConnsLock}, while the connection is idle and unlinked.
 *
 * <p><b>Events.</b> The selection key's attachment is this object, not the endpoint. Each event first wins
 * {@link #running} by CAS (0 → 1), checks that the dispatching selector is the owner's, then calls the
 * current handler; a thief must win the same CAS under the owner's lock, so a connection is never taken
 * over while its owner is inside an event for it, and a stale event on the old selector (after a takeover)
 * drops itself (DESIGN.md §3, HAProxy's {@code running_mask}).
 *
 * <p><b>TLS</b> ({@code server ... ssl}): {@link #io()} is then a {@link TlsClientEndpoint} over the socket. The
 * handshake belongs to the connect: {@link #isConnected()} turns true once both are done, every event until then
 * reaches the stream as {@code OP_CONNECT} (its {@code timeout connect} bounds both), and a failed handshake fails
 * {@link #finishConnect} as a refused connect would. The name it sent ({@link #sni()}) is part of its identity in
 * the idle pool.
 *
 * <p><b>Pool state</b> (DESIGN.md rule 7): {@link #accounted} says in which server counter the connection
 * is counted as idle; {@link #list} says which list it is linked in. They are separate fields, changed
 * together only under the owner's lock, and tested separately.
 */
public final class ServerConnection implements Selectable {
    private static final RateLimit HANDSHAKE_FAILURE_LOG = new RateLimit(1_000_000_000L);
    static final int NOT_ACCOUNTED = 0;
    static final int ACCOUNTED_IDLE = 1;
    static final int ACCOUNTED_SAFE = 2;

    private final Server server;
    /** Its server's pool, or null for a server that does not pool ({@code mode tcp}). */
    private final ServerPool pool;
    private final SocketEndpoint endpoint;
    /** 0: free; {@link #OWNER_EVENT}: the owner is inside an event; {@link #THIEF}: a takeover is moving it. */
    final AtomicInteger running = new AtomicInteger();
    static final int OWNER_EVENT = 1;
    static final int THIEF = 2;
    volatile ReactorPool owner;

    // Guarded by owner's idleConnsLock while the connection is in the pool.
    IdleList list;
    ServerConnection prev;
    ServerConnection next;
    int accounted = NOT_ACCOUNTED;
    long idleSinceNs;

    // Owner thread only.
    /** Counted in its server's {@code currUsedConns} (in use and not private). */
    boolean countedUsed;
    private EndpointHandler handler;
    private int requestsServed;
    private boolean privateToSession;
    private boolean connected;
    private boolean closed;
    /** The PROXY protocol header this connection started with (it names one client), or null. */
    private byte[] proxyLine;
    /** The TLS layer over {@link #endpoint}, or null for a plain connection. */
    private TlsClientEndpoint tls;
    /** The TCP connect is done (for a TLS connection, whose {@link #connected} waits for the handshake too). */
    private boolean tcpConnected;
    /** The handshake's steps in the reactor's heavy slot ({@link #queueHandshakeStep}). Owner thread. */
    private final HeavyStep heavyHandshake = new HeavyStep(this::handshakeStep);
    /** Tells an idle TLS connection's pool of input the TLS layer had buffered (its redispatch). */
    private final EndpointHandler idleTlsEvents = (e, ops) -> idleRedispatch();

    public ServerConnection(final Server server, final ServerPool pool, final SocketEndpoint endpoint,
                            final ReactorPool owner) {
        this.server = server;
        this.pool = pool;
        this.endpoint = endpoint;
        this.owner = owner;
    }

    public Server server() {
        return server;
    }

    /** Its server's idle pool, or null when the server does not pool. */
    public ServerPool pool() {
        return pool;
    }

    /** The socket; plain bytes only for a plain connection (see {@link #io()}). */
    public SocketEndpoint endpoint() {
        return endpoint;
    }

    /** What the protocol reads and writes: the TLS layer of an {@code ssl} server's connection, else the socket. */
    public Endpoint io() {
        return tls != null ? tls : endpoint;
    }

    /** Puts {@code layer} over the socket, before the connect completes (the dialer does, once). Owner thread. */
    public void startTls(final TlsClientEndpoint layer) {
        tls = layer;
        layer.handler(idleTlsEvents);
    }

    /** The TLS layer, or null for a plain connection. */
    public TlsClientEndpoint tls() {
        return tls;
    }

    /** The server name (SNI) the connection sent, or null (none, or a plain connection). */
    public String sni() {
        return tls == null ? null : tls.sni();
    }

    /** Whether another reactor may adopt it now: a TLS connection holding buffers may not (they are its owner's). */
    boolean movable() {
        return tls == null || tls.holdsNoBuffer();
    }

    public ReactorPool owner() {
        return owner;
    }

    /** Who handles this connection's events from now on (null: the owner's pool, while idle). Owner thread. */
    public void handler(final EndpointHandler handler) {
        this.handler = handler;
        if (tls != null) {
            tls.handler(handler != null ? handler : idleTlsEvents);
            if (handler == null) {
                tls.releaseEmptyBuffers(); // parked: movable to a sibling unless bytes wait
            }
        }
    }

    /** True once the TCP connection is established (at once, or after {@link #finishConnect}). Owner thread. */
    public boolean isConnected() {
        return connected;
    }

    /** The TCP connect completed at once (the dialer). */
    void connected() {
        tcpConnected = true;
        connected = tls == null;
    }

    /**
     * Completes a connect in progress (the key reported OP_CONNECT, or, for TLS, any event of the handshake): true
     * once established, and reads are the interest from then on. IOException: the connect or the TLS handshake
     * failed. Owner thread.
     */
    public boolean finishConnect() throws IOException {
        if (connected) {
            return true;
        }
        if (!tcpConnected) {
            if (!endpoint.finishConnect()) {
                return false;
            }
            tcpConnected = true;
            if (tls == null) {
                connected = true;
                endpoint.interest(SelectionKey.OP_READ);
                return true;
            }
        }
        if (endpoint.hasPrefix()) { // a PROXY protocol header goes before the ClientHello
            endpoint.flushPrefix(0);
            if (endpoint.hasPrefix()) {
                endpoint.interest(SelectionKey.OP_WRITE);
                return false;
            }
        }
        try {
            connected = tls.handshake();
        } catch (final SSLException e) {
            if (HANDSHAKE_FAILURE_LOG.shouldLog(owner.reactor().nowNs())) {
                Logger.warn("{}/{}: SSL handshake failure: {} (logged at most once a second)",
                    server.backend() == null ? "-" : server.backend().name(), server.name(), reason(e));
            }
            throw e;
        }
        return connected;
    }

    /**
     * A readiness event during the TLS handshake: the step (the server's certificate checked, the key exchange) waits
     * for the reactor's heavy slot, one per loop turn (Reactor#queueHeavy), as the handshakes of binds do and as
     * HAProxy runs its outgoing handshakes as heavy tasklets too; the socket is not polled while the step waits past
     * this turn. Owner thread.
     */
    private void queueHandshakeStep(final ReactorPool o) {
        if (heavyHandshake.request(o.reactor())) {
            endpoint.interest(0);
        }
    }

    /** The queued step: tells the stream its connect may move on, unless the connection ended or changed hands. */
    private void handshakeStep() {
        if (!running.compareAndSet(0, OWNER_EVENT)) {
            return;
        }
        try {
            final EndpointHandler h = handler;
            if (closed || connected || h == null) {
                return; // closed (a connect timeout), or no longer this stream's
            }
            endpoint.interest(SelectionKey.OP_READ); // the handshake asks for more when it needs more
            h.onReady(tls, SelectionKey.OP_CONNECT);
        } finally {
            running.compareAndSet(OWNER_EVENT, 0);
        }
    }

    /** The deepest message of a handshake failure: the certificate check's own words when it failed. */
    private static String reason(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : e.toString();
    }

    /** Requests fully answered on this connection; from the second on it counts as safe. */
    public int requestsServed() {
        return requestsServed;
    }

    public void countServed() {
        requestsServed++;
    }

    /**
     * Starts the connection with {@code line} (read mode; not consumed), a PROXY protocol header: a copy is kept,
     * the endpoint sends it before anything else. Owner thread, before the first byte goes out.
     */
    public void startWithProxyLine(final ByteBuffer line) {
        final byte[] copy = new byte[line.remaining()];
        line.get(line.position(), copy);
        proxyLine = copy;
        endpoint.sendFirst(ByteBuffer.wrap(copy));
    }

    /** Whether the connection started with a PROXY protocol header (it then serves that client only). */
    public boolean carriesProxyLine() {
        return proxyLine != null;
    }

    /**
     * Whether it started with exactly {@code line} (a heap buffer in read mode, not consumed) as its PROXY header,
     * or with none when {@code line} is null. Allocation-free.
     */
    public boolean carriedProxyLine(final ByteBuffer line) {
        if (line == null || proxyLine == null) {
            return line == null && proxyLine == null;
        }
        final int from = line.arrayOffset() + line.position();
        return Arrays.equals(line.array(), from, from + line.remaining(), proxyLine, 0, proxyLine.length);
    }

    /** Private: belongs to one client session ({@code http-reuse never}, NTLM), never pooled. */
    public boolean isPrivate() {
        return privateToSession;
    }

    /**
     * From now on the connection serves its session only; one counted as used stops counting, as it would
     * never be parked or closed as a shared one (HAProxy's conn_set_private). Owner thread.
     */
    public void makePrivate() {
        privateToSession = true;
        uncountUsed();
    }

    /** Counts this connection among its server's used ones (srv_use_conn), once. Owner thread. */
    void countUsed() {
        if (!countedUsed && pool != null) {
            countedUsed = true;
            pool.useConnection();
        }
    }

    /**
     * Takes this connection out of its server's used connections if it is counted there: each connection is
     * uncounted once, whichever way it leaves use (parked, closed, made private). Owner thread.
     */
    void uncountUsed() {
        if (countedUsed) {
            countedUsed = false;
            pool.unuseConnection();
        }
    }

    /** True while linked in an idle or safe list (membership, not accounting). Under the owner's lock. */
    boolean isLinked() {
        return list != null;
    }

    @Override
    public void onSelected(final SelectionKey key, final int readyOps) {
        if (!running.compareAndSet(0, OWNER_EVENT)) {
            return; // being taken over right now: the new owner's selector will report readiness again
        }
        try {
            final ReactorPool o = owner;
            if (o == null || key.selector() != o.reactor().selector() || closed) {
                return; // a stale event from a selector that no longer owns the channel
            }
            final EndpointHandler h = handler;
            if (h == null) {
                o.onIdleEvent(this);
            } else if (tls != null) {
                if (connected) {
                    tls.onReady(endpoint, readyOps);
                } else if (tcpConnected) {
                    queueHandshakeStep(o); // the handshake may move on, as the reactor's heavy work
                } else {
                    h.onReady(tls, SelectionKey.OP_CONNECT); // the connect may be done
                }
            } else {
                final int ops = sendPrefix(readyOps);
                if (ops != 0) {
                    h.onReady(endpoint, ops);
                }
            }
        } finally {
            // Only our own hold: the handler may have parked the connection and released it already
            // (releaseOwnerHold), after which a thief may hold it.
            running.compareAndSet(OWNER_EVENT, 0);
        }
    }

    /**
     * The TLS layer of an idle connection holds input the socket will not announce again: handled as an idle event,
     * by the owner only and under the same running hold.
     */
    private void idleRedispatch() {
        if (!running.compareAndSet(0, OWNER_EVENT)) {
            return;
        }
        try {
            final ReactorPool o = owner;
            if (o != null && handler == null && !closed && o.reactor().inReactorThread()) {
                o.onIdleEvent(this);
            }
        } finally {
            running.compareAndSet(OWNER_EVENT, 0);
        }
    }

    /**
     * Sends what is left of a PROXY protocol header waiting to go first ({@link SocketEndpoint#sendFirst}) and
     * returns the ready operations the handler asked for. A failed write is left for the handler's own next I/O to
     * find, which fails the same way.
     */
    private int sendPrefix(final int readyOps) {
        if (!endpoint.hasPrefix()) {
            return readyOps;
        }
        try {
            return endpoint.flushPrefix(readyOps);
        } catch (final IOException e) {
            return readyOps;
        }
    }

    /**
     * The reactor that owned the channel's key moved it to a new selector (its selection kept failing). Like an
     * event, this holds {@link #running}: a sibling may be taking the connection over at this very moment (it
     * then holds running, or already owns the connection), and a connection no longer owned by the rebuilding
     * reactor drops the new key, which would otherwise keep reporting readiness to a reactor that must not touch
     * it; the new owner registers the channel with its own selector. Runs on the rebuilding reactor's thread,
     * which has installed {@code newKey}'s selector as its own already.
     */
    @Override
    public void rekeyed(final SelectionKey newKey) {
        if (!running.compareAndSet(0, OWNER_EVENT)) {
            newKey.cancel(); // a thief is moving it right now
            return;
        }
        try {
            final ReactorPool o = owner;
            if (o == null || newKey.selector() != o.reactor().selector()) {
                newKey.cancel(); // taken over before the rebuild: not ours any more
                return;
            }
            endpoint.rekeyed(newKey);
        } finally {
            running.compareAndSet(OWNER_EVENT, 0);
        }
    }

    /**
     * Owner thread, once the connection is linked in an idle list: ends the owner's event hold early, so
     * that a sibling may take it over at once rather than only after the handler returns (by then the
     * client may have its response and its next request may be on another reactor). A no-op outside an
     * event.
     */
    void releaseOwnerHold() {
        running.compareAndSet(OWNER_EVENT, 0);
    }

    /** Closes the socket once; owner thread. Pool accounting is the caller's business. */
    public void close() {
        if (!closed) {
            closed = true;
            io().close();
        }
    }

    /** Closes with RST (a connection killed while idle need not say goodbye). */
    public void abort() {
        if (!closed) {
            closed = true;
            io().abort();
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Registers on {@code pool}'s reactor's selector with this object as the attachment. That reactor's thread. */
    public void register(final ReactorPool pool, final int ops) throws java.nio.channels.ClosedChannelException {
        owner = pool;
        endpoint.register(pool.reactor(), ops, this);
    }

    /**
     * On {@code pool}'s thread, right after taking the connection over: cancels the old selector's key
     * (the one cross-thread call NIO allows on it) and registers with this reactor's selector for reads.
     * If this selector still holds a cancelled key for the channel (it owned the channel before and has
     * not selected since), a selectNow flushes it first; level-triggered readiness it drops is reported
     * again by the next select. That needs {@code pool}'s reactor outside its selection: the pool does not
     * take such a connection while its reactor dispatches events ({@code Takeover.canAdopt}).
     */
    void moveTo(final ReactorPool pool) throws IOException {
        if (tls != null) {
            tls.moveTo(pool.reactor(), pool.tlsBuffers(tls.recordSize()));
        }
        endpoint.cancelRegistration();
        try {
            register(pool, SelectionKey.OP_READ);
        } catch (final CancelledKeyException e) {
            pool.reactor().selector().selectNow(IGNORE);
            register(pool, SelectionKey.OP_READ);
        }
    }

    private static final java.util.function.Consumer<SelectionKey> IGNORE = key -> { };

    @Override
    public String toString() {
        return "server-connection[" + server + " served=" + requestsServed + " owner=" + owner + "]";
    }
}
