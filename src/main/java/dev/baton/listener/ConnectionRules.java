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

    /** {@link #admit}: the client is refused. */
    static final int REJECTED = 0;
    /** {@link #admit}: the client is let in. */
    static final int ADMITTED = 1;
    /** {@link #admit}: the client is let in, and must start with a PROXY header ({@code expect-proxy layer4}). */
    static final int ADMITTED_WITH_PROXY_HEADER = 2;

    /** Whether {@code rules} let {@code client} of {@code frontend} in: {@link #REJECTED}, {@link #ADMITTED}... */
    static int admit(final List<TcpRule> rules, final Frontend frontend, final Endpoint client) {
        if (rules.isEmpty()) {
            return ADMITTED;
        }
        final ConnectionView view = new ConnectionView(frontend, client);
        boolean proxyHeader = false;
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
                if (rule.action() == TcpRule.Action.EXPECT_PROXY) {
                    proxyHeader = true; // as HAProxy: a flag on the connection, then the next rule
                    continue;
                }
                if (rule.action().refuses(client)) {
                    return REJECTED;
                }
                break;
            }
        }
        return proxyHeader ? ADMITTED_WITH_PROXY_HEADER : ADMITTED;
    }

    /** Whether a frontend's connection rules may ask for a PROXY header ({@code expect-proxy layer4}). */
    static boolean mayExpectProxy(final List<TcpRule> rules) {
        for (final TcpRule rule : rules) {
            if (rule.action() == TcpRule.Action.EXPECT_PROXY) {
                return true;
            }
        }
        return false;
    }

    /** Closes a rejected client with a reset and gives its frontend slot back. */
    static void reject(final Frontend frontend, final Endpoint client, final ConnectionLimits limits) {
        client.abort();
        limits.release(frontend);
    }
}
