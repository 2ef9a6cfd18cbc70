package dev.baton.config;

/**
 * {@code stats http-request allow|deny|auth [realm REALM] [if|unless COND]}: who may see the statistics page (see
 * {@link StatsRule}), as HAProxy 2.6 reads it: not in {@code defaults}, a warning when an earlier rule had no
 * condition (the later ones can never apply), and refused together with {@code stats auth} or {@code stats realm}
 * once the proxy is built. An {@code auth} rule without a realm asks in HAProxy's stats realm, "HAProxy Statistics".
 * Stateless.
 */
final class StatsRuleParser {
    static final String EXPECTED = "allow, deny or auth [realm REALM], then optionally if|unless and a condition";

    private StatsRuleParser() {
    }

    static void rule(final Directive d, final ProxyDraft p) {
        final String kw = "stats http-request";
        if (p.section == Section.DEFAULTS) {
            throw new LineError(Messages.notAllowed(kw, Section.DEFAULTS));
        }
        final String action = d.require(2, kw, EXPECTED);
        final StatsRule.Verdict verdict = switch (action) {
            case "allow" -> StatsRule.Verdict.ALLOW;
            case "deny" -> StatsRule.Verdict.DENY;
            case "auth" -> StatsRule.Verdict.AUTH;
            default -> throw new LineError(Messages.badValue(kw, EXPECTED, action));
        };
        int next = 3;
        String realm = null;
        if (verdict == StatsRule.Verdict.AUTH) {
            realm = StatsPageConfig.REALM;
            if (d.has(next) && d.word(next).equals("realm")) {
                realm = d.require(next + 1, kw + " auth realm", "a realm");
                next += 2;
            }
        }
        if (d.has(next) && !ConditionParser.starts(d, next)) {
            throw new LineError(Messages.unexpectedArgument(kw + " " + action, d.word(next)));
        }
        final HttpDraft h = p.http;
        final int n = h.statsRules.size();
        if (n > 0 && h.statsRules.get(n - 1).condition() == ConditionDraft.NONE) {
            d.warning("previous 'stats http-request' action has no condition attached, further entries are NOOP");
        }
        if (n == 0) {
            h.statsRuleWhere = d.where();
        }
        h.statsRules.add(new HttpDraft.StatsRuleDraft(verdict, realm, ConditionParser.parse(d, next, h)));
    }
}
