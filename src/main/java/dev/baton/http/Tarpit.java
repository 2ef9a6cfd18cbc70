package dev.baton.http;

import dev.baton.counters.Counter;
import dev.baton.http.rules.DenyRule;
import dev.baton.http.rules.HttpReply;
import dev.baton.http.rules.HttpRule;

/**
 * {@code http-request tarpit}: the request is denied, but answered only once the {@code timeout tarpit} of the proxy
 * whose rule matched has passed ({@code timeout connect} when unset, at once when neither is), as HAProxy's
 * {@code http_process_tarpit}. Meanwhile the session is in phase TARPIT: what the client sends is thrown away, and a
 * client that leaves does not end the wait (HAProxy holds and logs the request all the same). The wait is the
 * session's own lazy timer, never a blocked reactor. The answer is the rule's reply: the error for its status (500 by
 * default), or the one its reply arguments make (rendered when the wait ends: as HAProxy, whose request buffer is
 * emptied meanwhile, fetches of the request's head find nothing then), logged {@code PT}, then the connection closes.
 * Stateless; reactor thread only; no allocation.
 */
final class Tarpit {
    private Tarpit() {
    }

    /**
     * A tarpit rule matched the request whose head {@code s} holds: the wait begins. {@code s.backend} is the backend
     * whose rule it was, null for the frontend's ({@link #ofFrontend}).
     */
    static void begin(final HttpSession s, final DenyRule rule) {
        s.tarpitReply = rule.reply().type() == HttpReply.Type.PROXY_ERRORS ? null : rule.reply();
        s.consumeRequestHead();
        final int r = s.reactor.id();
        s.frontend.counters().increment(r, Counter.DENIED_REQUESTS);
        dev.baton.counters.ListenerCounters.increment(s.socket, r, Counter.DENIED_REQUESTS);
        if (s.backend != null) {
            s.backend.counters().increment(r, Counter.DENIED_REQUESTS);
        }
        final long ms = (s.backend != null ? s.backend.config() : s.frontend.config()).timeouts()
            .tarpitMs();
        final long nowNs = s.reactor.nowNs();
        s.x.status = rule.status();
        s.x.tarpitted = true;
        s.closeClientAfter = true;
        s.phase = HttpSession.Phase.TARPIT;
        s.phaseStartNs = nowNs;
        s.tarpitDeadlineNs = nowNs + ms * 1_000_000L;
        s.timer.armBy(s.tarpitDeadlineNs);
    }

    /**
     * Whether {@code router}'s verdict is a tarpit of the frontend's rules: HAProxy's stream has no backend then (the
     * line names the frontend, the frontend's errorfiles and timeout apply, no backend counts it).
     */
    static boolean ofFrontend(final HttpRouter router) {
        return router.verdict() != null && router.verdict().kind() == HttpRule.Kind.TARPIT
            && !router.verdictOfBackend();
    }

    /** One step of the wait: the client's bytes are dropped; nothing moves until the timer fires. */
    static boolean hold(final HttpSession s) {
        s.client.discardInput();
        s.client.releaseInputIfEmpty();
        return false;
    }

    /** The wait is over: the error for the rule's status, logged {@code PT}, and the connection closes. */
    static void expire(final HttpSession s) {
        s.x.terminate('P', 'T');
        final HttpReply reply = s.tarpitReply;
        s.tarpitReply = null;
        if (reply == null) {
            HttpEnding.reply(s, s.x.status);
        } else {
            s.answers().replyAndClose(reply);
        }
    }
}
