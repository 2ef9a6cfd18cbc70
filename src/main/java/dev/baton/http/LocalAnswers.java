package dev.baton.http;

import dev.baton.config.MonitorConfig;
import dev.baton.config.StatsPageConfig;
import dev.baton.config.StatsRule;
import dev.baton.http.rules.AuthRule;
import dev.baton.http.rules.Condition;
import dev.baton.http.rules.DenyRule;
import dev.baton.http.rules.HttpReply;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.RedirectRule;
import dev.baton.http.rules.ReturnRule;
import dev.baton.counters.Counter;
import dev.baton.counters.ListenerCounters;

import java.nio.ByteBuffer;

/**
 * The answers an {@link HttpSession} makes itself, no server involved: a final {@code http-request} rule's
 * (deny, auth, redirect, return, {@code use-service prometheus-exporter}), and the stats page with its admin POST;
 * and the streaming of a whole answer that replaces a server's response ({@link ResponseVerdicts}).
 * A whole answer larger than the client buffer is streamed into it as the client takes bytes, before the next
 * request is read. Made on a session's first such answer; reactor thread only.
 */
final class LocalAnswers {
    /** The server field of a request the stats page answered, as HAProxy names its stats applet. */
    static final String STATS_APPLET = "<STATS>";
    /** The server field of a request {@code use-service prometheus-exporter} answered (HAProxy's applet name). */
    static final String PROMETHEUS_APPLET = "<PROMEX>";
    private final HttpSession s;
    /** A whole answer still being copied into the client output, or null. */
    private byte[] pending;
    private int pendingSent;
    /** Where the pending answer ends in {@link #pending} (a cached body may be shorter than its array). */
    private int pendingEnd;
    /** The stats page whose admin POST waits for the rest of its body (head consumed), or null. */
    private StatsPageConfig adminPost;
    /** The Content-Length of that body. */
    private int adminPostLength;

    LocalAnswers(final HttpSession session) {
        this.s = session;
    }

    boolean isStreaming() {
        return pending != null;
    }

    boolean awaitsAdminBody() {
        return adminPost != null;
    }

    /**
     * A final http-request rule matched: deny answers its error and closes; redirect and return answer here
     * and keep the connection when the request had no body to skip.
     */
    void answerRule(final HttpRule verdict) {
        final RequestWorkspace ws = s.ws;
        final boolean bodyToSkip = !ws.reqBody.isDone();
        if (verdict == RuleRunner.REWRITE_FAILED) {
            // HAProxy's strict mode: a rewrite that failed is an internal error, answered 500 and logged PR--, TR -1
            // (its return_int_err comes before it stamps the request's time)
            countFailedRewrite(s);
            s.x.requestUnstamped = true;
            s.consumeRequestHead();
            HttpEnding.replyAndClose(s, 500, 'I', 'R');
            return;
        }
        if (verdict == RuleRunner.BAD_REQUEST) {
            // a strict normalize-uri refused the target: 400, PR--, a bad request rather than a denied one (HAProxy)
            s.frontend.counters().increment(s.reactor.id(), Counter.FAILED_REQUESTS);
            ListenerCounters.increment(s.socket, s.reactor.id(), Counter.FAILED_REQUESTS);
            s.consumeRequestHead();
            HttpEnding.replyAndClose(s, 400, 'P', 'R');
            return;
        }
        if (verdict instanceof dev.baton.http.rules.DropRule drop) {
            drop(drop.kind() == HttpRule.Kind.SILENT_DROP);
            return;
        }
        if (verdict.kind() == HttpRule.Kind.TARPIT) {
            Tarpit.begin(s, (DenyRule) verdict);
            return;
        }
        if (verdict.kind() == HttpRule.Kind.DENY) {
            deny(((DenyRule) verdict).reply());
            return;
        }
        s.closeClientAfter |= bodyToSkip;
        if (verdict.kind() != HttpRule.Kind.AUTH) {
            countIntercepted(); // redirect, return, use-service
        }
        if (verdict.kind() == HttpRule.Kind.USE_SERVICE) {
            s.x.applet = PROMETHEUS_APPLET;
            s.x.responseHeadNs = s.reactor.nowNs(); // the applet's own response: Tr 0, as HAProxy's
            s.x.status = 200;
            answerWhole(s.statsService.prometheus(ws.req, s.closeClientAfter));
            return;
        }
        final ByteBuffer out = s.client.output();
        final int start = out.position();
        boolean written;
        if (verdict.kind() == HttpRule.Kind.AUTH) {
            final boolean proxy = ws.reqView.proxyRequest(); // option http-use-proxy-header: 407, as HAProxy
            s.x.status = proxy ? 407 : 401;
            final byte[] base = ErrorReplies.of(s.x.status, s.backend, s.fePolicy);
            written = AuthReply.write(base, ((AuthRule) verdict).realm(), proxy, s.closeClientAfter, out);
        } else if (verdict.kind() == HttpRule.Kind.REDIRECT) {
            final RedirectRule r = (RedirectRule) verdict;
            s.x.status = r.code();
            written = ws.replies.redirect(r, ws.reqView, ws.req, out, s.closeClientAfter);
        } else {
            final HttpReply r = ((ReturnRule) verdict).reply();
            s.x.status = r.status();
            if (r.type() != HttpReply.Type.PAYLOAD) {
                // an error reply or file is a whole response, sent as it is: the connection closes after it
                s.closeClientAfter = true;
                answerWhole(r.type() == HttpReply.Type.MESSAGE ? r.message()
                    : ErrorReplies.of(r.status(), s.backend, s.fePolicy));
                return;
            }
            written = ws.replies.answer(r, ws.reqView, out, s.closeClientAfter);
        }
        written = written && AfterResponse.applyInPlace(s, out, start);
        s.consumeRequestHead();
        if (!written) {
            s.replyAndClose(500);
            return;
        }
        answered(out.position() - s.client.outSent);
    }

    /**
     * {@code http-request reject} and {@code silent-drop}: no response, the client connection closed at once (FIN,
     * or dropped without telling the client), counted as a denied request on the frontend and on the backend whose
     * rules dropped it, logged {@code PR--} with no status, as HAProxy's.
     */
    private void drop(final boolean silent) {
        countDenied();
        HttpEnding.closeUnanswered(s, silent);
    }

    /**
     * {@code http-request deny}: {@code reply} (the proxy's error reply for its status, a file, or one made here),
     * logged {@code PR} and counted as a denied request, then the connection closes, as HAProxy.
     */
    private void deny(final HttpReply reply) {
        countDenied();
        s.x.terminate('P', 'R');
        replyAndClose(reply);
    }

    /**
     * Sends {@code reply}, logged with its status (the termination state already set), then closes the connection.
     * One made of the request is rendered over the request's head as it is now (a tarpit's is gone: its fetches find
     * nothing, as HAProxy's find an emptied buffer); one that does not fit is a 500.
     */
    void replyAndClose(final HttpReply reply) {
        final RequestWorkspace ws = s.ws;
        if (reply.type() != HttpReply.Type.PAYLOAD) {
            consumeHeadUnlessTarpitted();
            HttpEnding.reply(s, reply.status(), reply.type() == HttpReply.Type.MESSAGE ? reply.message()
                : ErrorReplies.of(reply.status(), s.backend, s.fePolicy));
            return;
        }
        s.x.status = reply.status();
        final ByteBuffer out = s.client.output();
        final int start = out.position();
        final boolean written = ws.replies.answer(reply, ws.reqView, out, true)
            && AfterResponse.applyInPlace(s, out, start);
        consumeHeadUnlessTarpitted();
        if (!written) {
            HttpEnding.reply(s, 500);
            return;
        }
        s.closeClientAfter = true;
        HttpEnding.replied(s, out.position() - start);
    }

    /** The request's head leaves the client input, unless a tarpit did that already (the input may be gone). */
    private void consumeHeadUnlessTarpitted() {
        if (s.phase != HttpSession.Phase.TARPIT) {
            s.consumeRequestHead();
        }
    }

    /**
     * Whether {@code req} asks for {@code monitor-uri}: its target is exactly the URI or, for a URI starting with a
     * slash, the target's path (with its query) is, as HAProxy 2.6 matches it.
     */
    static boolean isMonitorUri(final MonitorConfig monitor, final HttpHead req) {
        final String uri = monitor.uri();
        return uri != null && (equalsAt(req, req.targetStart(), uri)
            || uri.startsWith("/") && req.pathStart() != req.targetStart() && equalsAt(req, req.pathStart(), uri));
    }

    /** Whether the request target from {@code start} to its end is {@code text}. */
    private static boolean equalsAt(final HttpHead req, final int start, final String text) {
        final int end = req.targetStart() + req.targetLength();
        return end - start == text.length() && StatsService.regionMatches(req.buffer(), start, text);
    }

    /**
     * {@code monitor-uri}: 200, or 503 when a {@code monitor fail} condition holds (the frontend's errorfile for it
     * if any), then the connection closes. Never forwarded nor logged, as HAProxy.
     */
    void monitor(final MonitorConfig monitor) {
        final RequestWorkspace ws = s.ws;
        int status = 200;
        for (final Condition c : monitor.failIf()) {
            if (c.test(ws.reqView.of(ws.req))) {
                status = 503;
                break;
            }
        }
        s.x.pending = false; // not logged (nor ended by RequestAccounting): counted here
        s.x.status = status;
        s.frontend.counters().increment(s.reactor.id(), Counter.INTERCEPTED);
        s.frontend.counters().increment(s.reactor.id(), Counter.responseClass(status));
        s.closeClientAfter = true;
        answerWhole(ErrorReplies.of(status, null, s.fePolicy));
    }

    /** The stats page of {@code stats} (or its 401): a local answer. */
    void serveStats(final StatsPageConfig stats) {
        final RequestWorkspace ws = s.ws;
        s.x.applet = STATS_APPLET; // HAProxy attaches its stats applet before the page's rules: a 401/403 names it too
        final StatsRule rule = StatsService.decidingRule(stats, ws.reqView);
        if (rule != null && rule.verdict() == StatsRule.Verdict.DENY) {
            s.consumeRequestHead(); // stats http-request deny: HAProxy's 403, counted as a denied request
            countDenied();
            s.replyAndClose(403);
            return;
        }
        countIntercepted();
        if (rule != null && rule.verdict() == StatsRule.Verdict.AUTH) {
            // stats http-request auth: HAProxy's 401 in the rule's realm, an intercepted request as with stats auth
            s.closeClientAfter |= !ws.reqBody.isDone();
            s.x.status = 401;
            answerWhole(StatsService.unauthorized(rule.realm(), s.x.method == HttpMethod.HEAD, s.closeClientAfter));
            return;
        }
        final boolean admin = stats.admin() != null && stats.admin().test(ws.reqView);
        if (admin && s.x.method == HttpMethod.POST && StatsService.authorized(stats, ws.req)) {
            startAdminPost(stats);
            return;
        }
        s.closeClientAfter |= !ws.reqBody.isDone();
        final String self = s.backend != null ? s.backend.config().name() : s.frontend.name();
        final byte[] answer = s.statsService.page(stats, ws.req, admin, s.closeClientAfter, self, ws.localStatus);
        if (ws.localStatus[0] == 200) {
            s.x.responseHeadNs = s.reactor.nowNs(); // the page is the applet's response (an auth's 401 is not): Tr 0
        }
        s.x.status = ws.localStatus[0];
        answerWhole(answer);
    }

    /**
     * An admin action posted to the stats page ({@code stats admin} holds): its form body, with a
     * Content-Length of at most one buffer (else 413; chunked: 400), is read from the client input, then applied.
     */
    private void startAdminPost(final StatsPageConfig stats) {
        final RequestWorkspace ws = s.ws;
        final BodyFraming framing = HeadParser.requestFraming(ws.req);
        final long length = framing == BodyFraming.CONTENT_LENGTH ? ws.req.contentLength() : 0;
        s.consumeRequestHead();
        if (framing == BodyFraming.CHUNKED) {
            s.replyAndClose(400);
            return;
        }
        if (length > s.client.in.capacity()) {
            s.replyAndClose(413);
            return;
        }
        adminPost = stats;
        adminPostLength = (int) length;
        continueAdminPost();
    }

    /** Applies the admin POST once its whole body is in the client input; true when it did (or gave up). */
    boolean continueAdminPost() {
        final ByteBuffer in = s.client.in;
        final int have = in == null ? 0 : in.remaining();
        if (have < adminPostLength) {
            if (s.client.eof) {
                adminPost = null;
                s.replyAndClose(400);
                return true;
            }
            return false;
        }
        final byte[] body = new byte[adminPostLength];
        if (adminPostLength > 0) {
            in.get(body);
        }
        final StatsPageConfig stats = adminPost;
        adminPost = null;
        final byte[] answer = s.statsService.adminPost(stats, body, s.closeClientAfter, s.ws.localStatus);
        s.x.responseHeadNs = s.reactor.nowNs();
        s.x.status = s.ws.localStatus[0];
        answerWhole(answer);
        return true;
    }

    /**
     * A rewrite that failed in strict mode ({@code wrew}), then answered as an internal error ({@code eint}): on
     * the frontend, the assigned backend and its server, as HAProxy counts both.
     */
    static void countFailedRewrite(final HttpSession s) {
        s.frontend.counters().increment(s.reactor.id(), Counter.FAILED_REWRITES);
        s.frontend.counters().increment(s.reactor.id(), Counter.INTERNAL_ERRORS);
        ListenerCounters.increment(s.socket, s.reactor.id(), Counter.FAILED_REWRITES);
        ListenerCounters.increment(s.socket, s.reactor.id(), Counter.INTERNAL_ERRORS);
        s.leg.count(Counter.FAILED_REWRITES);
        s.leg.count(Counter.INTERNAL_ERRORS);
    }

    /**
     * A denied request ({@code dreq}): on the frontend, and on the backend too when that backend's rules denied it
     * (HAProxy's {@code http_process_req_common}: the backend counts once the request is assigned to it).
     */
    private void countDenied() {
        countDeniedRequest(s);
    }

    /** {@link #countDenied} for {@code s}; also a response-side {@code silent-drop}'s, which HAProxy counts so. */
    static void countDeniedRequest(final HttpSession s) {
        s.frontend.counters().increment(s.reactor.id(), Counter.DENIED_REQUESTS);
        ListenerCounters.increment(s.socket, s.reactor.id(), Counter.DENIED_REQUESTS);
        s.leg.countOnBackend(Counter.DENIED_REQUESTS);
    }

    /**
     * A request answered here rather than by a server ({@code intercepted}), counted as HAProxy counts it: only when
     * the frontend answered it itself (its own rules or stats page, or those of a listen section), not a backend.
     */
    private void countIntercepted() {
        final dev.baton.backend.Backend assigned = s.leg.assignedBackend();
        if (assigned == null || assigned.config() == s.frontend.config()) {
            s.frontend.counters().increment(s.reactor.id(), Counter.INTERCEPTED);
        }
    }

    /** Ends the request with {@code answer}, a whole response streamed into the client output. */
    private void answerWhole(final byte[] whole) {
        final int length = streamWhole(whole);
        s.consumeRequestHead();
        answered(length);
    }

    /**
     * Starts sending {@code whole}, a whole response, with the after-response rules applied: what fits goes into the
     * client output now, the rest as the client takes bytes ({@link #stream}). Returns the length sent in all.
     */
    int streamWhole(final byte[] whole) {
        final byte[] answer = AfterResponse.apply(s, whole);
        streamBytes(answer, answer.length);
        return answer.length;
    }

    /**
     * Starts sending the first {@code length} bytes of {@code bytes} as they are (a cached body after its head): what
     * fits goes into the client output now, the rest as the client takes bytes. {@code bytes} must not change.
     */
    void streamBytes(final byte[] bytes, final int length) {
        pending = bytes;
        pendingSent = 0;
        pendingEnd = length;
        copy();
    }

    /** The request was answered here with {@code bytes} bytes: logged as {@code LR}, and the exchange is over. */
    private void answered(final long bytes) {
        final Exchange x = s.x;
        x.responseComplete = true;
        x.requestComplete = true;
        x.terminate('L', 'R');
        x.bytesToClient = bytes;
        s.completeExchange();
    }

    /**
     * Copies the pending answer into the client output and flushes, as long as the client takes bytes; true
     * when some moved (false also when the client is gone).
     */
    boolean stream() {
        boolean moved = false;
        while (pending != null) {
            final boolean copied = copy();
            final ByteBuffer before = s.client.out;
            final int sentBefore = s.client.outSent;
            if (!s.flushClient()) {
                return false;
            }
            if (!copied && s.client.out == before && s.client.outSent == sentBefore) {
                break;
            }
            moved = true;
        }
        return moved;
    }

    /** Copies what fits of the pending answer into the client output; true when bytes were copied. */
    private boolean copy() {
        final ByteBuffer out = s.client.output();
        final int n = Math.min(out.remaining(), pendingEnd - pendingSent);
        out.put(pending, pendingSent, n);
        pendingSent += n;
        if (pendingSent == pendingEnd) {
            pending = null;
            pendingSent = 0;
        }
        return n > 0;
    }

    /** The session ends: whatever was still to be sent is dropped. */
    void drop() {
        pending = null;
        adminPost = null;
    }
}
