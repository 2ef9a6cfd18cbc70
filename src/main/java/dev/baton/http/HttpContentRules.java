package dev.baton.http;

import dev.baton.config.TcpRule;
import dev.baton.counters.Counter;
import dev.baton.stick.StickCounters;
import dev.baton.stick.StickDataType;

import java.util.List;

/**
 * A mode http frontend's {@code tcp-request content} rules, run on each request head before anything else looks at it
 * (HAProxy runs its content analyser before the HTTP ones). The head is complete here, so nothing waits: payload
 * fetches find nothing, as on HAProxy's HTX streams, and every other sample is final. A rule that rejects closes the
 * connection (FIN) with HAProxy's line for it: {@code <BADREQ>}, status -1, {@code PR--}, the request counted as
 * denied. Reactor thread only; no allocation.
 */
final class HttpContentRules {
    private HttpContentRules() {
    }

    /** Whether the rules rejected the request just parsed on {@code s} (the session is then over). */
    static boolean rejected(final HttpSession s) {
        final List<TcpRule> rules = s.frontend.config().extras().tcpRules().content();
        if (rules.isEmpty() || !rejects(rules, s.ws.reqView.of(s.ws.req), s.ws, s.captures)) {
            return false;
        }
        s.frontend.counters().increment(s.reactor.id(), Counter.DENIED_REQUESTS);
        dev.baton.counters.ListenerCounters.increment(s.socket, s.reactor.id(), Counter.DENIED_REQUESTS);
        final Exchange x = s.x;
        x.pending = true;
        x.status = -1;
        x.bytesToClient = 0;
        x.headDoneNs = -1;
        x.terminate('P', 'R');
        s.endRequest();
        s.client.endpoint.close(); // HAProxy's H1 mux closes with a FIN here (curl: empty reply)
        s.finish();
        return true;
    }

    /**
     * Whether the {@code tcp-request content} rules of {@code backend}, run on the request of {@code ws} once the
     * switching rules chose it (before its {@code http-request} rules, as HAProxy's backend content analyser), reject
     * it. A listen section's own rules already ran as the frontend's. No capture there: HAProxy refuses them.
     */
    static boolean backendRejects(final dev.baton.backend.Backend backend, final RequestWorkspace ws) {
        final List<TcpRule> rules = backend.config().extras().tcpRules().content();
        if (rules.isEmpty()) {
            return false;
        }
        final StickCounters counters = ws.reqView.stickCounters();
        int trackedBefore = 0;
        for (int i = 0; counters != null && i < StickCounters.SLOTS; i++) {
            trackedBefore |= counters.entry(i) != null ? 1 << i : 0;
        }
        if (rejects(rules, ws.reqView, ws, null)) {
            return true;
        }
        // a counter tracked here counts the request once the backend's HTTP processing starts, as HAProxy's
        // backend-tracked counters: not when these rules reject it
        for (int i = 0; counters != null && i < StickCounters.SLOTS; i++) {
            if ((trackedBefore & 1 << i) == 0 && counters.entry(i) != null) {
                counters.table(i).add(counters.entry(i), StickDataType.HTTP_REQ_CNT, StickDataType.HTTP_REQ_RATE, 1);
            }
        }
        return false;
    }

    /**
     * Ends the session whose request the backend's content rules rejected: the connection closes (FIN) and the
     * request is logged with its line, {@code PR--} and status -1, counted as denied by the frontend (HAProxy counts
     * a content reject on the frontend and its listener only).
     */
    static void closeRejected(final HttpSession s) {
        s.frontend.counters().increment(s.reactor.id(), Counter.DENIED_REQUESTS);
        dev.baton.counters.ListenerCounters.increment(s.socket, s.reactor.id(), Counter.DENIED_REQUESTS);
        HttpEnding.closeUnanswered(s, false);
    }

    private static boolean rejects(final List<TcpRule> rules, final HeadView view, final RequestWorkspace ws,
                                   final dev.baton.log.LogCaptures captures) {
        for (int i = 0; i < rules.size(); i++) {
            final TcpRule rule = rules.get(i);
            if (rule.condition().test(view)) {
                if (rule.action() == TcpRule.Action.STICK) {
                    rule.stick().apply(view, false, -1); // tracked for this request's stream; it counts it next
                    continue;
                }
                if (rule.action() == TcpRule.Action.EFFECT) {
                    // set-src, set-var, capture...: for this request's stream, as HAProxy's per-request streams
                    dev.baton.http.rules.TcpEffects.apply(rule.effect(), view, ws, captures);
                    continue;
                }
                return rule.action().refuses(view.clientConnection());
            }
        }
        return false;
    }
}
