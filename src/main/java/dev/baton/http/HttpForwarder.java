package dev.baton.http;

import dev.baton.backend.Observed;
import dev.baton.backend.Server;
import dev.baton.config.CompressionConfig;
import dev.baton.config.CookieConfig;
import dev.baton.config.ForwardFor;
import dev.baton.config.HttpOptions;
import dev.baton.config.RetryOn;
import dev.baton.counters.Counter;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.ServerRules;
import dev.baton.http.rules.ValueTemplate;
import dev.baton.http.text.HeaderName;
import dev.baton.stream.ServerLeg;

import java.nio.ByteBuffer;

/**
 * The forwarding half of an {@link HttpSession}: sends the request to the server its {@link ServerLeg}
 * connects to, brings the response back, and turns the exchange into a raw tunnel after a 101 (or a
 * CONNECT answered 2xx). A reused connection found dead before any response byte is replaced and the request
 * replayed when it is still whole in the server output and {@code retry-on} allows; otherwise a client that
 * already had a response on this connection is closed without one (it will retry), a first request gets 502.
 * Stateless: every method works on the session it is given; reactor thread only.
 */
final class HttpForwarder {
    private static final ValueTemplate CLIENT_ADDRESS = new ValueTemplate.Builder().src().build("%[src]");
    private static final ValueTemplate DESTINATION_ADDRESS = new ValueTemplate.Builder().dst().build("%[dst]");

    private HttpForwarder() {
    }

    /** Goes on after the server leg's attempt: exchange, wait for the connect or in a queue, or 503. */
    static void onConnectOutcome(final HttpSession s, final int outcome) {
        if ((outcome == ServerLeg.CONNECTED || outcome == ServerLeg.CONNECTING) && s.bePolicy.sendNameHeader() != null
            && !ServerNameHeader.place(s.x, s.server.output(), s.bePolicy.sendNameHeader(), s.leg.server())) {
            dropServerConnection(s, true);
            HttpEnding.replyAndClose(s, 500, 'P', 'R'); // no room for the header: a rewrite failure, as HAProxy's
            return;
        }
        if (outcome == ServerLeg.CONNECTED) {
            s.server.endpoint = s.leg.endpoint();
            s.server.activityNs = s.reactor.nowNs();
            s.phase = HttpSession.Phase.EXCHANGE;
        } else if (outcome == ServerLeg.CONNECTING) {
            s.phase = HttpSession.Phase.CONNECTING;
        } else if (outcome == ServerLeg.QUEUED) {
            s.phase = HttpSession.Phase.QUEUED;
        } else {
            HttpEnding.replyAndClose(s, 503, s.leg.failCause(), s.leg.failState());
            return;
        }
        s.phaseStartNs = s.reactor.nowNs();
        s.timer.armBy(HttpTimeouts.nextDeadlineNs(s));
    }

    /** Drops the current server connection (used, not pooled) and whatever it sent. */
    static void dropServerConnection(final HttpSession s, final boolean abort) {
        s.leg.dropConnection(abort);
        s.server.endpoint = null;
        s.server.eof = false;
        s.server.discardInput();
        if (s.ws != null) {
            s.ws.respParser.reset(); // a head begun on this connection is abandoned with its bytes
        }
    }

    /** The request is over on the server side: slot and backend count back, buffers back. */
    static void releaseServerSide(final HttpSession s) {
        s.leg.finish();
        s.server.releaseInputIfEmpty();
        s.server.releaseOutput();
    }

    /** Writes the routed request head for the server, picks a server and gets a connection to it. */
    static void forward(final HttpSession s, final HeaderEdits edits, final boolean first) {
        final RequestWorkspace ws = s.ws;
        final CompressionConfig feComp = s.frontend.config().extras().compression();
        final CompressionConfig beComp = s.backend.config().extras().compression();
        if (feComp != null || beComp != null) { // after the request rules, as HAProxy's compression filter
            s.x.compAlgo = ws.compression.request(ws.req, edits, feComp, beComp);
        }
        LogCapture.uniqueId(s, edits); // before X-Forwarded-For, as HAProxy adds them
        addForwardedFor(s, edits);
        addOriginalTo(s, edits);
        final ServerRules rules = s.backend.config().extras().serverRules();
        final int persist = rules.persistRules().isEmpty() ? 0 : ServerSelection.persistence(rules, ws.reqView);
        final Server ruled = rules.useServers().isEmpty() ? null : ServerSelection.useServer(rules,
            s.backend.servers(), ws.reqView, (persist & ServerSelection.FORCE) != 0);
        if (ruled != null) {
            s.leg.assign(ruled);
        }
        final CookieConfig ck = s.bePolicy.cookie();
        if (ck != null) {
            ws.cookie.request(ws.req, s.backend.servers(), ck, edits, System.currentTimeMillis() / 1000, ruled, persist);
            s.x.cookieClient = ws.cookie.clientFlag();
            if (ruled == null) {
                s.leg.assign(ws.cookie.assigned());
            }
        }
        final dev.baton.config.StickServerRules sticky = s.backend.config().extras().stickRules();
        if (!sticky.isEmpty()) { // after the cookie and use-server, as HAProxy's sticking rules
            final Server stuck = ws.stick.request(sticky, s.frontend.stickTables(), s.backend, ws.reqView,
                ruled != null || ck != null && ws.cookie.assigned() != null, (persist & ServerSelection.FORCE) != 0);
            if (stuck != null) {
                s.leg.assign(stuck);
            }
        }
        final ByteBuffer out = s.server.output();
        // option http-pretend-keepalive (the backend's): the server is not told of the close baton will make
        final boolean tellClose = s.serverSideClose()
            && !s.backend.config().extras().options().httpPretendKeepAlive();
        final HeaderName serverName = s.bePolicy.sendNameHeader();
        if (!ws.rewriter.writeRequest(ws.req, out, tellClose, serverName)) {
            s.consumeRequestHead();
            s.replyAndClose(500);
            return;
        }
        if (serverName != null) {
            ServerNameHeader.headWritten(s.x, out);
        }
        s.consumeRequestHead();
        s.leg.priority(ws.runner.priorityClass(), ws.runner.priorityOffsetMs());
        onConnectOutcome(s, s.leg.start(first && !retriesHideDeadConnections(s.bePolicy), s.bePolicy.reuse()));
    }

    /**
     * While the request waits in a queue: a client that closed its sending side aborts it only with
     * {@code option abortonclose} (HAProxy: without it the half-closed request is still served); a reset is
     * an abort either way (found by the read). Returns false: nothing else moves until the wait ends.
     */
    static boolean whileQueued(final HttpSession s) {
        if (s.client.eof && abortOnClose(s)) {
            HttpEnding.leftWhileQueued(s);
        }
        return false;
    }

    private static boolean abortOnClose(final HttpSession s) {
        return s.backend.config().abortOnClose();
    }

    /** {@code option forwardfor}: the client's address in X-Forwarded-For (or the configured header). */
    private static void addForwardedFor(final HttpSession s, final HeaderEdits edits) {
        addAddress(s, s.fePolicy.forwardFor(), s.bePolicy.forwardFor(), CLIENT_ADDRESS, true, edits);
    }

    /**
     * {@code option originalto}: the address the client connected to (the one its PROXY header gave, with
     * {@code accept-proxy}) in X-Original-To (or the configured header), after X-Forwarded-For, as HAProxy.
     */
    private static void addOriginalTo(final HttpSession s, final HeaderEdits edits) {
        addAddress(s, s.fePolicy.originalTo(), s.bePolicy.originalTo(), DESTINATION_ADDRESS, false, edits);
    }

    /** Adds the header of {@code fe}/{@code be} with {@code value}, the source ({@code src}) or destination address. */
    private static void addAddress(final HttpSession s, final ForwardFor fe, final ForwardFor be,
                                   final ValueTemplate value, final boolean src, final HeaderEdits edits) {
        if (fe == null && be == null || s.clientAddress == null) {
            return; // as HAProxy: only an IPv4 or IPv6 client has addresses to add (not a Unix socket's)
        }
        final RequestWorkspace ws = s.ws;
        final HeaderName name = ForwardFor.header(fe, be);
        final byte[] address = src ? ws.reqView.srcAddress() : ws.reqView.dstAddress();
        if (ForwardFor.applies(fe, be, address, ws.req.indexOf(name, 0) >= 0)) {
            ws.runner.addRendered(name, value, ws.reqView, edits);
        }
    }

    /**
     * {@code retry-on conn-failure empty-response response-timeout}: an L7 retry hides a dead reused
     * connection from the client, so even a first request may take an idle one (HAProxy's retry_safe).
     */
    private static boolean retriesHideDeadConnections(final HttpOptions o) {
        return o.retryOn().contains(RetryOn.CONN_FAILURE) && o.retryOn().contains(RetryOn.EMPTY_RESPONSE)
            && o.retryOn().contains(RetryOn.RESPONSE_TIMEOUT);
    }

    /**
     * Replays the request on a new attempt of the server leg ({@code retry-on} allowed it and it is still whole
     * in the server output): true when one was made (its outcome is handled), false when none is left.
     */
    static boolean replay(final HttpSession s) {
        if (!s.x.replayable) {
            return false;
        }
        final int r = s.leg.retry(s.bePolicy.reuse());
        if (r == ServerLeg.NO_RETRY) {
            return false;
        }
        s.server.outSent = 0;
        onConnectOutcome(s, r);
        return true;
    }

    /**
     * The server connection died (closed, reset or unwritable) before the response started. A reused
     * connection is not the server's fault: replay if allowed; else close the client silently when it
     * already had a response on this connection (it will retry), else 502.
     */
    private static void onServerFailure(final HttpSession s) {
        final boolean reused = s.leg.isReused();
        s.leg.count(Counter.RESPONSE_ERRORS);
        dropServerConnection(s, true);
        final boolean mayRetry = reused
            ? s.bePolicy.retryOn().contains(RetryOn.CONN_FAILURE) || s.bePolicy.retryOn().contains(RetryOn.EMPTY_RESPONSE)
            : s.bePolicy.retryOn().contains(RetryOn.EMPTY_RESPONSE);
        if (mayRetry && replay(s)) {
            return;
        }
        if (reused && s.requestsOnClient > 1) {
            s.finish(); // no response at all: the client retries on a new connection
            return;
        }
        s.leg.observe(Observed.HTTP_BROKEN_PIPE);
        s.replyAndClose(502);
    }

    // ------------------------------------------------------------------ exchange

    /** One step of the exchange: request body out, response head and body back. True when something moved. */
    static boolean exchange(final HttpSession s) {
        boolean moved = false;
        final Exchange x = s.x;
        if (!x.requestComplete) {
            moved |= pumpRequestBody(s);
            if (s.phase != HttpSession.Phase.EXCHANGE) {
                return true;
            }
        }
        final int sentBefore = s.server.outSent;
        s.flushServer();
        moved |= s.server.outSent != sentBefore;
        if (!x.responseStarted) {
            moved |= parseResponse(s);
            if (s.phase != HttpSession.Phase.EXCHANGE) {
                return true;
            }
        }
        if (x.responseStarted && !x.responseComplete) {
            moved |= pumpResponse(s);
            if (s.phase != HttpSession.Phase.EXCHANGE) {
                return true;
            }
        }
        // Settle the server connection before the client can see the end of the response: a client that
        // has read its response and sends its next request elsewhere must find the connection parked.
        if (x.responseComplete && x.requestComplete && s.server.outputSent()) {
            s.completeExchange();
            return s.flushClient();
        }
        if (x.responseComplete && !x.requestComplete) {
            // The server answered before the request body ended (an early error): neither side can go on.
            x.serverKeepAlive = false;
            s.closeClientAfter = true;
            s.completeExchange();
            return s.flushClient();
        }
        if (!s.flushClient()) {
            return false;
        }
        return moved | s.client.flushed; // a flush that freed room lets the next step move more server input
    }

    private static boolean pumpRequestBody(final HttpSession s) {
        final RequestWorkspace ws = s.ws;
        if (!ws.reqBody.isDone() && s.client.hasInput()) {
            if (!s.server.out.hasRemaining()) {
                s.x.replayable = false; // making room drops what was sent: no replay from here on
            }
            final int n = ws.reqBody.copy(s.client.in, s.server.output());
            if (n < 0) {
                if (s.x.responseStarted) {
                    s.abort('C'); // the server answered early and its response is under way: no room for a 400
                } else {
                    s.frontend.counters().increment(s.reactor.id(), Counter.FAILED_REQUESTS); // a malformed body
                    dev.baton.counters.ListenerCounters.increment(s.socket, s.reactor.id(), Counter.FAILED_REQUESTS);
                    s.replyAndClose(400);
                }
                return true;
            }
            if (ws.reqBody.isDone()) {
                s.x.requestComplete = true;
            }
            return n > 0;
        }
        if (ws.reqBody.isDone()) {
            s.x.requestComplete = true;
            return false;
        }
        if (s.client.eof) {
            s.abort('C'); // the client left in the middle of its request body
            return true;
        }
        return false;
    }

    /**
     * The server sent a response head with {@code code}: its request count (HAProxy's {@code cum_req}, counted for
     * every response head it sent, the window of its times) and status class ({@code hrsp_*}).
     */
    private static void countServerResponse(final HttpSession s, final int code) {
        final dev.baton.counters.TrafficCounters c = s.leg.server().counters();
        c.increment(s.reactor.id(), Counter.REQUESTS);
        c.increment(s.reactor.id(), Counter.responseClass(code));
    }

    private static boolean parseResponse(final HttpSession s) {
        final RequestWorkspace ws = s.ws;
        final Exchange x = s.x;
        if (!s.server.hasInput()) {
            if (s.server.eof) {
                onServerFailure(s);
                return true;
            }
            return false;
        }
        if (s.client.out != null) {
            // A head is written to an empty client output only: the previous response (pipelining) or an
            // interim one may still be on its way to a slow client, and must not be cut or overrun.
            return false;
        }
        final int r = ws.respParser.parse(s.server.in, ws.resp);
        if (r == HeadParser.NEED_MORE) {
            if (s.server.eof) {
                junkResponse(s);
                return true;
            }
            return false;
        }
        if (HttpError.isError(r)) {
            junkResponse(s);
            return true;
        }
        final int code = ws.resp.status();
        if (RetryOn.retriesStatus(s.bePolicy.retryOn(), code) && retryFromScratch(s)) {
            return true; // retry-on STATUS: the response is dropped unseen with its connection (HAProxy's L7 retry)
        }
        if (code < 200 && code != 101) {
            // Interim response (100 Continue, 103 Early Hints): forward as is, keep waiting. The server counts it
            // as a response (hrsp_1xx, req_tot), as HAProxy's http_wait_for_response does.
            countServerResponse(s, code);
            copyHeadAsIs(s, ws.resp);
            ws.resp.reset();
            return true;
        }
        if (code != 101 && !(x.method == HttpMethod.CONNECT && code < 300)) {
            final int bodyRule = RuleBodyWait.response(s);
            if (bodyRule == RuleBodyWait.WAIT) {
                return false; // the head is parsed again once more of the body came
            }
            if (bodyRule == RuleBodyWait.EXPIRED) {
                RuleBodyWait.responseTimedOut(s);
                return true;
            }
            if (SpoeHttp.response(s) == SpoeHttp.WAIT) {
                return false; // an agent is asked; the head is parsed again once it answered
            }
        }
        x.responseStarted = true;
        x.status = code;
        if (!s.backend.config().extras().stickRules().isEmpty()) { // HAProxy's store rules, on the response head
            ws.stick.response(s.backend.config().extras().stickRules(), s.frontend.stickTables(),
                ws.respView.of(ws.resp));
            ws.stick.store(s.leg.server());
        }
        if (s.stick != null && code >= 400 && code < 500) {
            s.stick.httpError(); // a 4xx from the server counts as the client's error
        }
        s.leg.observe(Observed.ofStatus(code));
        x.responseHeadNs = s.reactor.nowNs();
        countServerResponse(s, code);
        if (code == 101 || (x.method == HttpMethod.CONNECT && code < 300)) {
            // Switching protocols, or a tunnel established by CONNECT: bytes flow raw both ways from here.
            copyHeadAsIs(s, ws.resp);
            ws.resp.reset();
            enterTunnel(s);
            return true;
        }
        if ((code == 401 || code == 407) && ws.rewriter.asksForConnectionAuth(ws.resp)) {
            s.leg.makePrivate(); // NTLM/Negotiate authenticate the connection, not the request
        }
        final BodyFraming framing = HeadParser.responseFraming(ws.resp, x.method);
        x.serverKeepAlive = ws.resp.keepAliveByVersion() && framing != BodyFraming.UNTIL_CLOSE && !s.serverSideClose();
        if (framing == BodyFraming.UNTIL_CLOSE) {
            s.closeClientAfter = true; // the only way to tell the client where the body ends
        }
        LogCapture.responseHead(s, ws.resp);
        // HAProxy's compression filter decides on the head as the server sent it, before the response rules
        final CompressionConfig comp = x.compAlgo == null ? null : compressionOf(s);
        x.compressing = comp != null && ws.compression.response(x.compAlgo, ws.resp, x.clientVersion, x.method,
            framing, s.frontend.config().extras().compression(), s.backend.config().extras().compression(),
            s.reactor.nowNs());
        final ByteBuffer out = s.client.output();
        final HeaderEdits edits = ws.rewriter.begin();
        ws.vars.beginResponse();
        ws.cache.responseStarts(x.compressing && s.frontend.config().extras().compression() != null
            && s.backend.config() != s.frontend.config());
        // the backend's rules, then the frontend's unless the backend's ended with a final verdict (allow only
        // ends its own list), each list starting strict, as HAProxy's http_process_res_common
        HttpRule verdict = ws.runner.run(s.bePolicy.responseRules(), ws.respView.of(ws.resp), ws.resp, edits);
        if (isNotFinal(verdict) && s.backend.config() != s.frontend.config()) {
            ws.cache.frontendResponseRules();
            verdict = ws.runner.run(s.fePolicy.responseRules(), ws.respView, ws.resp, edits);
        }
        x.logLevel = ws.runner.logLevel(); // http-response set-log-level
        if (!isNotFinal(verdict)) {
            ResponseVerdicts.answer(s, verdict); // deny, return, redirect, or a rewrite that failed (strict mode)
            return true;
        }
        final CookieConfig ck = s.bePolicy.cookie();
        if (ck != null) {
            final Server answered = s.leg.server();
            ws.cookie.response(ws.resp, code, x.method, ck, answered,
                answered != null && (answered == ws.cookie.assigned() || answered == ws.cookie.ruled())
                    && !s.leg.redispatched(), edits,
                System.currentTimeMillis() / 1000);
            x.cookieServer = ws.cookie.serverFlag();
            if (x.cookieClient == PersistCookie.VALID && answered != ws.cookie.assigned()) {
                x.cookieClient = PersistCookie.DOWN; // redispatched off the cookie's server, as HAProxy tells it
            }
        }
        x.status = ws.resp.status(); // as set-status left it
        if (AfterResponse.any(s)) {
            AfterResponse.run(s, ws.resp, edits);
        }
        if (x.compressing && !ws.compression.rewrite(ws.resp, edits, x.compAlgo, framing == BodyFraming.CHUNKED)) {
            x.responseHeadNs = -1; // as a response rewrite that did not fit (strict mode): 500, PH--
            HttpEnding.replyAndClose(s, 500, 'P', 'H');
            return true;
        }
        if (!ws.rewriter.writeResponse(ws.resp, out, s.closeClientAfter, x.clientVersion)) {
            badGateway(s, Observed.HTTP_RSP);
            return true;
        }
        s.server.in.position(s.server.in.position() + ws.resp.headLength());
        x.bytesToClient = out.position() - s.client.outSent;
        if (s.frontend.log().logAsap()) {
            RequestAccounting.logAsap(s);
        }
        ws.respBody.start(framing, ws.resp.contentLength());
        x.relayingBody = true;
        if (x.compressing) {
            final ResponseCompressor c = ws.compressor();
            c.start(x.compAlgo, comp.tuning().maxLevel(), framing, ws.resp.contentLength(), s.frontend.counters(),
                s.backend.counters(), s.reactor.id(), comp.tuning().maxRateBytesPerSecond() > 0);
            ws.respBody.compressWith(c);
        }
        ws.resp.reset();
        if (ws.respBody.isDone()) {
            x.responseComplete = true;
        }
        return true;
    }

    /** Whether a list's {@code verdict} lets the response go on: none, or {@code allow}. */
    private static boolean isNotFinal(final HttpRule verdict) {
        return verdict == null || verdict.kind() == HttpRule.Kind.ALLOW;
    }

    private static boolean pumpResponse(final HttpSession s) {
        final RequestWorkspace ws = s.ws;
        if (s.server.hasInput() || ws.respBody.hasOutputToMake()) {
            final ByteBuffer in = s.server.in;
            final int from = in == null ? 0 : in.position();
            final int n = ws.respBody.copy(in, s.client.output());
            if (n > 0 && in != null && ws.cache.storing()) {
                ws.cache.body(in, from, in.position()); // http-response cache-store: the body as the server sent it
            }
            if (n < 0) {
                s.abort('S');
                return true;
            }
            if (ws.respBody.isDone()) {
                s.x.responseComplete = true;
            }
            return n > 0;
        }
        if (s.server.eof) {
            if (ws.respBody.endOfInput()) {
                s.x.responseComplete = true;
                s.x.serverKeepAlive = false;
                return true;
            }
            s.abort('S'); // truncated response: what came goes out, then FIN
            return true;
        }
        return false;
    }

    /** The compression settings in force for the session's proxies: the backend's, else the frontend's. */
    private static CompressionConfig compressionOf(final HttpSession s) {
        final CompressionConfig be = s.backend.config().extras().compression();
        return be != null ? be : s.frontend.config().extras().compression();
    }

    /** A 502 for a response the server got wrong, seen as {@code observed} by {@code observe layer7}. */
    /**
     * The server's answer is no valid response head: counted and observed as such, then, with {@code retry-on
     * junk-response}, the request goes again (HAProxy's L7 retry), else 502.
     */
    private static void junkResponse(final HttpSession s) {
        s.leg.count(Counter.RESPONSE_ERRORS);
        s.leg.observe(Observed.HTTP_HDRRSP);
        if (!s.bePolicy.retryOn().contains(RetryOn.JUNK_RESPONSE) || !retryFromScratch(s)) {
            s.replyAndClose(502);
        }
    }

    /**
     * An L7 retry of a request whose response head came (a status {@code retry-on} lists, or junk): when the request
     * is still whole and a retry is left, the response and its connection are dropped and the request sent again
     * (to the same server, or another as {@code option redispatch} says). False, with nothing changed, when no retry
     * may be made: the caller goes on with the response.
     */
    private static boolean retryFromScratch(final HttpSession s) {
        if (!s.x.replayable || !s.leg.mayRetry()) {
            return false;
        }
        dropServerConnection(s, true);
        s.ws.resp.reset();
        if (!replay(s)) {
            s.replyAndClose(502); // mayRetry said yes: not reached
        }
        return true;
    }

    private static void badGateway(final HttpSession s, final Observed observed) {
        s.leg.count(Counter.RESPONSE_ERRORS);
        s.leg.observe(observed);
        s.replyAndClose(502);
    }

    /** Copies an interim or switching head unchanged into the client output (dropped if it cannot fit). */
    private static void copyHeadAsIs(final HttpSession s, final HttpHead head) {
        final ByteBuffer in = s.server.in;
        final ByteBuffer out = s.client.output();
        final int start = in.position();
        final int length = head.headLength();
        if (out.remaining() >= length) {
            final int limit = in.limit();
            in.limit(start + length);
            out.put(in);
            in.limit(limit);
        } else {
            in.position(start + length);
        }
    }

    // ------------------------------------------------------------------ tunnel (101, CONNECT)

    private static void enterTunnel(final HttpSession s) {
        s.phase = HttpSession.Phase.TUNNEL;
        s.x.serverKeepAlive = false;
        s.closeClientAfter = true;
        s.ws.reqBody.start(BodyFraming.UNTIL_CLOSE, -1);
        s.ws.respBody.start(BodyFraming.UNTIL_CLOSE, -1);
        s.x.relayingBody = true;
        s.timer.armBy(HttpTimeouts.nextDeadlineNs(s));
    }

    /** Raw bytes both ways, half-closes passed on; the session ends when both directions are drained. */
    static boolean tunnel(final HttpSession s) {
        final Side client = s.client;
        final Side server = s.server;
        boolean moved = false;
        if (client.hasInput()) {
            moved |= s.ws.reqBody.copy(client.in, server.output()) > 0;
        }
        if (server.hasInput()) {
            moved |= s.ws.respBody.copy(server.in, client.output()) > 0;
        }
        final int sentBefore = server.outSent;
        s.flushServer();
        moved |= server.outSent != sentBefore; // room for more client input, as client.flushed is for server input
        if (!s.flushClient()) {
            return false;
        }
        moved |= client.flushed;
        final boolean clientDrained = client.eof && !client.hasInput() && server.outputSent();
        final boolean serverDrained = server.eof && !server.hasInput() && client.outputSent();
        if (clientDrained && serverDrained) {
            s.x.bytesToClient += s.ws.respBody.moved();
            s.x.relayingBody = false;
            s.endRequest();
            dropServerConnection(s, false);
            releaseServerSide(s);
            s.finish();
            return false;
        }
        if (clientDrained) {
            server.shutdownOutput();
        }
        if (serverDrained) {
            client.shutdownOutput();
        }
        return moved;
    }
}
