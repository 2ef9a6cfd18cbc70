package dev.baton.http;

import dev.baton.config.TcpRule;
import dev.baton.counters.Counter;

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
        if (rules.isEmpty() || !rejects(rules, s.ws.reqView.of(s.ws.req), s)) {
            return false;
        }
        s.frontend.counters().increment(s.reactor.id(), Counter.DENIED_REQUESTS);
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

    private static boolean rejects(final List<TcpRule> rules, final HeadView view, final HttpSession s) {
        for (int i = 0; i < rules.size(); i++) {
            final TcpRule rule = rules.get(i);
            if (rule.condition().test(view)) {
                if (rule.action() == TcpRule.Action.STICK) {
                    rule.stick().apply(view, false, -1); // tracked for this request's stream; it counts it next
                    continue;
                }
                if (rule.action() == TcpRule.Action.EFFECT) {
                    // set-src, set-var, capture...: for this request's stream, as HAProxy's per-request streams
                    dev.baton.http.rules.TcpEffects.apply(rule.effect(), view, s.ws, s.captures);
                    continue;
                }
                return rule.action() == TcpRule.Action.REJECT;
            }
        }
        return false;
    }
}
