package dev.baton.stream;

import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.backend.Observed;
import dev.baton.backend.Server;
import dev.baton.config.HttpReuse;
import dev.baton.config.Mode;
import dev.baton.config.SendProxy;
import dev.baton.io.Endpoint;
import dev.baton.io.EndpointHandler;
import dev.baton.log.StreamLogFields;
import dev.baton.log.LogCaptures;
import dev.baton.pool.ReactorPool;
import dev.baton.pool.ServerConnection;
import dev.baton.proxyproto.ProxyLineWriter;
import dev.baton.queue.BackendQueues;
import dev.baton.queue.QueueEntry;
import dev.baton.queue.QueueWaiter;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.Reactor;
import dev.baton.counters.Counter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

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
 * <p><b>Queues</b> (docs/queues.md). When every usable server is full the leg waits in the backend's queue
 * ({@link #QUEUED}): the stream then waits for {@link Listener#onServerLegOutcome}, told from this reactor's
 * {@link dev.baton.queue.QueueInbox} drain when a slot is handed over (the leg then connects exactly as on the
 * direct path: own pool, takeover, or a new connection) or when it must pick again; or it calls
 * {@link #queueTimedOut} at {@link #queueDeadlineNs()}; a client that leaves ends the wait in {@link #finish}.
 *
 * <p><b>PROXY protocol</b> ({@code send-proxy}, {@code send-proxy-v2}, {@code proxy-v2-options}). A new
 * connection to such a server starts with the header naming this stream's client ({@link #clientEndpoint}), sent
 * before any other byte. Such a connection names one client, so it is never shared: in mode http it is private to
 * this session (parked here between requests, closed with it, never in the reactor's idle lists), and, as HAProxy
 * 2.6, which puts the header into the reuse hash of the connection, it serves a later request of the session only
 * when that request's header would be the same bytes.
 *
 * <p>Owner reactor's thread only; no allocation but the array of private connections on first use, the
 * queue entry on first wait and, for a server sending the PROXY protocol, the header's buffer on first use and its
 * copy kept by each new connection.
 */
public final class ServerLeg implements EndpointHandler, QueueWaiter {
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

    private final Reactor reactor;
    private final ReactorPool pool;
    private final Balancers balancers;
    private final Listener stream;
    private final int maxPrivate;

    private Backend backend;
    /** The stream's balancing key ({@code LoadBalancer#pick}): hash of its client address or request key. */
    private long balanceKey;
    /** The chosen server; its slot is held while non-null. */
    private Server server;
    /** The server that authenticated a private connection of this session (NTLM), preferred from then on. */
    private Server lastServer;
    private ServerConnection conn;
    private boolean reused;
    /** The local port the client connected to: where a server that maps ports is reached (0: unknown). */
    private int clientPort;
    private boolean reachedServer;
    private int retries;
    private boolean redispatched;
    /** The server the request's persistence cookie names ({@link #assign}), null when the balancer picks. */
    private Server assigned;
    private long connectStartNs;
    private long connectMs = -1;
    /** The last server connection's addresses (the log's %si:%sp and %bi:%bp), kept after it is released. */
    private java.net.InetSocketAddress peerAddress;
    private java.net.InetSocketAddress sourceAddress;
    private char failCause = 'S';
    private char failState = 'C';

    /** Made on the first wait; replaced only when a grant of an ended wait is still on its way (QueueEntry). */
    private QueueEntry entry;
    /** Waiting in a queue (or its hand-over is on its way here). */
    private boolean queued;
    /** The server whose queue it waits in; null for the backend's. */
    private Server queuedOn;
    private long beganNs;
    private long queueDeadlineNs = LazyTimer.NONE;
    /** Tw: from {@link #begin} to holding a slot (or leaving the queue); -1 until then. */
    private long waitMs = -1;
    private long srvQueuePos;
    private long backendQueuePos;
    /** Where the request stands in a queue: class (lower first), offset in ms added to its arrival. */
    private int priorityClass;
    private long priorityOffsetMs;
    /** What {@link #connect} is to be called with once a queued wait gets its slot. */
    private boolean pendingFirst;
    private HttpReuse pendingReuse;

    /** The client stream's endpoint, whose addresses a PROXY protocol header names; null until known. */
    private Endpoint client;
    /** The PROXY protocol header of the current attempt, when its server sends one; made on first use. */
    private ByteBuffer proxyLine;

    /**
     * The unique id a {@code proxy-v2-options unique-id} TLV carries: HAProxy builds it from the frontend's
     * {@code unique-id-format}, which baton does not read, and without one the id is empty.
     */
    private static final byte[] NO_ID = new byte[0];

    /** Made when the first private connection is parked: most sessions never have one. */
    private ServerConnection[] privateConns;
    private int privateCount;

    /**
     * The reactor's pool and balancers serve the leg; {@code stream} handles the events of the connection in use; {@code maxPrivate} is how many private
     * connections ({@code max-session-srv-conns}) the session may keep parked.
     */
    public ServerLeg(final Reactor reactor, final ReactorPool pool, final Balancers balancers,
                     final Listener stream, final int maxPrivate) {
        this.reactor = reactor;
        this.pool = pool;
        this.balancers = balancers;
        this.stream = stream;
        this.maxPrivate = Math.max(1, maxPrivate);
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
        beganNs = reactor.nowNs();
        priorityClass = 0;
        priorityOffsetMs = 0;
        waitMs = -1;
        srvQueuePos = 0;
        backendQueuePos = 0;
    }

    /**
     * Chooses a server, claims its slot and gets a connection to it: {@link #CONNECTED}, {@link #CONNECTING},
     * {@link #FAILED} (no usable server: {@code SC}; {@code maxqueue} reached: {@code SQ}) or {@link #QUEUED}.
     * {@code firstRequest}: the session's first, which {@code reuse} (null: never pooled) may keep off unproven
     * idle connections.
     */
    public int start(final boolean firstRequest, final HttpReuse reuse) {
        pendingFirst = firstRequest;
        pendingReuse = reuse;
        final int p = pick(null);
        return p == PICKED ? connect(firstRequest, reuse) : p;
    }

    /** {@code set-priority-class} and {@code set-priority-offset} of the request, before {@link #start}. */
    public void priority(final int priorityClass, final long priorityOffsetMs) {
        this.priorityClass = priorityClass;
        this.priorityOffsetMs = priorityOffsetMs;
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
                return enqueue(assigned);
            }
        }
        Server s = avoid == null ? preferredServer() : null;
        if (s == null) {
            s = balancers.pickAndAcquire(backend, balanceKey, avoid);
        }
        if (s != null) {
            return picked(s);
        }
        server = null;
        if (balancers.lastPickFull() && balancers.queueInbox() != null) {
            return enqueue(balancers.lastBoundTo());
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
        if (waitMs < 0) {
            stampWait();
        }
        return PICKED;
    }

    /** Waits in {@code target}'s queue, or the backend's: {@link #QUEUED}, or {@link #FAILED} ({@code SQ}). */
    private int enqueue(final Server target) {
        QueueEntry e = entry;
        if (e == null || e.state() != QueueEntry.IDLE) {
            e = new QueueEntry(balancers.queueInbox(), this);
            entry = e;
        }
        final long nowNs = reactor.nowNs();
        if (backend.queues().enqueue(e, target, nowNs / 1_000_000L, priorityClass, priorityOffsetMs)
            == BackendQueues.QUEUE_FULL) {
            count(Counter.CONNECT_ERRORS);
            target.counters().increment(reactor.id(), Counter.CONNECT_ERRORS);
            failCause = 'S';
            failState = 'Q';
            return FAILED;
        }
        queued = true;
        queuedOn = target;
        final long ms = backend.config().timeouts().queueMs();
        queueDeadlineNs = ms > 0 ? nowNs + ms * 1_000_000L : LazyTimer.NONE;
        return QUEUED;
    }

    /** The local port the client connected to (a server without a port, or with +N/-N, follows it). */
    public void clientPort(final int port) {
        this.clientPort = port;
    }

    /** Owner's thread, from the queue inbox: a slot of {@code granted} is held for this stream; connect to it. */
    @Override
    public void onQueueGranted(final Server granted) {
        if (!queued) {
            granted.release(); // the wait already ended here: the slot is not ours to keep
            return;
        }
        queued = false;
        takeGrant(granted);
        stream.onServerLegOutcome(connectAfterWait());
    }

    /** Owner's thread, from the queue inbox: the wait ended without a slot; pick again (docs/queues.md Q10, Q16). */
    @Override
    public void onQueueRequeued() {
        if (!queued) {
            return;
        }
        queued = false;
        noteQueuePositions();
        stream.onServerLegOutcome(pickAgain());
    }

    private int pickAgain() {
        assigned = null; // requeued off its server: the balancer picks, as HAProxy clears SF_ASSIGNED
        final int p = pick(null);
        return p == PICKED ? connectAfterWait() : p;
    }

    /**
     * {@code timeout queue} struck while {@link #QUEUED}: {@link #FAILED} with {@code sQ} (counted as a connect
     * error, as HAProxy does), or, when a slot or a requeue was handed over meanwhile, what comes of it.
     */
    public int queueTimedOut() {
        final int state = cancelWait();
        if (state == QueueEntry.GRANTED) {
            takeGrant(entry.markStale());
            return connectAfterWait();
        }
        noteQueuePositions();
        if (state == QueueEntry.REQUEUED) {
            entry.markStale();
            return pickAgain();
        }
        stampWait();
        count(Counter.CONNECT_ERRORS);
        if (queuedOn != null) {
            queuedOn.counters().increment(reactor.id(), Counter.CONNECT_ERRORS);
        }
        failCause = 's';
        failState = 'Q';
        return FAILED;
    }

    /**
     * Tw counts from {@code startNs} rather than from {@link #begin}: a mode tcp stream whose content was inspected
     * before its backend was known waited from its accept, as HAProxy counts it.
     */
    public void waitStartedAt(final long startNs) {
        beganNs = startNs;
    }

    /** Tw of the current request: ms from {@link #begin} to holding a slot (or leaving the queue); -1 if never. */
    public long waitMs() {
        return waitMs;
    }

    /** Whether the stream waits in a queue. */
    public boolean isQueued() {
        return queued;
    }

    /** When {@code timeout queue} strikes the current wait, or {@link LazyTimer#NONE}. */
    public long queueDeadlineNs() {
        return queueDeadlineNs;
    }

    /**
     * Leaves the queue on the stream's own initiative (client gone, killed); a slot handed over meanwhile goes
     * back. Nothing when not queued; {@link #finish} calls it too.
     */
    public void leaveQueue() {
        if (!queued) {
            return;
        }
        final int state = cancelWait();
        if (state == QueueEntry.GRANTED || state == QueueEntry.REQUEUED) {
            final Server granted = entry.markStale();
            if (granted != null) {
                granted.release(); // passes it on to the next waiter
            }
        }
        noteQueuePositions();
        stampWait();
    }

    /** Ends the wait on this stream's side: the entry's state found under the queue lock (see BackendQueues#cancel). */
    private int cancelWait() {
        queued = false;
        return backend.queues().cancel(entry);
    }

    /** Tw: from {@link #begin} until now, when the stream holds its slot or leaves the queue. */
    private void stampWait() {
        waitMs = (reactor.nowNs() - beganNs) / 1_000_000L;
    }

    private void takeGrant(final Server granted) {
        server = granted;
        granted.counters().increment(reactor.id(), Counter.SESSIONS);
        granted.sessionRate().add(reactor.id(), reactor.nowNs());
        granted.counters().increment(reactor.id(), Counter.SELECTED);
        backend.counters().increment(reactor.id(), Counter.SELECTED);
        noteQueuePositions();
        stampWait();
    }

    /** Adds how many the queue just left served meanwhile to the log's position of that queue. */
    private void noteQueuePositions() {
        if (entry.waitedInServerQueue()) {
            srvQueuePos += entry.servedWhileWaiting();
        } else {
            backendQueuePos += entry.servedWhileWaiting();
        }
    }

    private int connectAfterWait() {
        final int r = attempt(pendingFirst, pendingReuse);
        return r == FAILED ? retryLoop(pendingReuse, FAILED) : r;
    }

    /**
     * HAProxy's SESS_FL_PREFER_LAST: once a server authenticated a connection of this session (NTLM,
     * Negotiate), the session keeps going to it, with its slot claimed, while it holds that connection parked
     * and the server is usable. Else null: the balancer picks.
     */
    private Server preferredServer() {
        final Server last = lastServer;
        if (last == null || last.backend() != backend || !last.isEligible() || !holdsPrivate(last)
            || !last.tryAcquire()) {
            return preferredByOption();
        }
        last.counters().increment(reactor.id(), Counter.SELECTED);
        return last;
    }

    /**
     * {@code option prefer-last-server} (HAProxy's PR_O_PREF_LAST, not for hash balancing): the first usable server
     * of this backend to which the session holds a parked private connection ({@code http-reuse never}, NTLM), with
     * its slot claimed; else null. Shared idle connections go back to the pool and so prefer nothing, as in HAProxy.
     */
    private Server preferredByOption() {
        if (privateCount == 0 || !backend.config().extras().options().preferLastServer()
            || backend.config().balance().hashes()) {
            return null;
        }
        for (int i = 0; i < privateCount; i++) {
            final Server s = privateConns[i].server();
            if (s.backend() == backend && s.isEligible() && s.tryAcquire()) {
                s.counters().increment(reactor.id(), Counter.SELECTED);
                return s;
            }
        }
        return null;
    }

    /**
     * Gets a connection to the picked server, retrying failed attempts: {@link #CONNECTED},
     * {@link #CONNECTING} or {@link #FAILED}. {@code firstRequest}: the session's first, which {@code reuse}
     * (null: never pooled) may keep off unproven idle connections.
     */
    public int connect(final boolean firstRequest, final HttpReuse reuse) {
        final int r = attempt(firstRequest, reuse);
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
        if (!sendProxyLine()) {
            return attemptFailed('S', reuse);
        }
        established();
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
        count(Counter.CONNECT_ERRORS);
        observe(Observed.L4_ERR);
        dropConnection(true);
        failCause = cause;
        failState = 'C';
        return retryLoop(reuse, FAILED);
    }

    private int retryLoop(final HttpReuse reuse, final int none) {
        int r = none;
        while (true) {
            final int next = nextAttempt();
            if (next == QUEUED) {
                pendingFirst = false;
                pendingReuse = reuse;
                return QUEUED;
            }
            if (next != PICKED) {
                return r;
            }
            r = attempt(false, reuse);
            if (r != FAILED) {
                return r;
            }
        }
    }

    /**
     * One attempt: a private, pooled or new connection. A failure is counted and dropped. With a PROXY protocol
     * header to send, only a private connection that carried the same header is reused, and a new one is private
     * in mode http ({@code reuse} given) and starts with the header.
     */
    private int attempt(final boolean firstRequest, final HttpReuse reuse) {
        final SendProxy sp = server.config().sendProxy();
        final ByteBuffer line = sp.enabled() ? writeProxyLine(sp) : null;
        final String sni = server.tls() == null ? null
            : server.tls().serverName(stream.requestOut(), stream.requestOutStart(), client);
        ServerConnection c = takePrivate(server, line, sni);
        if (c == null) {
            try {
                c = pool.acquire(server, firstRequest, line != null && reuse != null ? HttpReuse.NEVER : reuse,
                    clientPort, sni);
            } catch (final IOException e) {
                count(Counter.CONNECTS);
                count(Counter.CONNECT_ERRORS);
                observe(Observed.L4_ERR);
                failCause = 'S';
                failState = 'C';
                return FAILED;
            }
            if (c == null) {
                count(Counter.CONNECT_ERRORS); // no socket: a resource failure, retried as any other
                observe(Observed.L4_ERR); // as HAProxy, which blames every failed attempt on the server
                failCause = 'R';
                failState = 'C';
                return FAILED;
            }
        }
        conn = c;
        c.handler(stream);
        if (line != null && c.requestsServed() == 0 && !c.carriesProxyLine()) {
            c.startWithProxyLine(line);
        }
        noteAddresses();
        if (c.requestsServed() > 0) {
            reused = true;
            connectMs = 0;
            reachedServer = true;
            count(Counter.REUSES);
            observe(Observed.L4_OK);
            return CONNECTED;
        }
        reused = false;
        connectStartNs = reactor.nowNs();
        count(Counter.CONNECTS);
        if (c.isConnected()) {
            if (!sendProxyLine()) {
                return headerFailed();
            }
            established();
            return CONNECTED;
        }
        if (c.tls() != null) {
            try {
                if (c.finishConnect()) { // connected at once: the ClientHello goes now (after a PROXY header)
                    established();
                    return CONNECTED;
                }
            } catch (final IOException e) {
                return headerFailed();
            }
        }
        return CONNECTING;
    }

    /** This stream's PROXY protocol header for the chosen server, in the leg's buffer (read mode). */
    private ByteBuffer writeProxyLine(final SendProxy sp) {
        if (proxyLine == null) {
            proxyLine = ByteBuffer.allocate(ProxyLineWriter.MAX_LENGTH);
        }
        final Endpoint from = client;
        final LogCaptures id = stream.uniqueIdHolder();
        final byte[] uniqueId = id == null || id.uniqueIdLength <= 0 ? NO_ID
            : java.util.Arrays.copyOf(id.uniqueId, id.uniqueIdLength); // once per new server connection
        final java.net.InetSocketAddress[] set = stream.streamAddresses(); // set-src, set-dst of the stream
        ProxyLineWriter.write(proxyLine, sp, set != null ? set[0] : from == null ? null : from.remoteAddress(),
            set != null ? set[1] : from == null ? null : from.localAddress(), false,
            from == null ? null : from.proxyAuthority(), uniqueId);
        return proxyLine;
    }

    /** Sends what the socket takes of a waiting PROXY header once connected; false when writing failed. */
    private boolean sendProxyLine() {
        try {
            conn.endpoint().flushPrefix(0);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /**
     * Writing the PROXY header, or the first TLS handshake step, failed at once: a connection error, retried as one
     * (HAProxy's CO_FL_ERROR).
     */
    private int headerFailed() {
        count(Counter.CONNECT_ERRORS);
        observe(Observed.L4_ERR);
        dropConnection(true);
        failCause = 'S';
        failState = 'C';
        return FAILED;
    }

    private void noteAddresses() {
        final Endpoint e = endpoint();
        if (e != null) {
            peerAddress = e.remoteAddress();
            sourceAddress = e.localAddress();
        }
    }

    private void established() {
        noteAddresses();
        connectMs = (reactor.nowNs() - connectStartNs) / 1_000_000L;
        reachedServer = true;
        observe(Observed.L4_OK);
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
            parkPrivate(c);
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
        for (int i = 0; i < privateCount; i++) {
            privateConns[i].close();
            privateConns[i] = null;
        }
        privateCount = 0;
    }

    private void releaseSlot() {
        if (server != null) {
            server.release();
            server = null;
        }
    }

    // ------------------------------------------------------------------ private connections

    private void parkPrivate(final ServerConnection c) {
        if (privateConns == null) {
            privateConns = new ServerConnection[maxPrivate];
        }
        if (privateCount < privateConns.length && !c.server().isDisabled()) {
            privateConns[privateCount++] = c;
            c.handler(this);
            c.io().interest(SelectionKey.OP_READ);
        } else {
            c.close();
        }
    }

    private boolean holdsPrivate(final Server target) {
        for (int i = 0; i < privateCount; i++) {
            if (privateConns[i].server() == target) {
                return true;
            }
        }
        return false;
    }

    /**
     * A parked connection to {@code target} that carried {@code line} as its PROXY header (null: none) and sent
     * {@code sni} as its TLS server name (null: none).
     */
    private ServerConnection takePrivate(final Server target, final ByteBuffer line, final String sni) {
        for (int i = 0; i < privateCount; i++) {
            final ServerConnection c = privateConns[i];
            if (c.server() == target && c.carriedProxyLine(line) && java.util.Objects.equals(c.sni(), sni)) {
                privateConns[i] = privateConns[--privateCount];
                privateConns[privateCount] = null;
                return c;
            }
        }
        return null;
    }

    /** A parked private connection woke up: its server closed it, or sent garbage. It is closed. */
    @Override
    public void onReady(final Endpoint endpoint, final int readyOps) {
        for (int i = 0; i < privateCount; i++) {
            final ServerConnection c = privateConns[i];
            if (c.io() == endpoint) {
                privateConns[i] = privateConns[--privateCount];
                privateConns[privateCount] = null;
                c.abort();
                return;
            }
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
        final int r = reactor.id();
        if (backend != null) {
            backend.counters().add(r, Counter.BYTES_IN, in);
            backend.counters().add(r, Counter.BYTES_OUT, out);
        }
        if (server != null && reachedServer) {
            server.counters().add(r, Counter.BYTES_IN, in);
            server.counters().add(r, Counter.BYTES_OUT, out);
        }
    }

    /**
     * The request (mode http) or stream (mode tcp) ends, before {@link #finish}: HAProxy's
     * {@code stream_update_time_stats} for the queue (Tw), connect (Tc), response ({@code responseMs}: Tr, 0 in mode
     * tcp) and total ({@code totalMs}: Tt) times. In mode http the backend counts the request first (its
     * {@code cum_req}, counted at the end of every request that reached it). Then only a stream that connected
     * and, in mode http, got its response head ({@code responded}) gives its wait (Tw) as a sample to the server it
     * used and to the backend; their windows are their request counts ({@link Counter#REQUESTS} in mode http,
     * {@link Counter#SELECTED} in mode tcp: HAProxy's {@code cum_req} and {@code cum_lbconn}).
     */
    public void countTimes(final boolean responded, final long responseMs, final long totalMs) {
        if (backend == null) {
            return;
        }
        final boolean http = backend.config().mode() == Mode.HTTP;
        if (http) {
            backend.counters().increment(reactor.id(), Counter.REQUESTS);
        }
        if (connectMs < 0 || !responded) {
            return;
        }
        final Counter window = http ? Counter.REQUESTS : Counter.SELECTED;
        if (server != null) {
            server.times().add(waitMs, connectMs, responseMs, totalMs, server.counters(), window);
        }
        backend.times().add(waitMs, connectMs, responseMs, totalMs, backend.counters(), window);
    }

    /** Fills the server-side log fields; {@code backendName} is logged when no backend was reached. */
    public void fillLog(final StreamLogFields l, final String backendName) {
        l.backend = backend != null ? backend.name() : backendName;
        l.server = server != null ? server.name() : "<NOSRV>";
        l.connectMs = connectMs;
        l.serverAddress = peerAddress;
        l.backendSource = sourceAddress;
        l.beconn = backend != null ? backend.currConns().get() : 0;
        l.srvconn = server != null ? server.currConns() : 0;
        l.retries = retries;
        l.redispatched = redispatched;
        l.waitMs = waitMs;
        l.srvQueue = srvQueuePos;
        l.backendQueue = backendQueuePos;
    }

    /**
     * The line of a stream that ended: HAProxy leaves the backend and the server before it logs, so its
     * {@code %bc} and {@code %sc} no longer count this stream (an early {@code logasap} line still does).
     */
    public void leftBeforeLog(final StreamLogFields l) {
        if (backend != null) {
            l.beconn = Math.max(0, l.beconn - 1);
        }
        if (server != null) {
            l.srvconn = Math.max(0, l.srvconn - 1);
        }
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
