package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.ErrorFile;
import dev.baton.config.ForwardFor;
import dev.baton.config.HttpConnectionMode;
import dev.baton.config.HttpOptions;
import dev.baton.config.HttpReuse;
import dev.baton.config.RetryOn;
import dev.baton.config.StatsPageConfig;
import dev.baton.http.rules.DenyRule;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.RedirectRule;
import dev.baton.http.rules.ReturnRule;
import dev.baton.http.rules.ValueTemplate;
import dev.baton.io.EndpointHandler;
import dev.baton.io.SocketEndpoint;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.log.HttpLogLine;
import dev.baton.log.TrafficLog;
import dev.baton.pool.ReactorPool;
import dev.baton.pool.ServerConnection;
import dev.baton.reactor.FdBudget;
import dev.baton.reactor.Killable;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;
import dev.baton.stats.Counter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One HTTP/1.1 client connection of a {@code mode http} frontend, for its whole keep-alive life, and the
 * server connection serving its current request. Everything runs on one reactor (DESIGN.md §1).
 *
 * <p><b>Shape.</b> Events only move bytes (client ↔ {@code cin}/{@code cout}, server ↔ {@code sin}/{@code
 * sout}); {@link #progress()} then advances the request as far as the buffers allow, and
 * {@link #updateInterest()} derives both sides' interest sets from the buffers, in one place. Input
 * buffers are kept in read mode, output buffers in write mode with a "sent up to" index. Buffers come from
 * the reactor's pool and go back as soon as they are empty, so an idle keep-alive client holds none. The
 * same goes for the request's working set (heads, parsers, body copies, rules, log line): a
 * {@link RequestWorkspace} borrowed from the reactor's {@link RequestWorkspaces} when a request's head
 * starts and given back when its exchange ends or the session does.
 *
 * <p><b>Phases.</b> WAIT_REQUEST (parse a head; {@code timeout http-request}, then
 * {@code http-keep-alive} between requests) → CONNECTING (a new server connection) → EXCHANGE (request
 * body out, response head and body back) → WAIT_REQUEST again, or CLOSING (flush, FIN, drain) → DONE.
 * A 101 response turns the exchange into a TUNNEL.
 *
 * <p><b>Server connections</b> come from, in order: the session's own private ones, the reactor's idle
 * pool as {@code http-reuse} allows (DESIGN.md §3 table), or a new connect. After a complete exchange the
 * connection goes back to the pool ({@link ReactorPool#offerIdle}), to the session if private, or is closed.
 * A reused connection found dead before any response byte is replaced and the request replayed when it
 * is still whole in {@code sout} and {@code retry-on} allows; otherwise a client that already had a
 * response on this connection is closed without one (it will retry), a first request gets 502.
 */
final class HttpSession implements EndpointHandler, TimerHandler, Killable {
    private enum Phase { WAIT_REQUEST, CONNECTING, EXCHANGE, TUNNEL, CLOSING, DONE }

    private static final long NONE = LazyTimer.NONE;
    private static final ValueTemplate CLIENT_ADDRESS = new ValueTemplate.Builder().src().build("%[src]");
    /** How long a closing client may keep sending after our FIN before we close anyway. */
    private static final long CLOSE_DRAIN_MS = 1_000;
    private static final int PROGRESS_STEPS = 32;

    private final Reactor reactor;
    private final ReactorPool pool;
    private final Frontend frontend;
    private final HttpOptions fePolicy;
    private final ConnectionLimits limits;
    private final FdBudget fds;
    private final SocketChannel clientChannel;
    private SocketEndpoint client;
    private int clientHash;

    private ByteBuffer cin;
    private ByteBuffer cout;
    private int coutSent;
    private ByteBuffer sin;
    private ByteBuffer sout;
    private int soutSent;

    private final RequestWorkspaces workspaces;
    /**
     * The heads, parsers, body copies, rules and log line of the request under way, borrowed from the
     * reactor when a request's head starts and given back when its exchange ends ({@link #borrowWorkspace},
     * {@link #giveBackWorkspace}); null between requests, so an idle keep-alive client holds none.
     */
    private RequestWorkspace ws;
    private final StatsService statsService;
    /** A whole answer baton makes itself (stats page, exporter) still being copied into cout, or null. */
    private byte[] localOut;
    private int localOutSent;
    /** The stats page whose admin POST waits for the rest of its body (head consumed), or null. */
    private StatsPageConfig adminPost;
    /** The Content-Length of that body. */
    private int adminPostLength;
    private byte[] srcAddress;
    private byte[] dstAddress;
    private InetSocketAddress clientAddress;

    // Per-request log figures (httplog); kept cheap when logging is off.
    private final boolean httplog;
    private boolean requestStarted;
    private boolean logPending;
    private long requestStartNs;
    private long requestEpochMs;
    private long headDoneNs = -1;
    private long connectStartNs;
    private long connectMs = -1;
    private long responseHeadNs = -1;
    private long bytesToClient;
    private char termCause = '-';
    private char termState = '-';
    private boolean redispatched;

    private Phase phase = Phase.WAIT_REQUEST;
    private int requestsOnClient;
    private boolean clientEof;
    private boolean closeClientAfter;
    private boolean outputShut;
    private boolean serverOutputShut;
    private int clientVersion;
    /**
     * The last {@link #flushClient} sent bytes. It frees room a copy into {@code cout} may have lacked in the
     * same step, so the step made progress even if nothing was copied: without counting it, the progress
     * loop stopped with server input waiting and no event left to resume it.
     */
    private boolean clientFlushed;
    /** An error reply waiting for the client output to drain first (null: none); see {@link #replyAndClose}. */
    private byte[] deferredReply;

    // The current exchange.
    private Backend backend;
    private boolean countedInBackend;
    private HttpOptions bePolicy;
    private Server server;
    private Server lastServer;
    private ServerConnection conn;
    private boolean connReused;
    private boolean connected;
    private boolean serverEof;
    private boolean serverKeepAlive;
    private boolean requestComplete;
    private boolean responseStarted;
    private boolean responseComplete;
    private boolean replayable;
    private int retries;
    private HttpMethod method;
    private int status;

    /** Made when the first private connection is parked: most sessions never have one. */
    private ServerConnection[] privateConns;
    private int privateCount;

    private long phaseStartNs;
    private long clientActivityNs;
    private long serverActivityNs;
    private final LazyTimer timer;

    HttpSession(final Reactor reactor, final ReactorPool pool, final Frontend frontend, final ConnectionLimits limits,
                final FdBudget fds, final SocketChannel clientChannel, final StatsService statsService,
                final RequestWorkspaces workspaces) {
        this.reactor = reactor;
        this.timer = new LazyTimer(reactor.timers(), this);
        this.statsService = statsService;
        this.pool = pool;
        this.frontend = frontend;
        this.fePolicy = frontend.config().http();
        this.limits = limits;
        this.fds = fds;
        this.clientChannel = clientChannel;
        this.workspaces = workspaces;
        this.httplog = frontend.log().format() == TrafficLog.Format.HTTPLOG;
    }

    void start() {
        reactor.live().add(this);
        frontend.counters().increment(reactor.id(), Counter.SESSIONS);
        try {
            final InetSocketAddress remote = (InetSocketAddress) clientChannel.getRemoteAddress();
            clientAddress = remote;
            clientHash = remote == null ? 0 : remote.getAddress().hashCode();
            final InetSocketAddress local = (InetSocketAddress) clientChannel.getLocalAddress();
            srcAddress = remote == null ? new byte[4] : remote.getAddress().getAddress();
            dstAddress = local == null ? new byte[4] : local.getAddress().getAddress();
            client = new SocketEndpoint(clientChannel, fds, this);
            client.register(reactor, SelectionKey.OP_READ);
        } catch (final IOException e) {
            if (client == null) {
                closeQuietly(clientChannel);
                fds.closed();
            }
            finish();
            return;
        }
        phaseStartNs = reactor.nowNs();
        clientActivityNs = phaseStartNs;
        timer.armBy(nextDeadlineNs());
    }

    // ================================================================== events

    @Override
    public void onReady(final SocketEndpoint endpoint, final int readyOps) {
        if (phase == Phase.DONE) {
            return;
        }
        if (endpoint == client) {
            if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                flushClient();
            }
            if ((readyOps & SelectionKey.OP_READ) != 0 && phase != Phase.DONE) {
                readClient();
            }
        } else if (conn != null && endpoint == conn.endpoint()) {
            if (!connected) {
                if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                    finishConnect();
                }
            } else {
                if ((readyOps & SelectionKey.OP_WRITE) != 0) {
                    flushServer();
                }
                if ((readyOps & SelectionKey.OP_READ) != 0 && conn != null) {
                    readServer();
                }
            }
        } else {
            onParkedPrivateEvent(endpoint);
            return;
        }
        progress();
    }

    private void readClient() {
        if (cin == null) {
            cin = acquireInput();
        }
        final int n;
        try {
            n = IoBuffers.fill(client, cin);
        } catch (final IOException e) {
            abort('C');
            return;
        }
        if (n > 0) {
            clientActivityNs = reactor.nowNs();
            if (phase == Phase.WAIT_REQUEST) {
                markRequestStart();
            }
        } else if (n < 0) {
            clientEof = true;
        }
    }

    /** The first byte of a request is here: HAProxy's request date and the start of TR and Ta. */
    private void markRequestStart() {
        if (!requestStarted) {
            requestStarted = true;
            requestStartNs = reactor.nowNs();
            if (httplog) {
                requestEpochMs = System.currentTimeMillis();
            }
        }
    }

    private void readServer() {
        if (sin == null) {
            sin = acquireInput();
        }
        final int n;
        try {
            n = IoBuffers.fill(conn.endpoint(), sin);
        } catch (final IOException e) {
            serverEof = true;
            return;
        }
        if (n > 0) {
            serverActivityNs = reactor.nowNs();
        } else if (n < 0) {
            serverEof = true;
        }
    }

    /**
     * Writes pending client output; false when the client is gone (the session is aborted). Gives the
     * buffer back once all is sent, so that {@code cout != null} means bytes are on their way to the client.
     */
    private boolean flushClient() {
        clientFlushed = false;
        if (cout == null) {
            return true;
        }
        if (coutSent < cout.position()) {
            try {
                final int before = coutSent;
                coutSent = IoBuffers.flush(client, cout, coutSent);
                if (coutSent != before) {
                    clientActivityNs = reactor.nowNs();
                    clientFlushed = true;
                }
            } catch (final IOException e) {
                abort('C');
                return false;
            }
        }
        if (coutSent == cout.position()) {
            releaseClientOutput();
            if (phase == Phase.WAIT_REQUEST) {
                phaseStartNs = reactor.nowNs(); // the wait for the next request starts now
                timer.armBy(nextDeadlineNs());
            }
        }
        return true;
    }

    /** Writes pending server output. A failure is a dead connection: {@link #onServerFailure}. */
    private void flushServer() {
        if (sout == null || soutSent == sout.position() || !connected) {
            return;
        }
        try {
            final int before = soutSent;
            soutSent = IoBuffers.flush(conn.endpoint(), sout, soutSent);
            if (soutSent != before) {
                serverActivityNs = reactor.nowNs();
            }
        } catch (final IOException e) {
            serverEof = true;
        }
    }

    // ================================================================== progress

    /** Advances the state machine as far as buffers allow, then sets interests. */
    private void progress() {
        for (int step = 0; step < PROGRESS_STEPS && phase != Phase.DONE; step++) {
            final boolean moved;
            switch (phase) {
                case WAIT_REQUEST:
                    moved = parseRequest();
                    break;
                case EXCHANGE:
                    moved = exchange();
                    break;
                case TUNNEL:
                    moved = tunnel();
                    break;
                case CLOSING:
                    moved = closing();
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

    private boolean parseRequest() {
        if (localOut != null) {
            return streamLocalAnswer();
        }
        if (cout != null) {
            // The previous response is still on its way to the client: as HAProxy's H1 mux, take the next
            // request (and start its timers) only once it is sent, so that nothing, neither an error reply
            // nor a server timeout of the next exchange, can come between its bytes.
            return false;
        }
        if (adminPost != null) {
            return continueAdminPost();
        }
        if (cin == null || !cin.hasRemaining()) {
            releaseInputIfEmpty();
            if (clientEof) {
                finish();
            }
            return false;
        }
        markRequestStart();
        borrowWorkspace();
        final int r = ws.reqParser.parse(cin, ws.req);
        if (r == HeadParser.NEED_MORE) {
            if (clientEof) {
                replyAndClose(400);
                return true;
            }
            return false;
        }
        if (HttpError.isError(r)) {
            replyAndClose(HttpError.status(r));
            return true;
        }
        beginRequest();
        return true;
    }

    private void beginRequest() {
        final boolean first = requestsOnClient == 0;
        requestsOnClient++;
        logPending = true;
        headDoneNs = reactor.nowNs();
        connectMs = -1;
        responseHeadNs = -1;
        bytesToClient = 0;
        termCause = '-';
        termState = '-';
        redispatched = false;
        if (httplog) {
            final HttpLogLine logLine = ws.logLine();
            final int n = Math.min(ws.req.startLineLength(), logLine.requestLine.length);
            ws.req.buffer().get(ws.req.startLineStart(), logLine.requestLine, 0, n);
            logLine.requestLineLength = n;
        }
        method = ws.req.method();
        clientVersion = ws.req.version();
        closeClientAfter = !ws.req.keepAliveByVersion() || fePolicy.connectionMode() == HttpConnectionMode.CLOSE;
        ws.reqBody.start(HeadParser.requestFraming(ws.req), ws.req.contentLength());
        requestComplete = false;
        responseStarted = false;
        responseComplete = false;
        serverEof = false;
        status = 0;
        retries = 0;
        replayable = true;
        ws.resp.reset();

        frontend.counters().increment(reactor.id(), Counter.REQUESTS);
        // http-request rules of the frontend, use_backend, then those of the backend (HAProxy's order).
        final HeaderEdits edits = ws.rewriter.begin();
        HttpRule verdict = ws.runner.run(fePolicy.requestRules(), ws.reqView.of(ws.req), ws.req, edits);
        if ((verdict == null || verdict.kind() == HttpRule.Kind.ALLOW) && StatsService.matches(fePolicy.stats(), ws.req)) {
            backend = null; // the frontend's stats page, before use_backend as in HAProxy
            serveStats(fePolicy.stats());
            return;
        }
        if (verdict == null || verdict.kind() == HttpRule.Kind.ALLOW) {
            backend = frontend.backendFor(ws.reqView);
            if (backend.config() != frontend.config()) {
                final HttpRule beVerdict = ws.runner.run(backend.config().http().requestRules(), ws.reqView, ws.req, edits);
                verdict = beVerdict != null && beVerdict.kind() != HttpRule.Kind.ALLOW ? beVerdict : null;
            } else if (verdict != null) {
                verdict = null;
            }
        } else {
            backend = frontend.defaultBackend();
        }
        if (backend == null && verdict == null) {
            cin.position(cin.position() + ws.req.headLength());
            ws.req.reset();
            replyAndClose(503); // no use_backend matched and no default_backend
            return;
        }
        if (backend != null) {
            bePolicy = backend.config().http();
            backend.currConns().incrementAndGet();
            countedInBackend = true;
            backend.counters().increment(reactor.id(), Counter.SESSIONS);
        }
        if (verdict != null) {
            answerLocally(verdict);
            return;
        }
        if (backend.config() != frontend.config() && StatsService.matches(bePolicy.stats(), ws.req)) {
            serveStats(bePolicy.stats());
            return;
        }
        addForwardedFor(edits);

        sout = acquireOutput();
        soutSent = 0;
        if (!ws.rewriter.writeRequest(ws.req, sout, serverSideClose())) {
            cin.position(cin.position() + ws.req.headLength());
            replyAndClose(500);
            return;
        }
        cin.position(cin.position() + ws.req.headLength());
        ws.req.reset();
        server = pickServer(null);
        if (server == null) {
            replyAndClose(503);
            return;
        }
        connect(first);
    }

    /** {@code option forwardfor}: the client's address in X-Forwarded-For (or the configured header). */
    private void addForwardedFor(final HeaderEdits edits) {
        final ForwardFor fe = fePolicy.forwardFor();
        final ForwardFor be = bePolicy.forwardFor();
        if (fe == null && be == null) {
            return;
        }
        final HeaderName name = HeaderNames.of(ForwardFor.header(fe, be));
        if (ForwardFor.applies(fe, be, srcAddress, ws.req.indexOf(name, 0) >= 0)) {
            ws.runner.addRendered(name, CLIENT_ADDRESS, ws.reqView, edits);
        }
    }

    /**
     * A final http-request rule matched: deny answers its error and closes; redirect and return answer
     * here and keep the connection when the request had no body to skip.
     */
    private void answerLocally(final HttpRule verdict) {
        final boolean bodyToSkip = !ws.reqBody.isDone();
        if (verdict.kind() == HttpRule.Kind.DENY) {
            cin.position(cin.position() + ws.req.headLength());
            ws.req.reset();
            if (backend != null) {
                backend.counters().increment(reactor.id(), Counter.DENIED_REQUESTS);
            }
            replyAndClose(((DenyRule) verdict).status());
            return;
        }
        closeClientAfter |= bodyToSkip;
        if (verdict.kind() == HttpRule.Kind.USE_SERVICE) {
            status = 200;
            answerWhole(statsService.prometheus(ws.req, closeClientAfter));
            return;
        }
        if (cout == null) {
            cout = acquireOutput();
        }
        final boolean written;
        if (verdict.kind() == HttpRule.Kind.REDIRECT) {
            final RedirectRule r = (RedirectRule) verdict;
            status = r.code();
            written = ws.replies.redirect(r, ws.reqView, ws.req, cout, closeClientAfter);
        } else {
            final ReturnRule r = (ReturnRule) verdict;
            status = r.status();
            written = ws.replies.answer(r, ws.reqView, cout, closeClientAfter);
        }
        cin.position(cin.position() + ws.req.headLength());
        ws.req.reset();
        if (!written) {
            replyAndClose(500);
            return;
        }
        responseComplete = true;
        requestComplete = true;
        termCause = 'L';
        termState = 'R';
        bytesToClient = cout.position() - coutSent;
        completeExchange();
    }

    /** The stats page of {@code stats} (or its 401): a local answer, no server involved. */
    private void serveStats(final StatsPageConfig stats) {
        final boolean admin = stats.admin() != null && stats.admin().test(ws.reqView);
        if (admin && method == HttpMethod.POST && StatsService.authorized(stats, ws.req)) {
            startAdminPost(stats);
            return;
        }
        closeClientAfter |= !ws.reqBody.isDone();
        final byte[] answer = statsService.page(stats, ws.req, admin, closeClientAfter, ws.localStatus);
        status = ws.localStatus[0];
        answerWhole(answer);
    }

    /**
     * An admin action posted to the stats page ({@code stats admin} holds): its form body, with a
     * Content-Length of at most one buffer (else 413; chunked: 400), is read from cin, then applied.
     */
    private void startAdminPost(final StatsPageConfig stats) {
        final BodyFraming framing = HeadParser.requestFraming(ws.req);
        final long length = framing == BodyFraming.CONTENT_LENGTH ? ws.req.contentLength() : 0;
        cin.position(cin.position() + ws.req.headLength());
        ws.req.reset();
        if (framing == BodyFraming.CHUNKED) {
            replyAndClose(400);
            return;
        }
        if (length > cin.capacity()) {
            replyAndClose(413);
            return;
        }
        adminPost = stats;
        adminPostLength = (int) length;
        continueAdminPost();
    }

    /** Applies the admin POST once its whole body is in cin; true when it did (or gave up). */
    private boolean continueAdminPost() {
        final int have = cin == null ? 0 : cin.remaining();
        if (have < adminPostLength) {
            if (clientEof) {
                adminPost = null;
                replyAndClose(400);
                return true;
            }
            return false;
        }
        final byte[] body = new byte[adminPostLength];
        if (adminPostLength > 0) {
            cin.get(body);
        }
        final StatsPageConfig stats = adminPost;
        adminPost = null;
        final byte[] answer = statsService.adminPost(stats, body, closeClientAfter, ws.localStatus);
        status = ws.localStatus[0];
        answerWhole(answer);
        return true;
    }

    /**
     * Ends the request with {@code answer}, a whole response streamed into cout by {@link #pumpLocalAnswer}
     * before the next request is read (or the connection closed).
     */
    private void answerWhole(final byte[] answer) {
        cin.position(cin.position() + ws.req.headLength());
        ws.req.reset();
        localOut = answer;
        localOutSent = 0;
        responseComplete = true;
        requestComplete = true;
        termCause = 'L';
        termState = 'R';
        bytesToClient = answer.length;
        pumpLocalAnswer();
        completeExchange();
    }

    /**
     * Copies {@link #localOut} into cout and flushes, as long as the client takes bytes; true when some moved
     * (false also when the client is gone).
     */
    private boolean streamLocalAnswer() {
        boolean moved = false;
        while (localOut != null) {
            final boolean copied = pumpLocalAnswer();
            final ByteBuffer before = cout;
            final int sentBefore = coutSent;
            if (!flushClient()) {
                return false;
            }
            if (!copied && cout == before && coutSent == sentBefore) {
                break;
            }
            moved = true;
        }
        return moved;
    }

    /** Copies what fits of {@link #localOut} into cout; true when bytes were copied. */
    private boolean pumpLocalAnswer() {
        if (cout == null) {
            cout = acquireOutput();
        }
        if (!cout.hasRemaining()) {
            coutSent = IoBuffers.compactSent(cout, coutSent);
        }
        final int n = Math.min(cout.remaining(), localOut.length - localOutSent);
        cout.put(localOut, localOutSent, n);
        localOutSent += n;
        if (localOutSent == localOut.length) {
            localOut = null;
            localOutSent = 0;
        }
        return n > 0;
    }

    /** Server connections close after each response in http-server-close and httpclose modes. */
    private boolean serverSideClose() {
        return fePolicy.connectionMode() != HttpConnectionMode.KEEP_ALIVE
            || (bePolicy != null && bePolicy.connectionMode() != HttpConnectionMode.KEEP_ALIVE);
    }

    /**
     * {@code retry-on conn-failure empty-response response-timeout}: an L7 retry hides a dead reused
     * connection from the client, so even a first request may take an idle one (HAProxy's retry_safe).
     */
    private static boolean retriesHideDeadConnections(final HttpOptions o) {
        return o.retryOn().contains(RetryOn.CONN_FAILURE) && o.retryOn().contains(RetryOn.EMPTY_RESPONSE)
            && o.retryOn().contains(RetryOn.RESPONSE_TIMEOUT);
    }

    private Server pickServer(final Server avoid) {
        Server s = avoid == null ? preferredServer() : null;
        if (s == null) {
            s = backend.pickAndAcquire(reactor.id(), clientHash, avoid);
        }
        if (s != null) {
            s.counters().increment(reactor.id(), Counter.SESSIONS);
        }
        return s;
    }

    /**
     * HAProxy's SESS_FL_PREFER_LAST: once a server authenticated a connection of this session (NTLM,
     * Negotiate), the session keeps going to it, with its slot claimed, while it holds that connection
     * parked and the server is usable. Else null: the balancer picks.
     */
    private Server preferredServer() {
        final Server last = lastServer;
        if (last == null || last.backend() != backend || !last.isEligible() || !holdsPrivate(last)
            || !last.tryAcquire()) {
            return null;
        }
        last.counters().increment(reactor.id(), Counter.SELECTED);
        return last;
    }

    private boolean holdsPrivate(final Server target) {
        for (int i = 0; i < privateCount; i++) {
            if (privateConns[i].server() == target) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ server connection

    /** Gets a server connection for the current request: private, pooled per http-reuse, or new. */
    private void connect(final boolean first) {
        ServerConnection c = takePrivate(server);
        final HttpReuse reuse = bePolicy.reuse();
        if (c == null && reuse != HttpReuse.NEVER) {
            if (!first || retriesHideDeadConnections(bePolicy)) {
                c = pool.takeIdle(server, false);
            } else if (reuse == HttpReuse.AGGRESSIVE || reuse == HttpReuse.ALWAYS) {
                c = pool.takeIdle(server, true);
                if (c == null && reuse == HttpReuse.ALWAYS) {
                    c = pool.takeIdle(server, false);
                }
            }
        }
        if (c != null) {
            conn = c;
            c.handler(this);
            connReused = true;
            connected = true;
            connectMs = 0;
            count(Counter.REUSES);
            serverActivityNs = reactor.nowNs();
            enterExchange();
            return;
        }
        openNew();
    }

    private void openNew() {
        pool.relieveFdPressure(server);
        final SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (final IOException e) {
            replyAndClose(503); // no descriptor left: a resource shortage
            return;
        }
        fds.opened();
        connReused = false;
        connected = false;
        connectStartNs = reactor.nowNs();
        count(Counter.CONNECTS);
        try {
            final ServerConnection c = new ServerConnection(server, new SocketEndpoint(channel, fds, null), pool);
            conn = c;
            c.handler(this);
            if (bePolicy.reuse() == HttpReuse.NEVER) {
                c.makePrivate();
            } else {
                pool.countNew(c);
            }
            if (channel.connect(server.address())) {
                c.register(pool, SelectionKey.OP_READ);
                connected = true;
                serverActivityNs = reactor.nowNs();
                enterExchange();
            } else {
                c.register(pool, SelectionKey.OP_CONNECT);
                phase = Phase.CONNECTING;
                phaseStartNs = reactor.nowNs();
                timer.armBy(nextDeadlineNs());
            }
        } catch (final IOException e) {
            if (conn == null) {
                closeQuietly(channel);
                fds.closed();
            }
            onConnectFailed();
        }
    }

    private void finishConnect() {
        try {
            if (conn.endpoint().channel().finishConnect()) {
                connected = true;
                conn.endpoint().interest(SelectionKey.OP_READ);
                serverActivityNs = reactor.nowNs();
                enterExchange();
            }
        } catch (final IOException e) {
            onConnectFailed();
        }
    }

    private void enterExchange() {
        if (!connReused) {
            connectMs = (reactor.nowNs() - connectStartNs) / 1_000_000L;
        }
        phase = Phase.EXCHANGE;
        phaseStartNs = reactor.nowNs();
        timer.armBy(nextDeadlineNs());
    }

    /** A new connection could not be established: retry (maybe elsewhere) or answer 503. */
    private void onConnectFailed() {
        count(Counter.CONNECT_ERRORS);
        dropServerConnection(true);
        if (!retry()) {
            replyAndClose(503);
        }
    }

    /**
     * Opens another connection for the current request, if retries are left: same server, or another
     * when {@code option redispatch} says so. The request is replayed from the start of {@code sout}.
     */
    private boolean retry() {
        final int max = backend.config().retries();
        if (retries >= max || !replayable) {
            return false;
        }
        retries++;
        count(Counter.RETRIES);
        soutSent = 0;
        if (backend.config().redispatch().appliesTo(retries, max)) {
            redispatched = true;
            final Server failed = server;
            releaseServerSlot();
            server = pickServer(failed);
            count(Counter.REDISPATCHES);
            if (server == null) {
                return false;
            }
        }
        connect(false);
        return true;
    }

    /**
     * The server connection died (closed, reset or unwritable) before the response started. A reused
     * connection is not the server's fault: replay if allowed; else close the client silently when it
     * already had a response on this connection (it will retry), else 502.
     */
    private void onServerFailure() {
        final boolean reused = connReused;
        count(Counter.RESPONSE_ERRORS);
        dropServerConnection(true);
        final boolean mayRetry = reused
            ? bePolicy.retryOn().contains(RetryOn.CONN_FAILURE) || bePolicy.retryOn().contains(RetryOn.EMPTY_RESPONSE)
            : bePolicy.retryOn().contains(RetryOn.EMPTY_RESPONSE);
        if (mayRetry && retry()) {
            return;
        }
        if (reused && requestsOnClient > 1) {
            finish(); // no response at all: the client retries on a new connection
            return;
        }
        replyAndClose(502);
    }

    private ServerConnection takePrivate(final Server target) {
        for (int i = 0; i < privateCount; i++) {
            final ServerConnection c = privateConns[i];
            if (c.server() == target) {
                privateConns[i] = privateConns[--privateCount];
                privateConns[privateCount] = null;
                return c;
            }
        }
        return null;
    }

    /** A parked private connection woke up: its server closed it, or sent garbage. Close it. */
    private void onParkedPrivateEvent(final SocketEndpoint endpoint) {
        for (int i = 0; i < privateCount; i++) {
            final ServerConnection c = privateConns[i];
            if (c.endpoint() == endpoint) {
                privateConns[i] = privateConns[--privateCount];
                privateConns[privateCount] = null;
                c.abort();
                return;
            }
        }
    }

    /** Closes the current server connection (used, not pooled) and forgets what it sent. */
    private void dropServerConnection(final boolean abort) {
        if (conn != null) {
            pool.closeUsed(conn, abort);
            conn = null;
        }
        connected = false;
        serverEof = false;
        if (sin != null) {
            sin.clear().flip();
        }
        if (ws != null) {
            ws.respParser.reset(); // a head begun on this connection is abandoned with its bytes
        }
    }

    // ------------------------------------------------------------------ exchange

    private boolean exchange() {
        boolean moved = false;
        if (!requestComplete) {
            moved |= pumpRequestBody();
            if (phase != Phase.EXCHANGE) {
                return true;
            }
        }
        final int sentBefore = soutSent;
        flushServer();
        moved |= soutSent != sentBefore;
        if (!responseStarted) {
            moved |= parseResponse();
            if (phase != Phase.EXCHANGE) {
                return true;
            }
        }
        if (responseStarted && !responseComplete) {
            moved |= pumpResponse();
            if (phase != Phase.EXCHANGE) {
                return true;
            }
        }
        // Settle the server connection before the client can see the end of the response: a client that
        // has read its response and sends its next request elsewhere must find the connection parked.
        if (responseComplete && requestComplete && soutSent == sout.position()) {
            completeExchange();
            return flushClient();
        }
        if (responseComplete && !requestComplete) {
            // The server answered before the request body ended (an early error): neither side can go on.
            serverKeepAlive = false;
            closeClientAfter = true;
            completeExchange();
            return flushClient();
        }
        if (!flushClient()) {
            return false;
        }
        return moved | clientFlushed; // a flush that freed room lets the next step move more of sin
    }

    private boolean pumpRequestBody() {
        if (!ws.reqBody.isDone() && cin != null && cin.hasRemaining()) {
            if (!sout.hasRemaining()) {
                // Making room drops what was sent: the request can no longer be replayed.
                replayable = false;
                soutSent = IoBuffers.compactSent(sout, soutSent);
            }
            final int n = ws.reqBody.copy(cin, sout);
            if (n < 0) {
                if (responseStarted) {
                    abort('C'); // the server answered early and its response is under way: no room for a 400
                } else {
                    replyAndClose(400);
                }
                return true;
            }
            if (ws.reqBody.isDone()) {
                requestComplete = true;
            }
            return n > 0;
        }
        if (ws.reqBody.isDone()) {
            requestComplete = true;
            return false;
        }
        if (clientEof) {
            abort('C'); // the client left in the middle of its request body
            return true;
        }
        return false;
    }

    private boolean parseResponse() {
        if (sin == null || !sin.hasRemaining()) {
            if (serverEof) {
                onServerFailure();
                return true;
            }
            return false;
        }
        if (cout != null) {
            // A head is written to an empty client output only: the previous response (pipelining) or an
            // interim one may still be on its way to a slow client, and must not be cut or overrun.
            return false;
        }
        final int r = ws.respParser.parse(sin, ws.resp);
        if (r == HeadParser.NEED_MORE) {
            if (serverEof) {
                badGateway();
                return true;
            }
            return false;
        }
        if (HttpError.isError(r)) {
            badGateway();
            return true;
        }
        final int code = ws.resp.status();
        if (code < 200 && code != 101) {
            // Interim response (100 Continue, 103 Early Hints): forward as is, keep waiting.
            copyHeadAsIs(ws.resp);
            ws.resp.reset();
            return true;
        }
        responseStarted = true;
        status = code;
        responseHeadNs = reactor.nowNs();
        if (code == 101 || (method == HttpMethod.CONNECT && code < 300)) {
            // Switching protocols, or a tunnel established by CONNECT: bytes flow raw both ways from here.
            copyHeadAsIs(ws.resp);
            ws.resp.reset();
            enterTunnel();
            return true;
        }
        if ((code == 401 || code == 407) && ws.rewriter.asksForConnectionAuth(ws.resp)) {
            pool.makePrivate(conn); // NTLM/Negotiate authenticate the connection, not the request
            lastServer = server;
        }
        final BodyFraming framing = HeadParser.responseFraming(ws.resp, method);
        serverKeepAlive = ws.resp.keepAliveByVersion() && framing != BodyFraming.UNTIL_CLOSE && !serverSideClose();
        if (framing == BodyFraming.UNTIL_CLOSE) {
            closeClientAfter = true; // the only way to tell the client where the body ends
        }
        if (cout == null) {
            cout = acquireOutput();
        }
        final HeaderEdits edits = ws.rewriter.begin();
        ws.runner.run(bePolicy.responseRules(), ws.respView.of(ws.resp), ws.resp, edits);
        if (backend.config() != frontend.config()) {
            ws.runner.run(fePolicy.responseRules(), ws.respView, ws.resp, edits);
        }
        if (!ws.rewriter.writeResponse(ws.resp, cout, closeClientAfter, clientVersion)) {
            badGateway();
            return true;
        }
        sin.position(sin.position() + ws.resp.headLength());
        bytesToClient = cout.position() - coutSent;
        ws.respBody.start(framing, ws.resp.contentLength());
        ws.resp.reset();
        if (ws.respBody.isDone()) {
            responseComplete = true;
        }
        return true;
    }

    private boolean pumpResponse() {
        if (sin != null && sin.hasRemaining()) {
            if (cout == null) {
                cout = acquireOutput();
            }
            if (!cout.hasRemaining()) {
                coutSent = IoBuffers.compactSent(cout, coutSent);
            }
            final int n = ws.respBody.copy(sin, cout);
            if (n < 0) {
                abort('S');
                return true;
            }
            if (ws.respBody.isDone()) {
                responseComplete = true;
            }
            return n > 0;
        }
        if (serverEof) {
            if (ws.respBody.endOfInput()) {
                responseComplete = true;
                serverKeepAlive = false;
                return true;
            }
            abort('S'); // truncated response: the client must see the failure
            return true;
        }
        return false;
    }

    /** The response is complete and the request fully sent: settle the server connection, go on. */
    private void completeExchange() {
        bytesToClient += ws.respBody.moved();
        logRequest();
        if (conn != null) {
            conn.countServed();
            final boolean clean = serverKeepAlive && !serverEof && (sin == null || !sin.hasRemaining());
            if (!clean) {
                dropServerConnection(false);
            } else {
                park(conn);
                conn = null;
                connected = false;
            }
        }
        releaseServerSide();
        giveBackWorkspace();
        if (closeClientAfter) {
            enterClosing();
            return;
        }
        phase = Phase.WAIT_REQUEST;
        requestStarted = false;
        headDoneNs = -1;
        phaseStartNs = reactor.nowNs();
        timer.armBy(nextDeadlineNs());
    }

    /** Keeps a finished connection: in the session if private, else in the reactor's pool; or closes it. */
    private void park(final ServerConnection c) {
        if (c.isPrivate()) {
            if (privateConns == null) {
                privateConns = new ServerConnection[Math.max(1, fePolicy.maxSessionSrvConns())];
            }
            if (privateCount < privateConns.length && !c.server().isDisabled()) {
                privateConns[privateCount++] = c;
                c.handler(this);
                c.endpoint().interest(SelectionKey.OP_READ);
            } else {
                c.close();
            }
            return;
        }
        if (!pool.offerIdle(c, bePolicy.reuse() == HttpReuse.NEVER)) {
            pool.closeUsed(c, false);
        }
    }

    /** Takes a request workspace from the reactor unless the session holds one already. */
    private void borrowWorkspace() {
        if (ws == null) {
            ws = workspaces.borrow();
            ws.attach(srcAddress, dstAddress);
        }
    }

    /**
     * Gives the request workspace back when the exchange is over (answered, or the session ends): nothing
     * of it may be used until {@link #borrowWorkspace} again.
     */
    private void giveBackWorkspace() {
        if (ws != null) {
            workspaces.giveBack(ws);
            ws = null;
        }
    }

    private void releaseServerSide() {
        releaseServerSlot();
        if (countedInBackend) {
            countedInBackend = false;
            backend.currConns().decrementAndGet();
        }
        if (sin != null && !sin.hasRemaining()) {
            reactor.buffers().release(sin);
            sin = null;
        }
        if (sout != null) {
            reactor.buffers().release(sout);
            sout = null;
            soutSent = 0;
        }
        server = null;
    }

    private void releaseServerSlot() {
        if (server != null) {
            server.release();
        }
    }

    // ------------------------------------------------------------------ tunnel (101)

    private void enterTunnel() {
        phase = Phase.TUNNEL;
        serverKeepAlive = false;
        closeClientAfter = true;
        ws.reqBody.start(BodyFraming.UNTIL_CLOSE, -1);
        ws.respBody.start(BodyFraming.UNTIL_CLOSE, -1);
        timer.armBy(nextDeadlineNs());
    }

    private boolean tunnel() {
        boolean moved = false;
        if (cin != null && cin.hasRemaining()) {
            if (!sout.hasRemaining()) {
                soutSent = IoBuffers.compactSent(sout, soutSent);
            }
            moved |= ws.reqBody.copy(cin, sout) > 0;
        }
        if (sin != null && sin.hasRemaining()) {
            if (cout == null) {
                cout = acquireOutput();
            }
            if (!cout.hasRemaining()) {
                coutSent = IoBuffers.compactSent(cout, coutSent);
            }
            moved |= ws.respBody.copy(sin, cout) > 0;
        }
        final int sentBefore = soutSent;
        flushServer();
        moved |= soutSent != sentBefore; // room for more of cin, as clientFlushed is for more of sin
        if (!flushClient()) {
            return false;
        }
        moved |= clientFlushed;
        final boolean clientDrained = clientEof && (cin == null || !cin.hasRemaining()) && soutSent == sout.position();
        final boolean serverDrained = serverEof && (sin == null || !sin.hasRemaining())
            && (cout == null || coutSent == cout.position());
        if (clientDrained && serverDrained) {
            status = 101;
            dropServerConnection(false);
            releaseServerSide();
            finish();
            return false;
        }
        if (clientDrained && !serverOutputShut) {
            serverOutputShut = true;
            conn.endpoint().shutdownOutput();
        }
        if (serverDrained && !outputShut) {
            outputShut = true;
            client.shutdownOutput();
        }
        return moved;
    }

    // ------------------------------------------------------------------ replies and ending

    /** Sends one of baton's own replies (or the errorfile) and closes the client afterwards. */
    private void replyAndClose(final int code) {
        status = code;
        setTermination(code);
        if (conn != null) {
            dropServerConnection(true);
        }
        final byte[] reply = errorReply(code);
        if (cout == null) {
            writeReply(reply);
        } else {
            deferredReply = reply; // after the interim response still going out, which must stay whole
        }
        bytesToClient = reply.length;
        if (requestStarted || logPending) {
            logPending = true;
            logRequest();
        }
        releaseServerSide();
        giveBackWorkspace();
        closeClientAfter = true;
        enterClosing();
    }

    private void writeReply(final byte[] reply) {
        cout = acquireOutput();
        cout.put(reply, 0, Math.min(reply.length, cout.remaining()));
    }

    /** The errorfile for {@code code} (the backend's, else the frontend's), else baton's own reply. */
    private byte[] errorReply(final int code) {
        ErrorFile file = backend != null ? backend.config().http().errorFile(code) : null;
        if (file == null) {
            file = fePolicy.errorFile(code);
        }
        return file != null ? file.response() : ErrorReplies.get(code);
    }

    /** HAProxy's termination state for a reply baton makes itself. */
    private void setTermination(final int code) {
        switch (code) {
            case 408:
                termCause = 'c';
                termState = phase == Phase.EXCHANGE ? 'D' : 'R'; // in the request body, or in its head
                break;
            case 502:
                termCause = responseStarted ? 'P' : 'S';
                termState = 'H';
                break;
            case 503:
                termCause = 'S';
                termState = 'C';
                break;
            case 504:
                termCause = 's';
                termState = 'H';
                break;
            default:
                termCause = 'P';
                termState = 'R';
                break;
        }
    }

    /** One httplog line for the request that just ended (once). */
    private void logRequest() {
        if (!logPending) {
            return;
        }
        logPending = false;
        if (!httplog) {
            return;
        }
        borrowWorkspace(); // a request that failed before its head parsed logs <BADREQ>
        final long now = reactor.nowNs();
        final HttpLogLine l = ws.logLine();
        l.client = clientAddress;
        l.requestEpochMs = requestEpochMs != 0 ? requestEpochMs : System.currentTimeMillis();
        l.frontend = frontend.name();
        l.backend = backend != null ? backend.name() : frontend.name();
        l.server = server != null ? server.name() : "<NOSRV>";
        l.requestMs = requestStarted && headDoneNs != -1 ? (headDoneNs - requestStartNs) / 1_000_000L : -1;
        l.connectMs = connectMs;
        l.responseMs = responseHeadNs < 0 ? -1 : (responseHeadNs - headDoneNs) / 1_000_000L;
        l.activeMs = (now - requestStartNs) / 1_000_000L;
        l.status = status == 0 ? -1 : status;
        l.bytesRead = bytesToClient;
        l.terminationCause = termCause;
        l.terminationState = termState;
        l.actconn = limits.globalCurrent();
        l.feconn = frontend.currConns().get();
        l.beconn = backend != null ? backend.currConns().get() : 0;
        l.srvconn = server != null ? server.currConns() : 0;
        l.retries = retries;
        l.redispatched = redispatched;
        frontend.log().httplog(l);
        l.requestLineLength = 0;
    }

    private void badGateway() {
        count(Counter.RESPONSE_ERRORS);
        replyAndClose(502);
    }

    private void enterClosing() {
        phase = Phase.CLOSING;
        phaseStartNs = reactor.nowNs();
        timer.armBy(nextDeadlineNs());
    }

    /** Flushes the last bytes, sends FIN, then drains the client until it closes or the drain time ends. */
    private boolean closing() {
        if (localOut != null) {
            return streamLocalAnswer();
        }
        if (!flushClient()) {
            return false;
        }
        if (cout == null && deferredReply != null) {
            writeReply(deferredReply);
            deferredReply = null;
            if (!flushClient()) {
                return false;
            }
        }
        if (cout != null) {
            return false;
        }
        if (!client.isClosed() && !outputShut) {
            outputShut = true;
            client.shutdownOutput();
            phaseStartNs = reactor.nowNs();
            timer.armBy(nextDeadlineNs());
        }
        if (cin != null) {
            cin.position(cin.limit()); // discard whatever the client still sends
        }
        if (clientEof) {
            finish();
        }
        return false;
    }

    /** Something broke on side {@code who} ('C' client, 'S' server): close everything at once with RST. */
    private void abort(final char who) {
        termCause = who;
        termState = responseStarted ? 'D' : phase == Phase.WAIT_REQUEST ? 'R' : phase == Phase.CONNECTING ? 'C' : 'H';
        if (logPending) {
            logRequest();
        }
        if (who == 'S') {
            count(Counter.SERVER_ABORTS);
        } else {
            count(Counter.CLIENT_ABORTS);
        }
        if (conn != null) {
            dropServerConnection(true);
        }
        releaseServerSide();
        client.abort();
        finish();
    }

    @Override
    public void kill() {
        abort('K');
    }

    /** Ends the session: closes what is open, gives back buffers, slots and counters. Idempotent. */
    private void finish() {
        if (phase == Phase.DONE) {
            return;
        }
        phase = Phase.DONE;
        localOut = null;
        timer.cancel();
        if (conn != null) {
            dropServerConnection(true);
        }
        releaseServerSide();
        giveBackWorkspace();
        for (int i = 0; i < privateCount; i++) {
            privateConns[i].close();
            privateConns[i] = null;
        }
        privateCount = 0;
        if (client != null) {
            client.close();
        }
        if (cin != null) {
            reactor.buffers().release(cin);
            cin = null;
        }
        releaseClientOutput();
        limits.release(frontend);
        reactor.live().remove(this);
    }

    // ------------------------------------------------------------------ interests and buffers

    private void updateInterest() {
        int clientOps = 0;
        if (!clientEof && (cin == null || IoBuffers.hasRoom(cin))) {
            clientOps |= SelectionKey.OP_READ;
        }
        if (cout != null && coutSent < cout.position()) {
            clientOps |= SelectionKey.OP_WRITE;
        }
        client.interest(clientOps);
        if (conn != null) {
            int serverOps;
            if (!connected) {
                serverOps = SelectionKey.OP_CONNECT;
            } else {
                serverOps = 0;
                if (!serverEof && (sin == null || IoBuffers.hasRoom(sin))) {
                    serverOps |= SelectionKey.OP_READ;
                }
                if (sout != null && soutSent < sout.position()) {
                    serverOps |= SelectionKey.OP_WRITE;
                }
            }
            conn.endpoint().interest(serverOps);
        }
    }

    private ByteBuffer acquireInput() {
        final ByteBuffer b = reactor.buffers().acquire();
        b.flip(); // read mode, empty
        return b;
    }

    private ByteBuffer acquireOutput() {
        return reactor.buffers().acquire();
    }

    private void releaseInputIfEmpty() {
        if (cin != null && !cin.hasRemaining()) {
            reactor.buffers().release(cin);
            cin = null;
        }
    }

    private void releaseClientOutput() {
        if (cout != null) {
            reactor.buffers().release(cout);
            cout = null;
            coutSent = 0;
        }
    }

    private void copyHeadAsIs(final HttpHead head) {
        if (cout == null) {
            cout = acquireOutput();
        }
        final int start = sin.position();
        final int length = head.headLength();
        if (cout.remaining() >= length) {
            final int limit = sin.limit();
            sin.limit(start + length);
            cout.put(sin);
            sin.limit(limit);
        } else {
            sin.position(start + length);
        }
    }

    private void count(final Counter counter) {
        if (backend != null) {
            backend.counters().increment(reactor.id(), counter);
        }
        if (server != null) {
            server.counters().increment(reactor.id(), counter);
        }
    }

    private static void closeQuietly(final SocketChannel channel) {
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing more to do
        }
    }

    // ================================================================== timeouts

    @Override
    public void onTimer(final long nowNs, final long id) {
        if (!timer.fired(id) || phase == Phase.DONE) {
            return;
        }
        final long d = nextDeadlineNs();
        if (d != NONE && nowNs - d >= 0) {
            onTimeout();
            if (phase != Phase.DONE) {
                progress();
            }
            return;
        }
        timer.armBy(nextDeadlineNs());
    }

    private void onTimeout() {
        switch (phase) {
            case WAIT_REQUEST:
                if (localOut != null || cout != null) {
                    abort('c'); // the client stopped reading the last answer
                } else if (requestsOnClient > 0 && (cin == null || !cin.hasRemaining())) {
                    finish(); // keep-alive idle: close silently
                } else {
                    replyAndClose(408);
                }
                break;
            case CONNECTING:
                onConnectFailed();
                break;
            case EXCHANGE:
                if (!requestComplete && clientTimedOut()) {
                    // The client stopped sending its request body: its timeout expired, not the server's.
                    if (responseStarted) {
                        abort('C');
                    } else {
                        replyAndClose(408);
                    }
                    break;
                }
                if (!responseStarted && bePolicy.retryOn().contains(RetryOn.RESPONSE_TIMEOUT) && replayable && conn != null) {
                    dropServerConnection(true);
                    if (retry()) {
                        break;
                    }
                }
                if (!responseStarted) {
                    replyAndClose(504);
                } else {
                    abort(serverIdle() ? 'S' : 'C');
                }
                break;
            default:
                finish();
                break;
        }
    }

    /** True when {@code timeout client} has passed since the client last sent or took a byte. */
    private boolean clientTimedOut() {
        final long d = deadline(clientActivityNs, frontend.config().timeouts().clientMs());
        return d != NONE && reactor.nowNs() - d >= 0;
    }

    private boolean serverIdle() {
        return serverActivityNs - clientActivityNs <= 0;
    }

    private long nextDeadlineNs() {
        final dev.baton.config.Timeouts fe = frontend.config().timeouts();
        switch (phase) {
            case WAIT_REQUEST: {
                if (localOut != null || cout != null) {
                    return deadline(clientActivityNs, fe.clientMs()); // still sending the last answer
                }
                final boolean idle = requestsOnClient > 0 && (cin == null || !cin.hasRemaining());
                final long ms = idle ? fePolicy.keepAliveTimeoutMs(fe.clientMs())
                    : fePolicy.requestTimeoutMs(fe.clientMs());
                return deadline(phaseStartNs, ms);
            }
            case CONNECTING:
                return deadline(phaseStartNs, backend.config().timeouts().connectMs());
            case EXCHANGE: {
                final long serverMs = backend.config().timeouts().serverMs();
                final long s = deadline(serverActivityNs, serverMs);
                final long c = responseStarted || !requestComplete ? deadline(clientActivityNs, fe.clientMs()) : NONE;
                return Math.min(s, c);
            }
            case TUNNEL: {
                long ms = backend.config().timeouts().tunnelMs();
                if (ms == 0) {
                    ms = Math.max(fe.clientMs(), backend.config().timeouts().serverMs());
                }
                return deadline(Math.max(clientActivityNs, serverActivityNs), ms);
            }
            case CLOSING:
                if (localOut != null) {
                    return deadline(clientActivityNs, fe.clientMs());
                }
                return deadline(phaseStartNs, fe.clientFinMs() > 0 ? fe.clientFinMs() : CLOSE_DRAIN_MS);
            default:
                return NONE;
        }
    }

    private static long deadline(final long sinceNs, final long ms) {
        return ms > 0 ? sinceNs + ms * 1_000_000L : NONE;
    }

    @Override
    public String toString() {
        return "http-session[" + frontend.name() + " " + phase + " requests=" + requestsOnClient + "]";
    }
}
