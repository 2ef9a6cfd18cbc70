package dev.baton.tcp;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.balance.BalanceKeys;
import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.config.Timeouts;
import dev.baton.io.Endpoint;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.ConnectionView;
import dev.baton.listener.Frontend;
import dev.baton.log.StreamIds;
import dev.baton.log.TcpLogLine;
import dev.baton.log.TrafficLog;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.Killable;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;
import dev.baton.counters.Counter;
import dev.baton.stream.ServerLeg;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;

/**
 * One {@code mode tcp} client and the server connection serving it, both on one reactor (DESIGN.md §1):
 * its {@link ServerLeg} connects (retries, redispatch), then two {@link Pipe}s, with every timeout of the frontend and
 * backend enforced lazily by one timer. Reactor thread only.
 *
 * <p>Timeouts: which applies and when it strikes is {@link TcpTimeouts}' (which reads the timeouts, activity stamps
 * and pipes here, package-private). I/O only stamps activity times; the timer re-reads them when it fires
 * (DESIGN.md rule 5).
 *
 * <p>Accounting: the client's slot in {@link ConnectionLimits} and its socket in the FD budget were
 * taken by the listener and are given back in {@link #finish}, exactly once; the server leg gives back the
 * server's slot and the backend's count.
 */
final class TcpStream implements ServerLeg.Listener, TimerHandler, Killable {
    private static final long NONE = LazyTimer.NONE;

    private final Reactor reactor;
    private final Frontend frontend;
    /** Chosen at accept, or once content inspection is over (null until then, and when nothing routes it). */
    private Backend backend;
    private final ConnectionLimits limits;
    final Timeouts feTimeouts;
    Timeouts beTimeouts;
    /** The frontend's, then the backend's {@code tcp-request content} rules at work; null when none or decided. */
    private TcpInspection inspection;
    /** The backend's {@code stick} rules' keys to store once connected; null without such rules. */
    private dev.baton.stream.StickPersistence stick;
    /** The backend's {@code tcp-response content} rules at work on the server's first bytes, else null. */
    private ResponseInspection responseRules;
    private final Endpoint client;
    private final ServerLeg leg;
    Pipe toServer;
    Pipe toClient;
    private Endpoint server;

    private boolean connected;
    private boolean finished;

    private final long acceptNs;
    private final long acceptEpochMs;
    /** The client connection's handshakes (PROXY header, TLS) before this stream: HAProxy's {@code %Th}. */
    private final long handshakeMs;
    /** HAProxy's stream id (%rt). */
    private final long streamId = StreamIds.next();
    /** {@code option logasap}: the line already went out once the server connection was up. */
    private boolean logged;
    long clientActivityNs;
    long serverActivityNs;
    private final LazyTimer timer;
    private InetSocketAddress clientAddress;
    /** What the tcp-request rules left for the log line (captures, variables), or null. */
    private RuleResults ruleResults;
    /** The address the client connected to (%fi:%fp), read while the connection is open. */
    private InetSocketAddress frontendAddress;
    /** The bytes from and to the client already counted in the figures: {@code option contstats} counts on the way. */
    private long countedIn;
    private long countedOut;

    /** {@code client} is registered for reads on {@code reactor}; the stream becomes its handler. */
    TcpStream(final Reactor reactor, final ReactorPool pool, final Balancers balancers, final Frontend frontend,
              final ConnectionLimits limits, final Endpoint client) {
        this.reactor = reactor;
        this.timer = new LazyTimer(reactor.timers(), this);
        this.frontend = frontend;
        this.backend = frontend.config().extras().tcpRules().inspectsContent() ? null
            : TcpSwitching.backendFor(frontend, client);
        this.limits = limits;
        this.client = client;
        this.leg = new ServerLeg(reactor, pool, balancers, this, 1);
        this.feTimeouts = frontend.config().timeouts();
        this.beTimeouts = backend != null ? backend.config().timeouts() : feTimeouts;
        this.acceptNs = reactor.nowNs();
        this.handshakeMs = client.handshakeMs(acceptNs);
        this.acceptEpochMs = System.currentTimeMillis() - handshakeMs;
        this.clientActivityNs = acceptNs;
    }

    void start() {
        frontend.counters().increment(reactor.id(), Counter.SESSIONS);
        frontend.sessionRate().add(reactor.id(), reactor.nowNs());
        reactor.live().add(this);
        client.handler(this);
        leg.clientEndpoint(client);
        clientAddress = client.remoteAddress();
        frontendAddress = client.localAddress();
        toServer = new Pipe(reactor.buffers(), client);
        ruleResults = RuleResults.atStart(client);
        if (frontend.log().format() == TrafficLog.Format.CONNECT) {
            if (client.unixListenerId() != 0) {
                frontend.log().connectUnix(client.unixListenerId(), frontend.name(), "TCP");
            } else {
                frontend.log().connect(clientAddress, client.localAddress(), frontend.name(), "TCP");
            }
        }
        inspection = TcpInspection.ofRequest(frontend, client, toServer, acceptNs);
        if (inspection == null) {
            inspection = TcpInspection.ofBackend(null, frontend, backend, client, toServer, acceptNs);
        }
        if (inspection != null) {
            inspect();
            return;
        }
        route(null);
    }

    /**
     * Runs the content rules on what the client sent so far: goes on to the switching rules and the server once they
     * accept, ends the stream once they reject, or waits for more bytes or the end of the inspect delay.
     */
    private void inspect() {
        final int verdict = inspection.run(reactor.nowNs());
        if (verdict == TcpInspection.WAIT) {
            timer.armBy(nextDeadlineNs());
            return;
        }
        final TcpInspection decided = inspection;
        inspection = null;
        if (verdict == TcpInspection.REJECT) {
            frontend.counters().increment(reactor.id(), Counter.DENIED_REQUESTS);
            dev.baton.counters.ListenerCounters.increment(client.listenerCounters(), reactor.id(), Counter.DENIED_REQUESTS);
            finish('P', 'R'); // HAProxy's SF_ERR_PRXCOND, SF_FINST_R
            return;
        }
        clientAddress = client.remoteAddress(); // as content rules (set-src, set-dst) left them
        frontendAddress = client.localAddress();
        ruleResults = RuleResults.decided(ruleResults, decided);
        if (!decided.ofBackend()) {
            backend = TcpSwitching.backendFor(frontend, decided);
            beTimeouts = backend != null ? backend.config().timeouts() : feTimeouts;
            inspection = TcpInspection.ofBackend(decided, frontend, backend, client, toServer, reactor.nowNs());
            if (inspection != null) {
                inspect(); // the backend's content rules, on the same bytes (HAProxy's AN_REQ_INSPECT_BE)
                return;
            }
        }
        route(decided);
    }

    /** Runs the backend's response rules on the server's bytes so far (see {@link ResponseInspection}). */
    private void inspectResponse() {
        final int verdict = responseRules.run(reactor.nowNs(), reactor.id());
        if (verdict == TcpInspection.WAIT) {
            timer.armBy(nextDeadlineNs());
            return;
        }
        responseRules = null;
        if (verdict == TcpInspection.REJECT || verdict == ResponseInspection.FAILED) {
            finish(verdict == TcpInspection.REJECT ? 'P' : 'C', 'D'); // PD: HAProxy's SF_ERR_PRXCOND, SF_FINST_D
        } else {
            timer.armBy(nextDeadlineNs());
        }
    }

    /**
     * The stream's backend is known: connect to one of its servers (or end, when there is none to go to);
     * {@code inspected}: the bytes content rules waited for (a hash key may read them; Tw then counts from the
     * accept, as in HAProxy), null when none ran.
     */
    private void route(final TcpInspection inspected) {
        if (backend == null) {
            finish('S', 'C'); // no default_backend: nowhere to go, as HAProxy's <NOSRV>
            return;
        }
        final InetSocketAddress local = client.localAddress();
        leg.clientPort(local == null ? 0 : local.getPort());
        final long key;
        if (backend.config().balance() == dev.baton.config.BalanceAlgorithm.HASH) {
            key = TcpSwitching.hashKey(frontend, client, inspected, backend.config().extras().balanceParams());
        } else if (backend.config().balance().layer7()) {
            key = LoadBalancer.NO_KEY;
        } else {
            key = BalanceKeys.source(backend.config().extras().balanceParams(),
                BalanceKeys.addressHash(clientAddress == null ? null : clientAddress.getAddress()));
        }
        leg.begin(backend, key);
        stick = StickRouting.route(frontend, backend, client, inspected, leg);
        if (inspected != null) {
            leg.waitStartedAt(acceptNs);
        }
        onConnectOutcome(leg.start(true, null));
    }

    /** The wait in a queue ended (from this reactor's queue inbox): connect, wait again, or close. */
    @Override
    public void onServerLegOutcome(final int outcome) {
        if (!finished) {
            onConnectOutcome(outcome);
        }
    }

    // ---------------------------------------------------------------- connecting

    /** Goes on after a connect attempt (and the leg's retries): pipes up, waiting (connect or queue), or over. */
    private void onConnectOutcome(final int outcome) {
        if (outcome == ServerLeg.CONNECTED) {
            onConnected();
        } else if (outcome == ServerLeg.CONNECTING || outcome == ServerLeg.QUEUED) {
            timer.armBy(nextDeadlineNs());
        } else {
            finish(leg.failCause(), leg.failState());
        }
    }

    private void onConnected() {
        connected = true;
        logAsap();
        server = leg.endpoint();
        serverActivityNs = reactor.nowNs();
        toClient = new Pipe(reactor.buffers(), server);
        try {
            toServer.connectDestination(server);
            responseRules = ResponseInspection.start(frontend, backend, client, toClient, serverActivityNs, stick, leg);
        } catch (final IOException e) {
            finish('S', 'D');
            return;
        }
        if (stick != null && responseRules == null) { // HAProxy's store rules: the connection is up
            StickRouting.store(stick, frontend, backend, new ConnectionView(frontend, client), leg);
        }
        timer.armBy(nextDeadlineNs());
        finishIfDone();
    }

    // ---------------------------------------------------------------- data

    @Override
    public void onReady(final Endpoint endpoint, final int readyOps) {
        if (finished) {
            return;
        }
        if (endpoint == client) {
            onClientReady(readyOps);
            if (!finished && inspection != null) {
                inspect();
            }
        } else {
            onServerReady(readyOps);
            if (!finished && responseRules != null) {
                inspectResponse();
            }
        }
        if (!finished) {
            finishIfDone();
        }
        if (!finished && backend != null && frontend.config().extras().options().contStats()) {
            countBytes();
        }
    }

    private void onServerReady(final int readyOps) {
        if (!connected) {
            if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                onConnectOutcome(leg.finishConnect(null));
            }
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !forward(toServer, 'S')) {
            return;
        }
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            final int n;
            try {
                n = toClient.read();
            } catch (final IOException e) {
                finish('S', 'D');
                return;
            }
            if (forward(toClient, 'C')) {
                onRead(n, 'S');
            }
        }
    }

    private void onClientReady(final int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && connected && !forward(toClient, 'C')) {
            return;
        }
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            final int n;
            try {
                n = toServer.read();
            } catch (final IOException e) {
                finish('C', connected ? 'D' : waitState());
                return;
            }
            if (forward(toServer, 'S')) {
                onRead(n, 'C');
            }
        }
    }

    /**
     * Writes what {@code pipe} holds to its destination, side {@code 'C'} (client) or {@code 'S'} (server),
     * and stamps that side's activity if bytes went out. Before the server connection is up, this only keeps
     * the client's bytes. False when the write failed: the stream has then ended, blamed on that side (a
     * reset found while forwarding is the destination's failure, not the source's).
     */
    private boolean forward(final Pipe pipe, final char side) {
        final int written;
        try {
            written = pipe.flush();
        } catch (final IOException e) {
            finish(side, 'D');
            return false;
        }
        // option independent-streams (the frontend's for the client side, the backend's for the server side): a
        // write refreshes the side's timeout only while bytes still wait for it (its write timeout), never its read
        if (written > 0 && (!independent(side) || pipe.holding())) {
            stampActivity(side);
        }
        return true;
    }

    private boolean independent(final char side) {
        return side == 'C' ? frontend.config().extras().options().independentStreams()
            : backend.config().extras().options().independentStreams();
    }

    /** After a read from {@code side}: stamps its activity, or re-arms the timer at its end of stream. */
    private void onRead(final int n, final char side) {
        if (n > 0) {
            stampActivity(side);
        } else if (n < 0) {
            // A direction is half-closed: fin timeouts may now apply, possibly earlier.
            timer.armBy(nextDeadlineNs());
        }
    }

    private void stampActivity(final char side) {
        if (side == 'C') {
            clientActivityNs = reactor.nowNs();
        } else {
            serverActivityNs = reactor.nowNs();
        }
    }

    private void finishIfDone() {
        if (connected && toServer.isDone() && toClient.isDone()) {
            finish('-', '-');
        } else if (inspection != null) {
            return; // the rules decide first (a client that closed ends the inspection delay)
        } else if (!connected && toServer.srcEnded() && toServer.bytesRead() == 0) {
            // The client left before saying anything and before the server answered the connect (or a slot came).
            finish('C', leg.isQueued() ? 'Q' : 'C');
        } else if (leg.isQueued() && toServer.srcEnded() && abortOnClose()) {
            finish('C', 'Q'); // option abortonclose: a client that closed leaves the queue with what it sent
        }
    }

    // ---------------------------------------------------------------- timeouts

    @Override
    public void onTimer(final long nowNs, final long id) {
        if (!timer.fired(id) || finished) {
            return;
        }
        if (inspection != null) {
            if (TcpTimeouts.clientExpired(this, nowNs)) {
                finish('c', 'R');
            } else {
                inspect();
            }
            return;
        }
        if (!connected) {
            if (leg.isQueued()) {
                if (leg.queueDeadlineNs() != NONE && nowNs - leg.queueDeadlineNs() >= 0) {
                    onConnectOutcome(leg.queueTimedOut());
                    return;
                }
            } else if (TcpTimeouts.connectExpired(this, leg.connectStartNs(), nowNs)) {
                onConnectOutcome(leg.connectTimedOut(null));
                return;
            }
            if (TcpTimeouts.clientExpired(this, nowNs)) {
                finish('c', leg.isQueued() ? 'Q' : 'C');
                return;
            }
        } else if (responseRules != null && nowNs - responseRules.deadlineNs() >= 0) {
            inspectResponse();
            return;
        } else {
            final char side = TcpTimeouts.expiredSide(this, nowNs);
            if (side != 0) {
                finish(side, 'D');
                return;
            }
        }
        timer.armBy(nextDeadlineNs());
    }

    /** The earliest moment a timeout could expire given the current stamps, or NONE. */
    private long nextDeadlineNs() {
        if (inspection != null) {
            return TcpTimeouts.clientDeadlineNs(this, inspection.deadlineNs());
        }
        if (!connected) {
            final long d = leg.isQueued() ? leg.queueDeadlineNs()
                : TcpTimeouts.connectDeadlineNs(this, leg.connectStartNs(), NONE);
            return TcpTimeouts.clientDeadlineNs(this, d);
        }
        return TcpTimeouts.dataDeadlineNs(this, responseRules != null ? responseRules.deadlineNs() : NONE);
    }

    // ---------------------------------------------------------------- ending

    /** A tcp stream has no boundary to stop at: it carries on until it ends or the hard stop kills it. */
    @Override
    public void softStop() {
        // nothing to do early, as in HAProxy
    }

    @Override
    public void kill() {
        finish('K', connected ? 'D' : waitState());
    }

    /** What a stream that is not connected yet waits for, as the log's second state letter. */
    private char waitState() {
        return inspection != null ? 'R' : leg.isQueued() ? 'Q' : 'C';
    }

    private boolean abortOnClose() {
        return backend.config().abortOnClose();
    }

    @Override
    public Object attachedServer() {
        return leg.server();
    }

    @Override
    public void killForServer(final char cause) {
        finish(cause, connected ? 'D' : 'C');
    }

    /**
     * Ends the stream: closes both sockets, gives back buffers, slots and counters, logs. Idempotent.
     * A normal end ('-') closes with FIN; anything else aborts with RST so that peers see the failure, except
     * toward the side that failed (it is gone already).
     */
    private void finish(final char cause, final char state) {
        if (finished) {
            return;
        }
        finished = true;
        timer.cancel();
        leg.leaveQueue(); // before the log line, which shows how long it waited
        final boolean abort = cause != '-';
        // a stream that never left the queue (sQ timeout, SQ maxqueue) ends with a FIN, as HAProxy closes it
        final boolean queueEnd = state == 'Q' && (cause == 's' || cause == 'S');
        // a tcp-request / tcp-response content reject (PR, PD): HAProxy closes the client with a FIN
        final boolean rejected = cause == 'P';
        countBytes(); // before the close lets the tracked entries go
        if (abort && cause != 'C' && !queueEnd && !rejected) {
            client.abort();
        } else {
            client.close();
        }
        leg.dropConnection(abort && cause != 'S');
        if (toServer != null) {
            toServer.release();
        }
        if (toClient != null) {
            toClient.release();
        }
        countEnd(cause, state);
        log(cause, state);
        leg.end();
        limits.release(frontend);
        reactor.live().remove(this);
    }

    /**
     * Counts the bytes moved since the last count in the frontend, backend, server and tracked entries: once when
     * the stream ends, and after every event under {@code option contstats} (HAProxy's stream_process_counters).
     */
    private void countBytes() {
        final long in = toServer == null ? 0 : toServer.bytesRead();
        final long out = toClient == null ? 0 : toClient.bytesRead();
        if (in == countedIn && out == countedOut) {
            return;
        }
        final int r = reactor.id();
        frontend.counters().add(r, Counter.BYTES_IN, in - countedIn);
        frontend.counters().add(r, Counter.BYTES_OUT, out - countedOut);
        final dev.baton.counters.ListenerCounters socket = client.listenerCounters();
        dev.baton.counters.ListenerCounters.add(socket, r, Counter.BYTES_IN, in - countedIn);
        dev.baton.counters.ListenerCounters.add(socket, r, Counter.BYTES_OUT, out - countedOut);
        leg.countBytes(in - countedIn, out - countedOut);
        StickRouting.countBytes(client, in - countedIn, out - countedOut);
        countedIn = in;
        countedOut = out;
    }

    private void countEnd(final char cause, final char state) {
        // in mode tcp the data phase starts with the connection: no response time
        leg.countTimes(true, 0, handshakeMs + (reactor.nowNs() - acceptNs) / 1_000_000L);
        if (state == 'D' && cause == 'C') {
            leg.count(Counter.CLIENT_ABORTS);
        } else if (state == 'D' && cause == 'S') {
            leg.count(Counter.SERVER_ABORTS);
        }
    }

    private void log(final char cause, final char state) {
        log(cause, state, false);
    }

    /** The tcplog line; {@code asap}: the early line of {@code option logasap}. */
    private void log(final char cause, final char state, final boolean asap) {
        if (frontend.log().format() != TrafficLog.Format.TCPLOG || logged) {
            return;
        }
        final TcpLogLine line = new TcpLogLine();
        line.client = clientAddress;
        line.frontendAddress = frontendAddress;
        RuleResults.fill(ruleResults, line);
        line.unixListenerId = client.unixListenerId();
        line.tls = client.tls();
        line.acceptEpochMs = acceptEpochMs;
        line.frontend = frontend.name();
        line.requestCounter = streamId;
        leg.fillLog(line, backend != null ? backend.name() : frontend.name()); // rejected in the backend: its name
        if (!asap) {
            leg.leftBeforeLog(line);
        }
        line.handshakeMs = handshakeMs;
        line.totalMs = handshakeMs + (reactor.nowNs() - acceptNs) / 1_000_000L;
        line.bytesRead = toClient == null ? 0 : toClient.bytesRead();
        line.bytesUploaded = toServer == null ? 0 : toServer.bytesRead();
        line.terminationCause = cause;
        line.terminationState = state;
        line.actconn = limits.globalCurrent();
        line.feconn = frontend.currConns().get();
        line.logAsap = frontend.log().logAsap(); // every line of a logasap frontend, a late one too (HAProxy)
        TcpUniqueId.fill(frontend, line);
        frontend.log().tcplog(line, asap ? -1 : toServer == null ? 0 : toServer.bytesRead());
    }

    /**
     * {@code option logasap}: the line goes out as soon as the server connection is up, as HAProxy logs it then:
     * Tt is the time so far (Tc's end) and the bytes so far, each with a '+'; the end logs nothing more.
     */
    private void logAsap() {
        if (!frontend.log().logAsap() || frontend.log().format() != TrafficLog.Format.TCPLOG) {
            return;
        }
        log('-', '-', true);
        logged = true;
    }

    @Override
    public String toString() {
        return "tcp-stream[" + frontend.name() + " " + clientAddress + " -> " + leg.server() + "]";
    }
}
