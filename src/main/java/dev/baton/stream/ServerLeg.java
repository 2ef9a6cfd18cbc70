package dev.baton.stream;

import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.backend.Observed;
import dev.baton.backend.Server;
import dev.baton.config.HttpReuse;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.log.LogCaptures;
import dev.baton.log.StreamLogFields;
import dev.baton.pool.ReactorPool;
import dev.baton.pool.ServerConnection;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.Reactor;
import dev.baton.counters.Counter;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The server side of one client stream, the same for {@code mode tcp} and {@code mode http}: pick a server
 * with the reactor's balancer (claiming a {@code maxconn} slot), get a connection for the request (one parked
 * in this session when private, one the reactor's pool gives as {@code http-reuse} allows, or a new one),
 * retry and redispatch failed attempts as {@code retries} and {@code option redispatch} say, and give the
 * connection back (parked here when private, to the pool when reusable, else closed). It keeps the counters,
 * HAProxy's termination state of a failed connect and the log fields that come with all this.
 *
 * <p>Life: {@link #begin} when a stream (tcp) or a request (http) is routed to a backend, {@link #start} (pick
 * and connect; then {@link #finishConnect} or {@link #connectTimedOut} while it is {@link #CONNECTING}), I/O on
 * {@link #endpoint()}, {@link #release} or {@link #dropConnection}, and {@link #finish} before the next
 * {@code begin}; {@link #end} when the client stream is over.
 *
 * <p><b>Queues</b> (docs/queues.md; the wait is {@link LegQueueWait}'s). When every usable server is full the leg
 * waits in the backend's queue ({@link #QUEUED}): the stream then waits for {@link Listener#onServerLegOutcome},
 * told from this reactor's {@link dev.baton.queue.QueueInbox} drain when a slot is handed over (the leg then
 * connects exactly as on the direct path: own pool, takeover, or a new connection) or when it must pick again; or
 * it calls {@link #queueTimedOut} at {@link #queueDeadlineNs()}; a client that leaves ends the wait in
 * {@link #finish}.
 *
 * <p><b>PROXY protocol</b> ({@code send-proxy}, {@code send-proxy-v2}, {@code proxy-v2-options}). A new
 * connection to such a server starts with the header naming this stream's client ({@link #clientEndpoint}), sent
 * before any other byte ({@link LegProxyHeader}). Such a connection names one client, so it is never shared: in
 * mode http it is private to this session (parked here between requests in {@link PrivateConnections}, closed with
 * it, never in the reactor's idle lists), and, as HAProxy 2.6, which puts the header into the reuse hash of the
 * connection, it serves a later request of the session only when that request's header would be the same bytes.
 *
 * <p>One connection attempt and what it leaves (the connection, Tc, addresses, a connect error) is
 * {@link LegAttempt}'s; the counters and log fields a request leaves are {@link LegFigures}'. The fields that are
 * not private are read and written by these helpers of the package, on the same thread.
 *
 * <p>Owner reactor's thread only; no allocation but its {@link LegQueueWait}, made with it, the
 * {@link PrivateConnections} on the first private connection parked, the queue entry on first wait and, for a
 * server sending the PROXY protocol, the header's buffer on first use and its copy kept by each new connection.
 */
public final class ServerLeg {
    /** The connection is established: bytes may flow. */
    public static final int CONNECTED = 0;
    /** A connect is in progress: wait for {@code OP_CONNECT}, within {@code timeout connect}. */
    public static final int CONNECTING = 1;
    /** Every attempt failed ({@link #failCause()}, {@link #failState()} tell how). */
    public static final int FAILED = 2;
    /** {@link #retry} only: no attempt is left. */
    public static final int NO_RETRY = 3;
    /** Every usable server is full: the stream waits in a queue; {@link Listener} hears how it ends. */
    public static final int QUEUED = 4;
    /** Internal: a server and its slot are held, the attempt may go on. */
    private static final int PICKED = 5;

    /** The stream a leg serves: its connection's events, and the outcome of a wait in a queue. */
    public interface Listener extends EndpointHandler {
        /**
         * Owner reactor's thread, from the queue inbox's drain (never inside another stream's call): the wait in a
         * queue ended by a hand-over or a redistribution, with this outcome, as {@link #connect}'s:
         * {@link #CONNECTED}, {@link #CONNECTING}, {@link #FAILED} or {@link #QUEUED} again (its deadline changed).
         */
        void onServerLegOutcome(int outcome);

        /**
         * The client and local addresses of the stream when rules changed them for it alone ({@code http-request
         * set-src}...), for a PROXY header; null: the client connection's. Owner reactor's thread.
         */
        default java.net.InetSocketAddress[] streamAddresses() {
            return null;
        }

        /**
         * The stream's {@code unique-id-format} id for a {@code proxy-v2-options unique-id} header, or null when it
         * has none yet (sent empty, as HAProxy without a format). Owner reactor's thread.
         */
        default LogCaptures uniqueIdHolder() {
            return null;
        }

        /**
         * The request as written for the server (fill mode, from {@link #requestOutStart()} to its position), where
         * a server's {@code sni req.hdr(NAME)} finds its name; null in mode tcp. Owner reactor's thread.
         */
        default ByteBuffer requestOut() {
            return null;
        }

        /** Where the request starts in {@link #requestOut()}. */
        default int requestOutStart() {
            return 0;
        }
    }

    final Reactor reactor;
    final ReactorPool pool;
    final Balancers balancers;
    final Listener stream;
    private final int maxPrivate;

    Backend backend;
    /** The stream's balancing key ({@code LoadBalancer#pick}): hash of its client address or request key. */
    private long balanceKey;
    /** The chosen server; its slot is held while non-null. */
    Server server;
    /** The server that authenticated a private connection of this session (NTLM), preferred from then on. */
    private Server lastServer;
    ServerConnection conn;
    boolean reused;
    /** The local port the client connected to: where a server that maps ports is reached (0: unknown). */
    int clientPort;
    boolean reachedServer;
    int retries;
    boolean redispatched;
    /** The server the request's persistence cookie names ({@link #assign}), null when the balancer picks. */
    private Server assigned;
    long connectStartNs;
    long connectMs = -1;
    /** The last server connection's addresses (the log's %si:%sp and %bi:%bp), kept after it is released. */
    java.net.InetSocketAddress peerAddress;
    java.net.InetSocketAddress sourceAddress;
    char failCause = 'S';
    char failState = 'C';

    /** Its wait in a queue and the log figures of it (Tw, queue positions). */
    final LegQueueWait wait;

    /** The client stream's endpoint, whose addresses a PROXY protocol header names; null until known. */
    Endpoint client;
    /** The PROXY protocol header of the current attempt, when its server sends one; made on first use. */
    ByteBuffer proxyLine;

    /** The session's parked private connections; made when the first is parked: most sessions never have one. */
    PrivateConnections privates;

    /**
     * The reactor's pool and balancers serve the leg; {@code stream} handles the events of the connection in use;
     * {@code maxPrivate} is how many private connections ({@code max-session-srv-conns}) the session may keep parked.
     */
    public ServerLeg(final Reactor reactor, final ReactorPool pool, final Balancers balancers,
                     final Listener stream, final int maxPrivate) {
        this.reactor = reactor;
        this.pool = pool;
        this.balancers = balancers;
        this.stream = stream;
        this.maxPrivate = Math.max(1, maxPrivate);
        this.wait = new LegQueueWait(this);
    }

    /** The client stream's endpoint (after its own PROXY header, if any), once, before the first {@link #begin}. */
    public void clientEndpoint(final Endpoint clientSide) {
        this.client = clientSide;
    }

    /** A stream or request is routed to {@code b}: counted there (beconn and its peak, stot) until {@link #finish}. */
    public void begin(final Backend b, final long key) {
        backend = b;
        balanceKey = key;
        b.enter();
        b.counters().increment(reactor.id(), Counter.SESSIONS);
        b.sessionRate().add(reactor.id(), reactor.nowNs());
        retries = 0;
        redispatched = false;
        assigned = null;
        connectMs = -1;
        reused = false;
        reachedServer = false;
        peerAddress = null;
        sourceAddress = null;
        failCause = 'S';
        failState = 'C';
        wait.begin(reactor.nowNs());
    }

    /**
     * Chooses a server, claims its slot and gets a connection to it: {@link #CONNECTED}, {@link #CONNECTING},
     * {@link #FAILED} (no usable server: {@code SC}; {@code maxqueue} reached: {@code SQ}) or {@link #QUEUED}.
     * {@code firstRequest}: the session's first, which {@code reuse} (null: never pooled) may keep off unproven
     * idle connections.
     */
    public int start(final boolean firstRequest, final HttpReuse reuse) {
        wait.pending(firstRequest, reuse);
        final int p = pick(null);
        return p == PICKED ? connect(firstRequest, reuse) : p;
    }

    /** {@code set-priority-class} and {@code set-priority-offset} of the request, before {@link #start}. */
    public void priority(final int priorityClass, final long priorityOffsetMs) {
        wait.priority(priorityClass, priorityOffsetMs);
    }

    /**
     * Before {@link #start}: the request goes to {@code server} (a persistence cookie named it; null: the balancer
     * picks), waiting in its queue when it is full, as HAProxy serves an assigned server; a redispatch leaves it.
     */
    public void assign(final Server server) {
        assigned = server;
    }

    /** Whether {@code option redispatch} moved the request off its first server. */
    public boolean redispatched() {
        return redispatched;
    }

    /** {@link #PICKED} (server and slot held), {@link #QUEUED}, or {@link #FAILED} with the cause set. */
    private int pick(final Server avoid) {
        if (avoid == null && assigned != null) {
            if (assigned.tryAcquire()) {
                return picked(assigned);
            }
            if (balancers.queueInbox() != null) {
                return wait.enqueue(assigned);
            }
        }
        Server s = avoid == null && privates != null ? privates.preferred(lastServer, backend, reactor.id()) : null;
        if (s == null) {
            s = balancers.pickAndAcquire(backend, balanceKey, avoid);
        }
        if (s != null) {
            return picked(s);
        }
        server = null;
        if (balancers.lastPickFull() && balancers.queueInbox() != null) {
            return wait.enqueue(balancers.lastBoundTo());
        }
        failCause = 'S';
        failState = 'C';
        return FAILED;
    }

    /** {@code s} is chosen, its slot held. */
    private int picked(final Server s) {
        server = s;
        s.counters().increment(reactor.id(), Counter.SESSIONS);
        s.sessionRate().add(reactor.id(), reactor.nowNs()); // also its lastsess (and its backend's)
        if (wait.waitMs() < 0) {
            wait.stampWait();
        }
        return PICKED;
    }

    /** The local port the client connected to (a server without a port, or with +N/-N, follows it). */
    public void clientPort(final int port) {
        this.clientPort = port;
    }

    /** A wait ended without a slot: the balancer picks again, and the leg connects to what it picked. */
    int pickAgain() {
        assigned = null; // requeued off its server: the balancer picks, as HAProxy clears SF_ASSIGNED
        final int p = pick(null);
        return p == PICKED ? wait.connectAfterWait() : p;
    }

    /**
     * {@code timeout queue} struck while {@link #QUEUED}: {@link #FAILED} with {@code sQ} (counted as a connect
     * error, as HAProxy does), or, when a slot or a requeue was handed over meanwhile, what comes of it.
     */
    public int queueTimedOut() {
        return wait.timedOut();
    }

    /**
     * Tw counts from {@code startNs} rather than from {@link #begin}: a mode tcp stream whose content was inspected
     * before its backend was known waited from its accept, as HAProxy counts it.
     */
    public void waitStartedAt(final long startNs) {
        wait.startedAt(startNs);
    }

    /** Tw of the current request: ms from {@link #begin} to holding a slot (or leaving the queue); -1 if never. */
    public long waitMs() {
        return wait.waitMs();
    }

    /** Whether the stream waits in a queue. */
    public boolean isQueued() {
        return wait.isQueued();
    }

    /** When {@code timeout queue} strikes the current wait, or {@link LazyTimer#NONE}. */
    public long queueDeadlineNs() {
        return wait.deadlineNs();
    }

    /**
     * Leaves the queue on the stream's own initiative (client gone, killed); a slot handed over meanwhile goes
     * back. Nothing when not queued; {@link #finish} calls it too.
     */
    public void leaveQueue() {
        wait.leave();
    }

    /**
     * Gets a connection to the picked server, retrying failed attempts: {@link #CONNECTED},
     * {@link #CONNECTING} or {@link #FAILED}. {@code firstRequest}: the session's first, which {@code reuse}
     * (null: never pooled) may keep off unproven idle connections.
     */
    public int connect(final boolean firstRequest, final HttpReuse reuse) {
        final int r = LegAttempt.attempt(this, firstRequest, reuse);
        return r == FAILED ? retryLoop(reuse, FAILED) : r;
    }

    /** The connect in progress may have completed ({@code OP_CONNECT}); retries if it failed. */
    public int finishConnect(final HttpReuse reuse) {
        try {
            if (!conn.finishConnect()) {
                return CONNECTING;
            }
        } catch (final IOException e) {
            return attemptFailed('S', reuse);
        }
        if (!LegProxyHeader.send(conn)) {
            return attemptFailed('S', reuse);
        }
        LegAttempt.established(this);
        return CONNECTED;
    }

    /** {@code timeout connect} struck the attempt in progress ({@code sC} if nothing else works). */
    public int connectTimedOut(final HttpReuse reuse) {
        return attemptFailed('s', reuse);
    }

    /**
     * Another attempt for the current request, after its connection died before any response ({@code retry-on}
     * allowed it; the caller dropped the connection): {@link #NO_RETRY} when {@code retries} are spent or no
     * server is left, else the outcome as for {@link #connect}.
     */
    public int retry(final HttpReuse reuse) {
        return retryLoop(reuse, NO_RETRY);
    }

    private int attemptFailed(final char cause, final HttpReuse reuse) {
        LegAttempt.connectError(this, cause);
        dropConnection(true);
        return retryLoop(reuse, FAILED);
    }

    private int retryLoop(final HttpReuse reuse, final int none) {
        int r = none;
        while (true) {
            final int next = nextAttempt();
            if (next == QUEUED) {
                wait.pending(false, reuse);
                return QUEUED;
            }
            if (next != PICKED) {
                return r;
            }
            r = LegAttempt.attempt(this, false, reuse);
            if (r != FAILED) {
                return r;
            }
        }
    }

    /**
     * Tells the chosen server's passive analysis ({@code observe}) what this stream saw of it: connect outcomes
     * here, HTTP outcomes from the HTTP forwarder. Allocates nothing.
     */
    public void observe(final Observed o) {
        if (server != null) {
            server.passive().report(o);
        }
    }

    /** Whether {@code retries} leave another attempt for this request (none made yet by this call). */
    public boolean mayRetry() {
        return server != null && retries < backend.config().retries();
    }

    /**
     * Whether another attempt may follow a failed one: {@code retries} left (counted), on the same server
     * ({@link #PICKED}), or on another when {@code option redispatch} applies to this retry ({@link #PICKED},
     * {@link #QUEUED} when every usable one is full, {@link #FAILED} when none is usable); {@link #FAILED} when no
     * retry is left.
     */
    private int nextAttempt() {
        final int max = backend.config().retries();
        if (retries >= max || server == null) {
            return FAILED;
        }
        retries++;
        count(Counter.RETRIES);
        if (backend.config().redispatch().appliesTo(retries, max)) {
            redispatched = true;
            count(Counter.REDISPATCHES);
            final Server failed = server;
            releaseSlot();
            return pick(failed);
        }
        return PICKED;
    }

    /**
     * NTLM or Negotiate authenticated the connection in use, not the request: it belongs to this session from
     * now on (HAProxy's conn_set_private), and its server is preferred for the session's next requests.
     */
    public void makePrivate() {
        conn.makePrivate();
        lastServer = server;
    }

    /**
     * The exchange on the current connection is over ({@code reusable}: the server keeps it alive and nothing
     * is left unread): a private one is parked in the session, a shared one offered to the pool; else closed.
     */
    public void release(final boolean reusable) {
        final ServerConnection c = conn;
        conn = null;
        c.countServed();
        if (c.isPrivate() && reusable) {
            if (privates == null) {
                privates = new PrivateConnections(maxPrivate);
            }
            privates.park(c);
        } else {
            pool.release(c, reusable);
        }
    }

    /** Drops the current connection, if any, after a failure ({@code abort}: RST) or at a tunnel's end (FIN). */
    public void dropConnection(final boolean abort) {
        final ServerConnection c = conn;
        if (c == null) {
            return;
        }
        conn = null;
        if (abort) {
            pool.discard(c);
        } else {
            pool.release(c, false);
        }
    }

    /**
     * The request (or tcp stream) is over: its wait in a queue ends, its server slot and its place in the backend
     * are given back.
     */
    public void finish() {
        leaveQueue();
        releaseSlot();
        if (backend != null) {
            backend.currConns().decrementAndGet();
            backend = null;
        }
    }

    /** The client stream is over: the connection in use is aborted, the parked private ones closed. */
    public void end() {
        dropConnection(true);
        finish();
        if (privates != null) {
            privates.closeAll();
        }
    }

    private void releaseSlot() {
        if (server != null) {
            server.release();
            server = null;
        }
    }

    // ------------------------------------------------------------------ figures

    /** Adds one to {@code counter} of the backend the stream was assigned to, if any. Reactor thread. */
    public void countOnBackend(final Counter counter) {
        if (backend != null) {
            backend.counters().increment(reactor.id(), counter);
        }
    }

    /** The backend the stream (request) is assigned to ({@link #begin}), or null. */
    public Backend assignedBackend() {
        return backend;
    }

    /** Tc of the stream's connection, -1 before it connected. */
    public long connectMs() {
        return connectMs;
    }

    /** Counts {@code counter} on the backend and, once one is chosen, the server. */
    public void count(final Counter counter) {
        if (backend != null) {
            backend.counters().increment(reactor.id(), counter);
        }
        if (server != null) {
            server.counters().increment(reactor.id(), counter);
        }
    }

    /** Adds a finished request's or stream's bytes to the backend and to the server it reached. */
    public void countBytes(final long in, final long out) {
        LegFigures.countBytes(this, in, out);
    }

    /**
     * The request (mode http) or stream (mode tcp) ends, before {@link #finish}: its queue (Tw), connect (Tc),
     * response ({@code responseMs}: Tr, 0 in mode tcp) and total ({@code totalMs}: Tt) times are counted on the
     * backend and the server, when it connected and, in mode http, got its response head ({@code responded}).
     */
    public void countTimes(final boolean responded, final long responseMs, final long totalMs) {
        LegFigures.countTimes(this, responded, responseMs, totalMs);
    }

    /** Fills the server-side log fields; {@code backendName} is logged when no backend was reached. */
    public void fillLog(final StreamLogFields l, final String backendName) {
        LegFigures.fillLog(this, l, backendName);
    }

    /**
     * The line of a stream that ended: HAProxy leaves the backend and the server before it logs, so its
     * {@code %bc} and {@code %sc} no longer count this stream (an early {@code logasap} line still does).
     */
    public void leftBeforeLog(final StreamLogFields l) {
        LegFigures.leftBeforeLog(this, l);
    }

    /** The connection in use, or null. */
    public Endpoint endpoint() {
        return conn == null ? null : conn.io();
    }

    public boolean hasConnection() {
        return conn != null;
    }

    /** True while the connection in use is established. */
    public boolean isConnected() {
        return conn != null && conn.isConnected();
    }

    /** The connection in use was reused (pooled or private), not opened for this request. */
    public boolean isReused() {
        return reused;
    }

    /** When the connect in progress started. */
    public long connectStartNs() {
        return connectStartNs;
    }

    public Server server() {
        return server;
    }

    public int retries() {
        return retries;
    }

    public char failCause() {
        return failCause;
    }

    public char failState() {
        return failState;
    }
}
