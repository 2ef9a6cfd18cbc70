package dev.baton.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Numbers the proxies as HAProxy 2.6 does ({@code check_config_validity}): an {@code id N} must be unique among
 * proxies (a reuse is an error naming the first); the others take, in file order, the first id not forced by an
 * {@code id} line from a counter that starts at 1 and moves past every proxy, numbered or not, disabled or not (so
 * disabling a proxy renumbers none). HAProxy's stats socket has an internal proxy of its own that takes the first
 * step of that counter, so with a {@code stats socket} the first automatic id is 2, as {@code show stat} shows in
 * HAProxy. Pure.
 */
final class ProxyIds {
    private ProxyIds() {
    }

    static List<ParsedProxy> assign(final List<ParsedProxy> proxies, final boolean statsSocket,
                                    final Diagnostics diag) {
        final Map<Integer, ProxyConfig> forced = new HashMap<>();
        for (final ParsedProxy parsed : proxies) {
            final ProxyConfig p = parsed.config();
            if (!p.extras().forcedId()) {
                continue;
            }
            final ProxyConfig first = forced.putIfAbsent(p.extras().id(), p);
            if (first != null) {
                diag.error(p.where(), ConfigValidator.describe(p) + " reuses same custom id " + p.extras().id()
                    + " as " + ConfigValidator.describe(first) + " (declared at " + first.where() + ")");
            }
        }
        final List<ParsedProxy> out = new ArrayList<>();
        int next = statsSocket ? 2 : 1;
        for (final ParsedProxy parsed : proxies) {
            ProxyConfig p = parsed.config();
            if (!p.extras().forcedId()) {
                while (forced.containsKey(next)) {
                    next++;
                }
                p = p.withId(next);
            }
            next++;
            out.add(new ParsedProxy(p, parsed.defaultBackendWhere()));
        }
        return out;
    }
}
