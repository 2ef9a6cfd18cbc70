package dev.baton.config;

import dev.baton.http.rules.AddressRule;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.Uses;

/**
 * {@code set-src EXPR}, {@code set-src-port EXPR}, {@code set-dst EXPR} and {@code set-dst-port EXPR} of
 * {@code http-request} and {@code tcp-request connection|session|content}, as HAProxy 2.6's
 * {@code tcp_parse_set_src_dst}: one sample expression, which may read anything a request offers (HAProxy checks it
 * against the request headers' place for every rule set; at connection time such fetches find nothing), then an
 * optional condition. A refused line throws {@link LineError}. Stateless.
 */
final class AddressRuleParser {
    private AddressRuleParser() {
    }

    /** Whether {@code action} is one of the four address actions. */
    static boolean handles(final String action) {
        return kind(action) != null;
    }

    /** The expression of the action at word {@code at} - 1 of {@code d}, named {@code context} in messages. */
    static SampleExpr expression(final Directive d, final int at, final String context) {
        final String text = d.require(at, context, "a sample expression");
        if (ConditionParser.starts(d, at)) {
            throw new LineError("'" + context + "' expects a sample expression before the condition");
        }
        return VarRuleParser.expression(text, Uses.HTTP_REQUEST | Uses.REQ_PAYLOAD, context);
    }

    /** The rule kind of {@code action}, or null. */
    static Kind kind(final String action) {
        switch (action) {
            case "set-src":
                return Kind.SET_SRC;
            case "set-src-port":
                return Kind.SET_SRC_PORT;
            case "set-dst":
                return Kind.SET_DST;
            case "set-dst-port":
                return Kind.SET_DST_PORT;
            default:
                return null;
        }
    }

    /** {@code http-request set-src|set-src-port|set-dst|set-dst-port EXPR [COND]} into {@code p}'s request rules. */
    static void http(final Directive d, final ProxyDraft p, final String context) {
        final Kind kind = kind(d.word(1));
        final SampleExpr expr = expression(d, 2, context);
        HttpRuleParser.add(p.http.requestRules, d, 3, context, p, c -> new AddressRule(kind, expr, c));
    }
}
