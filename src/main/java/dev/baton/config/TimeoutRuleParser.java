package dev.baton.config;

import dev.baton.config.HttpDraft.RuleDraft;
import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.TimeoutRule;
import dev.baton.sample.SampleExpr;

import java.util.List;

/**
 * {@code http-request set-timeout server|tunnel TIME|EXPR [COND]}, as HAProxy 2.6 reads it: only in a proxy with a
 * backend side (backend, listen), only {@code server} and {@code tunnel} (2.6 has no {@code client}), a time that is
 * not 0, or else a sample expression giving milliseconds. A refused line throws {@link LineError}. Stateless.
 */
final class TimeoutRuleParser {
    private TimeoutRuleParser() {
    }

    static void rule(final Directive d, final ProxyDraft p, final String context, final List<RuleDraft> rules) {
        if (!d.has(3)) {
            throw new LineError("'" + context + "' expects exactly 2 arguments");
        }
        if (p.section != Section.BACKEND && p.section != Section.LISTEN) {
            throw new LineError("'" + context + "': proxy '" + p.name + "' has no backend capability");
        }
        final String name = d.word(2);
        if (!name.equals("server") && !name.equals("tunnel")) {
            throw new LineError("'" + context + "': 'set-timeout' rule supports 'server'/'tunnel' (got '"
                + Messages.echo(name) + "')" + (name.equals("client") ? "; HAProxy 2.6 has no 'set-timeout client':"
                + " set 'timeout client' in the frontend" : ""));
        }
        final String value = d.word(3);
        final boolean tunnel = name.equals("tunnel");
        if (!value.isEmpty() && Character.isDigit(value.charAt(0))) {
            final long ms;
            try {
                ms = Durations.parseMs(value);
            } catch (final BadValueException e) {
                throw new LineError(Messages.badValue(context + " " + name, e.getMessage(), value));
            }
            if (ms == 0) {
                throw new LineError("'" + context + "': null value is not valid for a 'set-timeout " + name + "' rule");
            }
            HttpRuleParser.add(rules, d, 4, context, p, c -> new TimeoutRule(tunnel, ms, null, c));
            return;
        }
        final SampleExpr expr = VarRuleParser.expression(value, Side.REQUEST.offered(), context);
        HttpRuleParser.add(rules, d, 4, context, p, c -> new TimeoutRule(tunnel, -1, expr, c));
    }
}
