package dev.baton.http;

import dev.baton.backend.balance.BalanceKeys;
import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.config.HttpConnectionMode;
import dev.baton.config.HttpOptions;
import dev.baton.io.Endpoint;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.log.LogCaptures;
import dev.baton.log.TrafficLog;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.Killable;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;
import dev.baton.counters.Counter;
import dev.baton.counters.ListenerCounters;
import dev.baton.stream.ServerLeg;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;

/**
 * One HTTP/1.1 client connection of a {@code mode http} frontend, for its whole keep-alive life, and the
 * server side serving its current request. Everything runs on one reactor (DESIGN.md §1).
 *
 * <p><b>Shape.</b> Events only move bytes between the endpoints and the two {@link Side}s (client, server);
 * {@link #progress()} then advances the request as far as the buffers allow and {@link #updateInterest()}
 * derives both sides' interest from their buffers, in one place. The phases live here; the work of each is
 * in its own file: {@link HttpRequestReader} (the next head), {@link HttpRouter} (where a request goes),
 * {@link HttpForwarder} (request to the server, response back, tunnels), {@link LocalAnswers} (stats page,
 * redirects, returns, use-service), {@link HttpEnding} (error replies, closing, aborts), {@link HttpTimeouts},
 * {@link RequestAccounting} (counters, httplog); the server connection comes from the {@link ServerLeg} shared
 * with {@code mode tcp}; the request's record is the {@link Exchange}. The request's working set (heads,
 * parsers, rules, log line) is a {@link RequestWorkspace} borrowed from the reactor when a request's head
 * starts and given back when its exchange ends, so an idle keep-alive client holds neither it nor any buffer.
 *
 * <p><b>Phases.</b> WAIT_REQUEST (parse a head; {@code timeout http-request}, then {@code http-keep-alive}
 * between requests) → QUEUED (every usable server is full: wait for a slot, {@code timeout queue}) →
 * CONNECTING (a new server connection) → EXCHANGE (request body out, response head and
 * body back) → WAIT_REQUEST again, or CLOSING (flush, FIN, drain) → DONE. A 101 response (or a CONNECT
 * answered 2xx) turns the exchange into a TUNNEL. Reactor thread only.
 */
final class HttpSession implements ServerLeg.Listener, TimerHandler, Killable {
    enum Phase { WAIT_REQUEST, QUEUED, CONNECTING, EXCHANGE, TUNNEL, CLOSING, DONE, TARPIT }

    private static final int PROGRESS_STEPS = 32;

    final Reactor reactor;
    /** The frontend the connection serves: replaced when a reload moves a keep-alive client ({@link SessionMove}). */
    Frontend frontend;
    HttpOptions fePolicy;
    final ConnectionLimits limits;
    private final RequestWorkspaces workspaces;
    final StatsService statsService;
    final Side client;
    final Side server;
    final ServerLeg leg;
    final Exchange x = new Exchange();
    final LazyTimer timer;
    boolean httplog;
    /** The request's captures and unique id ({@code capture ...}, {@code unique-id-format}); null without them. */
    LogCaptures captures;
    InetSocketAddress clientAddress;
    /** The address the client connected to (the log's %fi:%fp). */
    InetSocketAddress localAddress;
    int clientHash;
    /** What the rules' fetches read of this session's proxies and server. */
    private final SessionFacts facts = new SessionFacts(this);
    /** The connection's {@code sess.*} variables: they outlive each request, as the client connection. */
    private final dev.baton.sample.vars.VarStore sessVars;
    private byte[] srcAddress;
    private byte[] dstAddress;
    /** The stick counters this connection and its requests track; null when the configuration has no stick table. */
    final dev.baton.stick.StickCounters stick;
    /**
     * The counters of the listening address the client came through ({@code option socket-stats}), or null; they stay
     * those of the configuration the connection was accepted under, even after a reload moved the session.
     */
    final ListenerCounters socket;
    /**
     * The session serves one stream of an HTTP/2 connection ({@link H2Front}), not a connection: the connection is
     * counted (sessions, connection slot, stick session) once by its front, each stream only as a request.
     */
    final boolean stream;
    /** The reactor's idle pool and balancers, which an {@link H2Front} taking the connection over serves from too. */
    private final ReactorPool pool;
    private final Balancers balancers;
    /**
     * The frontend's SPOE engines at work on the current request ({@link SpoeHttp}): the session's call (made at its
     * first event), which engine runs, the engines switched off for this transaction (a bit each), the times, the
     * deadline, the ids of its frames; {@link #spoeRunning} while {@link SpoeHttp#request} runs, so that an outcome
     * told meanwhile does not re-enter; {@link #spoePastContent} once this head's tcp-request content rules ran.
     */
    dev.baton.spoe.SpoeCall spoeCall;
    int spoeEngine;
    /** Which of the events before the content rules are done: 0 none, 1 on-client-session, 2 both. */
    int spoeStage;
    int spoeDisabled;
    long spoeStartNs;
    long spoeTotalMs;
    long spoeDeadlineNs = LazyTimer.NONE;
    long spoeStreamId;
    long spoeFrameId;
    boolean spoeRunning;
    boolean spoePastContent;
    /** Told when an agent answered or failed: the session moves on, unless it is inside {@link SpoeHttp} already. */
    final dev.baton.spoe.SpoeCall.Waiter spoeWaiter = () -> {
        if (!spoeRunning && this.phase != Phase.DONE) {
            progress();
        }
    };

    /**
     * The heads, parsers, body copies, rules and log line of the request under way ({@link #borrowWorkspace},
     * {@link #giveBackWorkspace}); null between requests.
     */
    RequestWorkspace ws;
    /** Made on the first answer baton makes itself (most sessions never need one). */
    LocalAnswers answers;
    /** Made on the first request that waits for its body ({@code option http-buffer-request}). */
    BodyWait bodyWait;

    Phase phase = Phase.WAIT_REQUEST;
    int requestsOnClient;
    /** A graceful stop began: the request under way is the last (answered with Connection: close). */
    boolean stopping;
    /**
     * A reload published a new configuration: the next request moves to it ({@link SessionMove}), or, when it cannot
     * (its frontend is gone, or full), is the last on this connection (docs/reload.md).
     */
    boolean superseded;
    boolean closeClientAfter;
    /** The request under way asked for the end ({@code Connection: close}, or HTTP/1.0 without keep-alive). */
    boolean clientSaidClose;
    /**
     * The client asked for the end with a request now answered, and sent nothing after it (a plain TCP client): the
     * closing phase closes at once instead of waiting for the client's FIN ({@link HttpEnding#closing}).
     */
    boolean clientDone;
    /** An error reply waiting for the client output to drain first (null: none); see {@link #replyAndClose}. */
    byte[] deferredReply;
    /** The backend of the request under way (null: none, or an answer made in the frontend's name). */
    Backend backend;
    HttpOptions bePolicy;
    /** Client bytes already counted in the frontend's {@code bin}. */
    long clientBytesCounted;

    long phaseStartNs;
    /**
     * The client connection's handshakes, from its accept to this session's start (the PROXY header, TLS): the first
     * request's {@code %Th}; later requests on the connection have none, as in HAProxy.
     */
    long handshakeMs;
    /** When the request held by {@code http-request tarpit} is answered ({@link Tarpit}); phase TARPIT only. */
    long tarpitDeadlineNs;
    /** The reply a tarpit sends when its wait ends, null for the proxy's error reply; phase TARPIT only. */
    dev.baton.http.rules.HttpReply tarpitReply;

    /** {@code clientEndpoint} is registered for reads on {@code reactor}; the session becomes its handler. */
    HttpSession(final Reactor reactor, final ReactorPool pool, final Balancers balancers, final Frontend frontend,
                final ConnectionLimits limits, final Endpoint clientEndpoint, final StatsService statsService,
                final RequestWorkspaces workspaces) {
        this(reactor, pool, balancers, frontend, limits, clientEndpoint, statsService, workspaces, false);
    }

    /** {@code stream}: the session serves an HTTP/2 stream ({@link #stream}). */
    HttpSession(final Reactor reactor, final ReactorPool pool, final Balancers balancers, final Frontend frontend,
                final ConnectionLimits limits, final Endpoint clientEndpoint, final StatsService statsService,
                final RequestWorkspaces workspaces, final boolean stream) {
        this.stream = stream;
        this.pool = pool;
        this.balancers = balancers;
        this.reactor = reactor;
        this.timer = new LazyTimer(reactor.timers(), this);
        this.statsService = statsService;
        this.frontend = frontend;
        this.fePolicy = frontend.config().http();
        this.limits = limits;
        this.workspaces = workspaces;
        // a tcplog frontend's sessions are its streams upgraded to an http backend, logged per request too
        this.httplog = logsPerRequest(frontend);
        this.captures = frontend.log().newCaptures();
        this.client = new Side(reactor.buffers(), true);
        this.server = new Side(reactor.buffers(), false);
        this.client.endpoint = clientEndpoint;
        // the variables tcp-request connection|session rules set, else the session's own
        this.sessVars = clientEndpoint.sessionVars() != null ? clientEndpoint.sessionVars()
            : new dev.baton.sample.vars.VarStore(dev.baton.sample.vars.VarScope.SESS);
        this.client.independent = frontend.config().extras().options().independentStreams();
        this.leg = new ServerLeg(reactor, pool, balancers, this, fePolicy.maxSessionSrvConns());
        this.socket = clientEndpoint.listenerCounters();
        this.stick = clientEndpoint.connectionCounters() != null ? clientEndpoint.connectionCounters()
            : frontend.stickTables().isEmpty() ? null : new dev.baton.stick.StickCounters(frontend.stickTables());
    }

    /** Whether {@code frontend}'s sessions log each request (httplog; a tcplog frontend's upgraded streams too). */
    static boolean logsPerRequest(final Frontend frontend) {
        return frontend.log().format() == TrafficLog.Format.HTTPLOG
            || frontend.log().format() == TrafficLog.Format.TCPLOG;
    }

    void start() {
        reactor.live().add(this);
        if (!stream) {
            frontend.counters().increment(reactor.id(), Counter.SESSIONS);
            frontend.sessionRate().add(reactor.id(), reactor.nowNs());
        }
        client.endpoint.handler(this);
        leg.clientEndpoint(client.endpoint);
        clientAddress = client.endpoint.remoteAddress();
        final InetSocketAddress local = client.endpoint.localAddress();
        localAddress = local;
        clientHash = BalanceKeys.addressHash(clientAddress == null ? null : clientAddress.getAddress());
        srcAddress = clientAddress == null ? new byte[4] : clientAddress.getAddress().getAddress();
        dstAddress = local == null ? new byte[4] : local.getAddress().getAddress();
        leg.clientPort(local == null ? 0 : local.getPort());
        phaseStartNs = reactor.nowNs();
        handshakeMs = client.endpoint.handshakeMs(phaseStartNs);
        client.activityNs = phaseStartNs;
        timer.armBy(HttpTimeouts.nextDeadlineNs(this));
    }

    /**
     * The first read, before the client's socket was ever selected (the acceptor asks for it once the turn's events
     * are handled, {@code Reactor#afterEvents}): a client sends its request as soon as its connection is up, so by
     * then the request is usually there already, and reading it spares a selector round (and its delay) for every
     * new connection, as HAProxy's speculative receive does. When nothing came yet the read finds nothing and the
     * selector announces the request as before; an end of stream or a reset found here ends the session as it would
     * on an event. Reactor thread.
     */
    void readFirst() {
        onReady(client.endpoint, SelectionKey.OP_READ);
    }

    /** {@link #readFirst}, as the task the acceptor gives its reactor to run after this turn's events. */
    final Runnable firstRead = this::readFirst;

    // ================================================================== events

    @Override
    public void onReady(final Endpoint endpoint, final int readyOps) {
        if (phase == Phase.DONE) {
            return;
        }
        if (endpoint == client.endpoint) {
            if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                flushClient();
            }
            if ((readyOps & SelectionKey.OP_READ) != 0 && phase != Phase.DONE) {
                readClient();
            }
        } else if (endpoint == leg.endpoint()) {
            if (!leg.isConnected()) {
                if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                    HttpForwarder.onConnectOutcome(this, leg.finishConnect(bePolicy.reuse()));
                }
            } else {
                if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                    flushServer();
                }
                if ((readyOps & SelectionKey.OP_READ) != 0 && leg.hasConnection()) {
                    readServer();
                }
            }
        } else {
            return; // a stale event
        }
        progress();
        if (frontend.config().extras().options().contStats()) {
            RequestAccounting.countOnTheWay(this);
        }
    }

    private void readClient() {
        final int n;
        try {
            n = client.fill(reactor.nowNs());
        } catch (final IOException e) {
            if (phase == Phase.TARPIT) {
                client.eof = true; // as HAProxy, a tarpitted request is held (and logged) even when its client left
                return;
            }
            abort('C');
            return;
        }
        if (n > 0 && phase == Phase.WAIT_REQUEST) {
            x.markStart(reactor.nowNs(), httplog, phaseStartNs);
        }
    }

    private void readServer() {
        try {
            server.fill(reactor.nowNs());
        } catch (final IOException e) {
            server.eof = true;
        }
    }

    /**
     * Writes pending client output; false when the client is gone (the session is aborted). Once all is sent
     * the buffer goes back, so that {@code client.out != null} means bytes are on their way to the client.
     */
    boolean flushClient() {
        final boolean hadOutput = client.out != null;
        try {
            client.flush(reactor.nowNs());
        } catch (final IOException e) {
            abort('C');
            return false;
        }
        if (hadOutput && client.out == null && phase == Phase.WAIT_REQUEST) {
            phaseStartNs = reactor.nowNs(); // the wait for the next request starts now
            timer.armBy(HttpTimeouts.nextDeadlineNs(this));
        }
        return true;
    }

    /** Writes pending server output. A failure is a dead connection, found by the exchange. */
    void flushServer() {
        if (server.hasPendingOutput() && leg.isConnected()) {
            try {
                server.flush(reactor.nowNs());
            } catch (final IOException e) {
                server.eof = true;
            }
        }
    }

    // ================================================================== progress

    /** Advances the state machine as far as buffers allow, then sets interests. */
    void progress() {
        for (int step = 0; step < PROGRESS_STEPS && phase != Phase.DONE; step++) {
            final boolean moved;
            switch (phase) {
                case WAIT_REQUEST:
                    moved = HttpRequestReader.readRequest(this);
                    break;
                case EXCHANGE:
                    moved = HttpForwarder.exchange(this);
                    break;
                case TUNNEL:
                    moved = HttpForwarder.tunnel(this);
                    break;
                case CLOSING:
                    moved = HttpEnding.closing(this);
                    break;
                case QUEUED:
                    moved = HttpForwarder.whileQueued(this);
                    break;
                case TARPIT:
                    moved = Tarpit.hold(this);
                    break;
                default:
                    moved = false;
                    break;
            }
            if (!moved) {
                break;
            }
        }
        if (phase != Phase.DONE) {
            updateInterest();
        }
    }

    /** The parsed request head leaves the client input (its bytes were copied or answered). */
    void consumeRequestHead() {
        client.in.position(client.in.position() + ws.req.headLength());
        ws.req.reset();
    }

    /** Server connections close after each response in http-server-close and httpclose modes. */
    boolean serverSideClose() {
        return fePolicy.connectionMode() != HttpConnectionMode.KEEP_ALIVE
            || (bePolicy != null && bePolicy.connectionMode() != HttpConnectionMode.KEEP_ALIVE);
    }

    LocalAnswers answers() {
        if (answers == null) {
            answers = new LocalAnswers(this);
        }
        return answers;
    }

    boolean isStreamingLocalAnswer() {
        return answers != null && answers.isStreaming();
    }

    // ================================================================== server connection

    /** The response is complete and the request fully sent: settle the server connection, go on. */
    void completeExchange() {
        x.bytesToClient += ws.respBody.moved();
        x.relayingBody = false;
        if (ws.cache.storing()) {
            ws.cache.end(x.responseComplete); // cache-store: a whole response becomes a usable object
        }
        endRequest();
        if (leg.hasConnection()) {
            final boolean clean = x.serverKeepAlive && !server.eof && !server.hasInput();
            if (clean) {
                leg.release(true);
                server.endpoint = null;
            } else {
                HttpForwarder.dropServerConnection(this, false);
            }
        }
        HttpForwarder.releaseServerSide(this);
        giveBackWorkspace();
        if (closeClientAfter) {
            // over TLS the drain stays: close_notify goes with the FIN and the client's may follow
            clientDone = clientSaidClose && !client.hasInput() && client.endpoint.tls() == null;
            enterClosing();
            return;
        }
        phase = Phase.WAIT_REQUEST;
        x.idle();
        phaseStartNs = reactor.nowNs();
        timer.armBy(HttpTimeouts.nextDeadlineNs(this));
    }

    void borrowWorkspace() {
        if (ws == null) {
            ws = workspaces.borrow();
            ws.reqParser.http2(stream);
            ws.vars.attach(sessVars);
            ws.runner.captures = captures;
            ws.attach(srcAddress, dstAddress, client.endpoint.tls());
            ws.addresses.session(clientAddress, localAddress);
            ws.attachStream(clientAddress == null ? -1 : clientAddress.getPort(),
                localAddress == null ? -1 : localAddress.getPort(), facts);
        }
    }

    /** This reactor's balancers (the SPOE agent backends' too). */
    Balancers balancers() {
        return balancers;
    }

    /** This reactor's pool (its socket budget dials SPOE agents too). */
    ReactorPool pool() {
        return pool;
    }

    /** Gives the request workspace back: nothing of it may be used until {@link #borrowWorkspace} again. */
    void giveBackWorkspace() {
        if (spoeCall != null || spoeEngine != 0 || spoeStage != 0 || spoePastContent) {
            SpoeHttp.endTransaction(this); // nothing an agent says may reach the workspace once it is back
            spoePastContent = false;
        }
        if (ws != null) {
            workspaces.giveBack(ws);
            ws = null;
        }
    }

    // ================================================================== replies and ending

    /** Sends one of baton's own replies (or the errorfile) and closes the client afterwards. */
    void replyAndClose(final int code) {
        HttpEnding.replyAndClose(this, code, 'S', 'C');
    }

    /** Something broke on side {@code who}: see {@link HttpEnding#abort}. */
    void abort(final char who) {
        HttpEnding.abort(this, who);
    }

    /** The request that just ended, once: counted and logged ({@link RequestAccounting}). */
    void endRequest() {
        if (x.pending) {
            x.pending = false;
            RequestAccounting.requestEnded(this);
            if (stick != null) {
                stick.endStream(); // the request's stream ended (logged too): its track-sc entries go, conn_cur down
            }
            if (captures != null) {
                captures.clear(); // nothing of this request may show in the next one's line
            }
        }
    }

    void enterClosing() {
        phase = Phase.CLOSING;
        phaseStartNs = reactor.nowNs();
        timer.armBy(HttpTimeouts.nextDeadlineNs(this));
    }

    /**
     * A graceful stop: an idle keep-alive client is closed at once; a request under way finishes, its
     * response carries {@code Connection: close} when its head is still to be written, and the connection
     * closes after it. Nothing is cut.
     */
    @Override
    public void softStop() {
        if (phase == Phase.DONE || stopping) {
            return;
        }
        stopping = true;
        closeClientAfter = true;
        progress();
    }

    @Override
    public void superseded() {
        superseded = true;
    }

    @Override
    public void kill() {
        abort('K');
    }

    /** The server of the request under way, or null. */
    dev.baton.backend.Server currentServer() {
        return leg.server();
    }

    @Override
    public Object attachedServer() {
        return leg.server();
    }

    @Override
    public void killForServer(final char cause) {
        abort(cause);
    }

    /** Ends the session: closes what is open, gives back buffers, slots and counters. Idempotent. */
    void finish() {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        if (answers != null) {
            answers.drop();
        }
        timer.cancel();
        leg.end();
        server.endpoint = null;
        server.release();
        giveBackWorkspace();
        client.endpoint.close();
        client.release();
        frontend.counters().add(reactor.id(), Counter.BYTES_IN, client.bytesRead - clientBytesCounted);
        ListenerCounters.add(socket, reactor.id(), Counter.BYTES_IN, client.bytesRead - clientBytesCounted);
        clientBytesCounted = client.bytesRead;
        if (!stream) {
            if (stick != null) {
                stick.endSession();
            }
            limits.release(frontend);
        }
        reactor.live().remove(this);
    }

    /**
     * The client opened with the HTTP/2 preface: the connection goes to an {@link H2Front} with what was read, and
     * this session ends without a trace (no log, nothing counted twice: the front takes over the connection's slot,
     * session count and stick counters). Reactor thread.
     */
    void handOverToH2() {
        phase = Phase.DONE;
        timer.cancel();
        leg.end();
        server.release();
        giveBackWorkspace();
        reactor.live().remove(this);
        final H2Front front = new H2Front(reactor, pool, balancers, frontend, limits, client.endpoint, statsService,
            workspaces, stick);
        front.start(client.in);
        client.release();
    }

    private void updateInterest() {
        client.endpoint.interest(clientOps());
        if (leg.hasConnection()) {
            leg.endpoint().interest(leg.isConnected() ? server.wantedOps() : SelectionKey.OP_CONNECT);
        }
    }

    /**
     * What the client is polled for. Not for reads while the complete request of a client that is closed after its
     * answer waits for that answer: HAProxy does not poll such a client either, and a client that left meanwhile is
     * seen when the answer is written. A connection-per-request client served that way is never added to the
     * selector's epoll set, nor removed from it (two system calls fewer per connection).
     */
    private int clientOps() {
        final int ops = client.wantedOps();
        if (closeClientAfter && x.requestComplete && !x.responseComplete
            && (phase == Phase.QUEUED || phase == Phase.CONNECTING || phase == Phase.EXCHANGE)) {
            return ops & ~SelectionKey.OP_READ;
        }
        return ops;
    }

    /** The request as written for the server, where a server's {@code sni req.hdr(NAME)} is read. */
    @Override
    public java.nio.ByteBuffer requestOut() {
        return server.out;
    }

    @Override
    public int requestOutStart() {
        return server.outSent;
    }

    /** The request's unique id, made before it is forwarded (its PROXY header may carry it). */
    @Override
    public java.net.InetSocketAddress[] streamAddresses() {
        return ws == null ? null : ws.addresses.changed();
    }

    @Override
    public LogCaptures uniqueIdHolder() {
        return captures;
    }

    /** The wait in a queue ended (from this reactor's queue inbox): connect, wait again, or 503. */
    @Override
    public void onServerLegOutcome(final int outcome) {
        if (phase != Phase.QUEUED) {
            return;
        }
        HttpForwarder.onConnectOutcome(this, outcome);
        if (phase != Phase.DONE) {
            progress();
        }
    }

    // ================================================================== timeouts

    @Override
    public void onTimer(final long nowNs, final long id) {
        if (!timer.fired(id) || phase == Phase.DONE) {
            return;
        }
        final long d = HttpTimeouts.nextDeadlineNs(this);
        if (d != LazyTimer.NONE && nowNs - d >= 0) {
            HttpTimeouts.onTimeout(this);
            if (phase != Phase.DONE) {
                progress();
            }
            return;
        }
        timer.armBy(d);
    }

    @Override
    public String toString() {
        return "http-session[" + frontend.name() + " " + phase + " requests=" + requestsOnClient + "]";
    }
}
