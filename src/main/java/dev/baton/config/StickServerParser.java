package dev.baton.config;

import dev.baton.http.rules.AclTerm;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.Uses;
import dev.baton.stick.StickReferences;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code stick on|match|store-request|store-response PATTERN [table NAME] [if|unless COND]} of a backend or listen
 * section, as HAProxy 2.6 parses them (refused in {@code defaults}, where HAProxy refuses them too): the pattern is a
 * sample expression, the table the proxy's own when not named (checked with the other table references). Kept as
 * drafts until the proxy's ACLs are known, then compiled into {@link StickServerRules}. Configuration thread.
 */
final class StickServerParser {
    private static final String EXPECTED = "'on', 'match', 'store-request' or 'store-response'";

    /** A rule as written. */
    record Draft(boolean match, boolean store, boolean response, SampleExpr expr, String table,
                 ConditionDraft condition, SourceLocation where) {
    }

    private StickServerParser() {
    }

    static void parse(final Directive d, final ProxyDraft p) {
        final String sub = d.require(1, "stick", EXPECTED);
        if (p.section == Section.DEFAULTS) {
            throw new LineError(Messages.notAllowed("stick " + sub, Section.DEFAULTS));
        }
        final boolean match = sub.equals("on") || sub.equals("match");
        final boolean store = sub.equals("on") || sub.startsWith("store-");
        final boolean response = sub.equals("store-response");
        if (!match && !sub.equals("store-request") && !response) {
            throw new LineError(Messages.badValue("stick", EXPECTED, sub));
        }
        final String context = "stick " + sub;
        final String text = d.require(2, context, "a sample expression such as src");
        final SampleExpr expr = VarRuleParser.expression(text, response ? Uses.HTTP_RESPONSE | Uses.RES_PAYLOAD
            : Uses.HTTP_REQUEST | Uses.REQ_PAYLOAD, context);
        int next = 3;
        String table = null;
        if (d.has(next) && d.word(next).equals("table")) {
            table = d.require(next + 1, context + " table", "a table name");
            next += 2;
        }
        HttpRuleParser.conditionAt(d, next, context);
        final String resolved = StickReferences.table(table, context);
        p.stickServerRules.add(new Draft(match, store, response, expr, resolved,
            ConditionParser.parse(d, next, p.http), d.where()));
    }

    /**
     * The rules of a proxy in {@code mode}, conditions compiled by {@code http} (which holds the ACLs) on what each
     * side reads (mode tcp: the inspected bytes of the request or of the response); none outside a backend.
     */
    static StickServerRules build(final List<Draft> drafts, final Mode mode, final ProxyKind kind,
                                  final HttpDraft http, final Diagnostics diag) {
        if (drafts.isEmpty() || !kind.isBackend()) {
            return StickServerRules.NONE;
        }
        final List<StickServerRules.Rule> request = new ArrayList<>();
        final List<StickServerRules.Rule> response = new ArrayList<>();
        for (final Draft r : drafts) {
            final AclTerm.Side side = mode == Mode.HTTP ? r.response() ? AclTerm.Side.RESPONSE : AclTerm.Side.REQUEST
                : r.response() ? AclTerm.Side.RESPONSE_CONTENT : AclTerm.Side.CONTENT;
            final StickServerRules.Rule rule = new StickServerRules.Rule(r.match(), r.store(), r.expr(), r.table(),
                http.compile(r.condition(), side, "'stick' rules", diag));
            (r.response() ? response : request).add(rule);
        }
        return new StickServerRules(request, response);
    }
}
