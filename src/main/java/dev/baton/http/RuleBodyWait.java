package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.http.rules.BodyWaitRule;
import dev.baton.http.rules.HttpRule;
import dev.baton.reactor.LazyTimer;

import java.util.List;

/**
 * {@code http-request|http-response wait-for-body}: before a message's rules run, whether one of its
 * {@link BodyWaitRule}s applies and its body is not ready yet, as HAProxy's {@code http_wait_for_msg_body}: the
 * message then waits (its head is parsed again as more arrives, as under {@code option http-buffer-request}, whose
 * {@link BodyWait} holds the wait's state), until the whole body is buffered, or the rule's {@code at-least} bytes
 * of data (de-chunked), or the buffer is full, or its peer closed; after the rule's {@code time} (or the peer's
 * timeout: {@code timeout client} for a request, {@code timeout server} for a response) the request is answered
 * 408, logged {@code cR}, the response 504, logged {@code sR}.
 *
 * <p>The rules run once, after the wait: the wait is decided by walking the rules in order on the head, each
 * condition evaluated there: the first final rule ({@code deny}, {@code return}...) whose condition holds ends the
 * walk without waiting (it answers at once, as in HAProxy), the first {@code wait-for-body} whose condition holds
 * waits. A condition that reads what an earlier rule sets (a variable) sees it unset at that point. The request
 * walk covers the frontend's rules, then those of the backend its switching rules pick. A request with
 * {@code Expect: 100-continue} does not wait (baton does not answer the 100 itself). Reactor thread only;
 * allocation-free.
 */
final class RuleBodyWait {
    static final int GO = 0;
    static final int WAIT = 1;
    static final int EXPIRED = 2;

    private RuleBodyWait() {
    }

    /** For the request head just parsed in {@code s.ws.req}: GO, WAIT (parse again later) or EXPIRED (answer 408). */
    static int request(final HttpSession s) {
        final RequestWorkspace ws = s.ws;
        final BodyWaitRule rule = requestRule(s);
        if (rule == null || ws.req.expectContinue() || s.client.eof || !IoBuffers.hasRoom(s.client.in)) {
            return done(s);
        }
        return decide(s, rule, (BufferedBody) ws.reqView.of(ws.req).body(false));
    }

    /** For the final response head just parsed in {@code s.ws.resp}: GO, WAIT or EXPIRED (answer 504). */
    static int response(final HttpSession s) {
        final RequestWorkspace ws = s.ws;
        final BodyWaitRule rule = responseRule(s);
        final BodyFraming framing = HeadParser.responseFraming(ws.resp, s.x.method);
        if (rule == null || framing == BodyFraming.NONE || s.server.eof || !IoBuffers.hasRoom(s.server.in)) {
            return done(s);
        }
        return decide(s, rule, (BufferedBody) ws.respView.of(ws.resp).body(true));
    }

    /** The request waited past its rule's time: 408, logged {@code cR} as HAProxy 2.6 logs it. */
    static void requestTimedOut(final HttpSession s) {
        s.consumeRequestHead();
        s.x.headDoneNs = -1; // TR -1: HAProxy aborts in its analysers, before it stamps the request's time
        s.x.terminate('c', 'R');
        HttpEnding.reply(s, 408);
    }

    /** The response waited past its rule's time: 504, logged {@code sR} as HAProxy 2.6 logs it. */
    static void responseTimedOut(final HttpSession s) {
        s.x.terminate('s', 'R');
        HttpEnding.reply(s, 504);
    }

    /** Whether a message of {@code s} waits for its body under a rule now. */
    static boolean waiting(final HttpSession s) {
        return s.bodyWait != null && s.bodyWait.ruleWaiting;
    }

    /** The rule's deadline while a message waits, else {@link LazyTimer#NONE}. */
    static long deadlineNs(final HttpSession s) {
        return waiting(s) ? s.bodyWait.ruleDeadlineNs : LazyTimer.NONE;
    }

    /** The peer's timeout struck during the wait: the next step answers as when the rule's time is over. */
    static void expire(final HttpSession s) {
        s.bodyWait.ruleDeadlineNs = s.reactor.nowNs();
    }

    private static int done(final HttpSession s) {
        if (s.bodyWait != null) {
            s.bodyWait.ruleWaiting = false;
        }
        return GO;
    }

    /** GO when {@code body} is whole or long enough for {@code rule}, else WAIT or EXPIRED. */
    private static int decide(final HttpSession s, final BodyWaitRule rule, final BufferedBody body) {
        if (body.complete() || rule.atLeast() > 0 && body.length() >= rule.atLeast()) {
            return done(s);
        }
        return waitOrExpire(s, rule);
    }

    private static int waitOrExpire(final HttpSession s, final BodyWaitRule rule) {
        if (s.bodyWait == null) {
            s.bodyWait = new BodyWait();
        }
        final BodyWait w = s.bodyWait;
        final long nowNs = s.reactor.nowNs();
        if (!w.ruleWaiting) {
            w.ruleWaiting = true;
            w.ruleDeadlineNs = rule.timeMs() > 0 ? nowNs + rule.timeMs() * 1_000_000L : LazyTimer.NONE;
            s.timer.armBy(HttpTimeouts.nextDeadlineNs(s));
            return WAIT;
        }
        if (w.ruleDeadlineNs != LazyTimer.NONE && nowNs - w.ruleDeadlineNs >= 0) {
            w.ruleWaiting = false;
            return EXPIRED;
        }
        return WAIT;
    }

    /** The wait-for-body rule the request's rules reach, or null. */
    private static BodyWaitRule requestRule(final HttpSession s) {
        final List<HttpRule> front = s.fePolicy.requestRules();
        final boolean frontWaits = hasWaitRule(front);
        if (!frontWaits && !BodyWait.anyBackend(s, b -> hasWaitRule(b.config().http().requestRules()))) {
            return null; // the common case: nothing to evaluate
        }
        final HeadView view = s.ws.reqView.of(s.ws.req);
        final int found = walk(front, view);
        if (found == FINAL) {
            return null;
        }
        if (found >= 0) {
            return (BodyWaitRule) front.get(found);
        }
        final Backend b = HttpRouter.backendFor(s.frontend, view);
        if (b == null || b.config() == s.frontend.config()) {
            return null;
        }
        final List<HttpRule> back = b.config().http().requestRules();
        final int inBackend = walk(back, view);
        return inBackend >= 0 ? (BodyWaitRule) back.get(inBackend) : null;
    }

    /** The wait-for-body rule the response's rules reach (the backend's, then the frontend's), or null. */
    private static BodyWaitRule responseRule(final HttpSession s) {
        final List<HttpRule> back = s.bePolicy.responseRules();
        final List<HttpRule> front = s.fePolicy.responseRules();
        final boolean listen = s.backend.config() == s.frontend.config();
        if (!hasWaitRule(back) && (listen || !hasWaitRule(front))) {
            return null;
        }
        final HeadView view = s.ws.respView.of(s.ws.resp);
        final int found = walk(back, view);
        if (found >= 0) {
            return (BodyWaitRule) back.get(found);
        }
        if (found == FINAL || listen) {
            return null;
        }
        final int inFront = walk(front, view);
        return inFront >= 0 ? (BodyWaitRule) front.get(inFront) : null;
    }

    /** What {@link #walk} returns when a final rule ends the list first. */
    private static final int FINAL = -2;

    /** The index of the first wait-for-body rule whose condition holds, FINAL, or -1 when the list runs out. */
    private static int walk(final List<HttpRule> rules, final HeadView view) {
        for (int i = 0; i < rules.size(); i++) {
            final HttpRule r = rules.get(i);
            final boolean waits = r.kind() == HttpRule.Kind.WAIT_FOR_BODY;
            if ((waits || r.kind().isFinal()) && r.condition().test(view)) {
                return waits ? i : FINAL;
            }
        }
        return -1;
    }

    private static boolean hasWaitRule(final List<HttpRule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).kind() == HttpRule.Kind.WAIT_FOR_BODY) {
                return true;
            }
        }
        return false;
    }

}
