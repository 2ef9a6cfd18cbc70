package dev.baton.listener;

import dev.baton.config.TcpRule;
import dev.baton.io.Endpoint;

import java.util.List;

/**
 * A frontend's {@code tcp-request connection} rules (right after accept, before the PROXY header and the TLS
 * handshake) and {@code tcp-request session} rules (once those are done): the first rule whose condition holds
 * accepts or rejects, none accepts; stick counter actions ({@code track-scN}, {@code sc-inc-gpc0}...) act on the
 * connection's counters and the next rules go on. The conditions read the connection only. A rejected client is
 * reset and not logged, as HAProxy does ("denied connections" are not sessions yet). Reactor thread of the
 * listener; a small context per connection, only when the frontend has rules.
 */
final class ConnectionRules {
    private ConnectionRules() {
    }

    /** Whether {@code rules} let {@code client} of {@code frontend} in. */
    static boolean admit(final List<TcpRule> rules, final Frontend frontend, final Endpoint client) {
        if (rules.isEmpty()) {
            return true;
        }
        final ConnectionView view = new ConnectionView(frontend, client);
        for (final TcpRule rule : rules) {
            if (rule.condition().test(view)) {
                if (rule.action() == TcpRule.Action.STICK) {
                    rule.stick().apply(view, true, -1); // tracked for the whole connection; the next rules see it
                    continue;
                }
                if (rule.action() == TcpRule.Action.EFFECT) {
                    dev.baton.http.rules.TcpEffects.apply(rule.effect(), view, view, null); // set-src, set-var...
                    continue;
                }
                return rule.action() == TcpRule.Action.ACCEPT;
            }
        }
        return true;
    }

    /** Closes a rejected client with a reset and gives its frontend slot back. */
    static void reject(final Frontend frontend, final Endpoint client, final ConnectionLimits limits) {
        client.abort();
        limits.release(frontend);
    }
}
