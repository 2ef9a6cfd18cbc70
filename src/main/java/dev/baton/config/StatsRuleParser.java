package dev.baton.config;

/**
 * {@code stats http-request allow|deny [if|unless COND]}: who may see the statistics page (see {@link StatsRule}),
 * as HAProxy 2.6 reads it: not in {@code defaults}, a warning when an earlier rule had no condition (the later ones
 * can never apply), and refused together with {@code stats auth} or {@code stats realm} once the proxy is built.
 * {@code auth} (the stats page's own rule list) is not implemented: refused, pointing to {@code stats auth} and to
 * {@code http-request auth} with a {@code userlist}.
 * Stateless.
 */
final class StatsRuleParser {
    static final String EXPECTED = "allow or deny, then optionally if|unless and a condition";

    private StatsRuleParser() {
    }

    static void rule(final Directive d, final ProxyDraft p) {
        final String kw = "stats http-request";
        if (p.section == Section.DEFAULTS) {
            throw new LineError(Messages.notAllowed(kw, Section.DEFAULTS));
        }
        final String action = d.require(2, kw, EXPECTED);
        if (action.equals("auth")) {
            throw new LineError("'stats http-request auth' is not implemented yet; use 'stats auth USER:PASSWORD' (and "
                + "'stats realm REALM'), or 'http-request auth realm R unless { http_auth(LIST) }' with a userlist");
        }
        if (!action.equals("allow") && !action.equals("deny")) {
            throw new LineError(Messages.badValue(kw, EXPECTED, action));
        }
        if (d.has(3) && !ConditionParser.starts(d, 3)) {
            throw new LineError(Messages.unexpectedArgument(kw + " " + action, d.word(3)));
        }
        final HttpDraft h = p.http;
        final int n = h.statsRuleConditions.size();
        if (n > 0 && h.statsRuleConditions.get(n - 1) == ConditionDraft.NONE) {
            d.warning("previous 'stats http-request' action has no condition attached, further entries are NOOP");
        }
        if (n == 0) {
            h.statsRuleWhere = d.where();
        }
        h.statsRuleAllow.add(action.equals("allow"));
        h.statsRuleConditions.add(ConditionParser.parse(d, 3, h));
    }
}
