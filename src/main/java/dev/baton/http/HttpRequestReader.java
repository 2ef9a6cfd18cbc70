package dev.baton.http;

import dev.baton.config.HttpConnectionMode;
import dev.baton.config.MonitorConfig;
import dev.baton.counters.Counter;
import dev.baton.h2.Preface;

/**
 * The WAIT_REQUEST phase of an {@link HttpSession}: the next request head is parsed (once the previous response
 * is all sent, as HAProxy's H1 mux), its exchange begins (the record, the keep-alive decision, the frontend's
 * request count), the {@link HttpRouter} decides where it goes, and it is handed to the {@link HttpForwarder}
 * or the {@link LocalAnswers}. Stateless; reactor thread only.
 */
final class HttpRequestReader {
    private HttpRequestReader() {
    }

    /** One step of the phase; true when something moved. */
    static boolean readRequest(final HttpSession s) {
        if (s.answers != null && s.answers.isStreaming()) {
            return s.answers.stream();
        }
        if (s.client.out != null && (!s.flushClient() || s.client.out != null)) {
            // The previous response is still on its way to the client: as HAProxy's H1 mux, take the next
            // request (and start its timers) only once it is sent, so that nothing, neither an error reply
            // nor a server timeout of the next exchange, can come between its bytes.
            return false;
        }
        if (s.answers != null && s.answers.awaitsAdminBody()) {
            return s.answers.continueAdminPost();
        }
        if (s.stopping && !s.client.hasInput()) {
            s.enterClosing(); // stopping, and no next request begun: close now (FIN), as HAProxy's soft stop
            return true;
        }
        if (!s.client.hasInput()) {
            s.client.releaseInputIfEmpty();
            if (s.client.eof && s.requestsOnClient == 0) {
                HttpEnding.emptyFirstRequest(s, false);
            } else if (s.client.eof) {
                s.finish(); // no next request on a kept-alive connection: nothing to log, as HAProxy
            }
            return false;
        }
        if (s.requestsOnClient == 0 && s.ws == null && !s.stream
            && !s.frontend.config().extras().options().disableH2Upgrade()) {
            final int preface = Preface.of(s.client.in);
            if (preface == Preface.WHOLE) {
                s.handOverToH2(); // HTTP/2 with prior knowledge (h2c), as HAProxy takes it on any HTTP frontend
                return false;
            }
            if (preface == Preface.BEGUN) {
                return false;
            }
        }
        if (s.superseded && s.ws == null && !s.stream) {
            SessionMove.toCurrentConfiguration(s); // a keep-alive client's first request since a reload
        }
        s.x.markStart(s.reactor.nowNs(), s.httplog, s.phaseStartNs);
        s.borrowWorkspace();
        final int r = s.ws.reqParser.parse(s.client.in, s.ws.req);
        if (r == HeadParser.NEED_MORE) {
            if (s.client.eof) {
                s.replyAndClose(400);
                return true;
            }
            return false;
        }
        if (HttpError.isError(r)) {
            s.replyAndClose(HttpError.status(r));
            return true;
        }
        if (BodyWait.mustWait(s)) {
            return false; // the head is parsed again once more of the body came
        }
        final int bodyRule = RuleBodyWait.request(s);
        if (bodyRule == RuleBodyWait.WAIT) {
            return false; // the same, for a wait-for-body rule
        }
        if (!s.spoePastContent) {
            if (bodyRule != RuleBodyWait.EXPIRED && SpoeHttp.beforeContent(s) == SpoeHttp.WAIT) {
                return false; // on-client-session, on-frontend-tcp-request: an agent is asked
            }
            if (s.captures != null) {
                s.captures.clear(); // a new request: tcp-request content and http-request captures fill the slots again
            }
            if (HttpContentRules.rejected(s)) {
                return true;
            }
            s.spoePastContent = true; // an SPOE wait parses the head again, its content rules ran once
        }
        if (bodyRule != RuleBodyWait.EXPIRED && SpoeHttp.request(s) == SpoeHttp.WAIT) {
            return false; // an agent is asked; its answer (or timeout processing) moves the session again
        }
        s.spoePastContent = false;
        beginRequest(s, bodyRule == RuleBodyWait.EXPIRED);
        return true;
    }

    /** A request head was parsed: its exchange begins, and it goes where the router says. */
    private static void beginRequest(final HttpSession s, final boolean bodyWaitExpired) {
        final boolean first = s.requestsOnClient == 0;
        s.requestsOnClient++;
        s.x.begin(s.reactor.nowNs(), s.ws.req.method(), s.ws.req.version());
        // the request line is kept even without a log line: a rule's %r, %HU... reads it after the head is forwarded
        // (a bounded copy into the workspace, no allocation)
        LogCapture.requestHead(s);
        s.clientSaidClose = !s.ws.req.keepAliveByVersion();
        s.closeClientAfter = s.stopping || s.superseded || s.clientSaidClose
            || s.fePolicy.connectionMode() == HttpConnectionMode.CLOSE;
        s.ws.reqBody.start(HeadParser.requestFraming(s.ws.req), s.ws.req.contentLength());
        s.server.eof = false;
        s.ws.resp.reset();
        RequestAccounting.requestReceived(s);
        if (s.stick != null) {
            s.stick.httpRequest(); // in the entries the connection tracks already
        }

        if (bodyWaitExpired) {
            RuleBodyWait.requestTimedOut(s); // logged with its request line, as HAProxy's
            return;
        }
        final MonitorConfig monitor = s.fePolicy.monitor();
        if (monitor != null && LocalAnswers.isMonitorUri(monitor, s.ws.req)) {
            s.answers().monitor(monitor); // before any rule, as HAProxy
            return;
        }
        final HeaderEdits edits = s.ws.rewriter.begin();
        s.ws.cache.begin(s.reactor.id());
        final int route = s.ws.router.route(s.frontend, s.ws, edits);
        if (s.ws.runner.earlyHints() != null) {
            EarlyHints.send(s, s.ws.runner.earlyHints()); // 103 before any final answer
        }
        s.x.method = s.ws.req.method(); // set-method: the response is framed for the method the server got
        s.x.logLevel = s.ws.runner.logLevel();
        s.x.serverTimeoutMs = s.ws.runner.serverTimeoutMs(); // http-request set-timeout
        s.x.tunnelTimeoutMs = s.ws.runner.tunnelTimeoutMs();
        s.backend = route == HttpRouter.LOCAL && Tarpit.ofFrontend(s.ws.router) ? null : s.ws.router.backend();
        s.bePolicy = s.backend != null ? s.backend.config().http() : null;
        // the answer of a frontend's own rule is made in its default backend's name (its errorfiles) but the request
        // is not assigned to it: HAProxy neither counts it there (stot, req_tot, hrsp_*, dreq) nor logs its name
        final boolean frontendVerdict = route == HttpRouter.LOCAL && !s.ws.router.verdictOfBackend();
        if (s.backend != null && !frontendVerdict) {
            s.leg.begin(s.backend, RequestBalanceKey.of(s.backend, s.ws.req, s.ws.reqView,
                s.ws.addresses.sourceHash(s.clientHash)));
            s.server.independent = s.backend.config().extras().options().independentStreams();
        }
        switch (route) {
            case HttpRouter.NO_BACKEND:
                s.consumeRequestHead();
                s.replyAndClose(503); // no use_backend matched and no default_backend
                return;
            case HttpRouter.LOCAL:
                if (s.stick != null && s.ws.router.verdict().kind() == dev.baton.http.rules.HttpRule.Kind.DENY) {
                    s.stick.httpError(); // a denied request counts as an error, as HAProxy's
                }
                s.answers().answerRule(s.ws.router.verdict());
                return;
            case HttpRouter.STATS:
                s.answers().serveStats(s.ws.router.stats());
                return;
            case HttpRouter.REJECTED:
                HttpContentRules.closeRejected(s);
                return;
            case HttpRouter.CACHE:
                CacheHits.serve(s, edits); // cache-use found the object: the cache answers, no server
                return;
            default:
                HttpForwarder.forward(s, edits, first);
        }
    }
}
