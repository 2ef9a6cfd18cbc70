package dev.baton.config;

import dev.baton.config.HttpDraft.RuleDraft;
import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.StickRule;
import dev.baton.sample.SampleExpr;
import dev.baton.stick.StickAction;
import dev.baton.stick.StickCounters;
import dev.baton.stick.StickReferences;

import java.util.List;

/**
 * The stick counter actions of {@code http-request}, {@code http-response} and {@code tcp-request
 * connection|session|content}, as HAProxy 2.6 parses them: {@code track-sc0|1|2 KEY [table NAME]} (the key a
 * sample expression, the table the proxy's own when not named), {@code sc-inc-gpc0[(N)]}, {@code sc-inc-gpc1[(N)]},
 * {@code sc-set-gpt0[(N)] VALUE} (an integer or a sample expression). The array forms of HAProxy 2.5+
 * ({@code sc-inc-gpc(I,N)}, {@code sc-set-gpt(I,N)}, {@code sc-add-gpc}) are refused: baton stores {@code gpc0},
 * {@code gpc1} and {@code gpt0} only. A refused line throws {@link LineError}. Stateless.
 */
final class StickRuleParser {
    /** A parsed action and the index of the word after it (where a condition may start). */
    record Parsed(StickAction action, int next) {
    }

    private StickRuleParser() {
    }

    /** Whether {@code action} is a stick counter action (to parse here). */
    static boolean handles(final String action) {
        return action.startsWith("track-sc") || action.startsWith("sc-inc-gpc") || action.startsWith("sc-set-gpt")
            || action.startsWith("sc-add-gpc");
    }

    /** An {@code http-request} or {@code http-response} stick action, added to {@code rules}. */
    static void http(final Directive d, final ProxyDraft p, final String kw, final Side side,
                     final List<RuleDraft> rules) {
        final Parsed parsed = parse(d, 1, kw, side.offered());
        final String context = kw + " " + d.word(1);
        HttpRuleParser.conditionAt(d, parsed.next(), context);
        final Kind kind = kind(parsed.action());
        rules.add(new RuleDraft(ConditionParser.parse(d, parsed.next(), p.http),
            c -> new StickRule(kind, parsed.action(), c)));
    }

    private static Kind kind(final StickAction a) {
        switch (a.kind()) {
            case TRACK:
                return Kind.TRACK_SC;
            case SET_GPT0:
                return Kind.SC_SET_GPT;
            default:
                return Kind.SC_INC_GPC;
        }
    }

    /** The action written at word {@code at} of {@code d} ({@code kw}: the directive, for messages). */
    static Parsed parse(final Directive d, final int at, final String kw, final int offered) {
        final String action = d.word(at);
        final String context = kw + " " + action;
        if (action.startsWith("track-sc")) {
            final int slot = slot(action.substring("track-sc".length()), context, false);
            final String keyText = d.require(at + 1, context, "a sample expression such as src");
            final SampleExpr key = VarRuleParser.expression(keyText, offered, context);
            int next = at + 2;
            String table = null;
            if (d.has(next) && d.word(next).equals("table")) {
                table = d.require(next + 1, context + " table", "a table name");
                next += 2;
            }
            final String resolved = StickReferences.table(table, "track-sc" + slot);
            return new Parsed(new StickAction(StickAction.Kind.TRACK, slot, key, resolved), next);
        }
        if (action.startsWith("sc-inc-gpc0") || action.startsWith("sc-inc-gpc1")) {
            final int slot = slot(action.substring("sc-inc-gpc0".length()), context, true);
            final StickAction.Kind k = action.charAt(10) == '0' ? StickAction.Kind.INC_GPC0 : StickAction.Kind.INC_GPC1;
            return new Parsed(new StickAction(k, slot, null, null), at + 1);
        }
        if (action.startsWith("sc-set-gpt0")) {
            final int slot = slot(action.substring("sc-set-gpt0".length()), context, true);
            final String value = d.require(at + 1, context, "an integer or a sample expression");
            final SampleExpr expr = VarRuleParser.expression(isInteger(value) ? "int(" + value + ")" : value, offered,
                context);
            return new Parsed(new StickAction(StickAction.Kind.SET_GPT0, slot, expr, null), at + 2);
        }
        throw new LineError("'" + context + "': the gpc and gpt arrays (HAProxy 2.5+) are not supported by baton; "
            + "store gpc0, gpc1 or gpt0 and use sc-inc-gpc0(N), sc-inc-gpc1(N) or sc-set-gpt0(N)");
    }

    /** The counter number after the action's name: {@code N} for track-scN, {@code (N)} or nothing (0) else. */
    private static int slot(final String text, final String context, final boolean parenthesized) {
        String n = text;
        if (parenthesized) {
            if (n.isEmpty()) {
                return 0;
            }
            if (!n.startsWith("(") || !n.endsWith(")")) {
                throw new LineError("'" + context + "': expects a stick counter number in parentheses, such as (0)");
            }
            n = n.substring(1, n.length() - 1);
        }
        if (n.length() != 1 || n.charAt(0) < '0' || n.charAt(0) >= '0' + StickCounters.SLOTS) {
            throw new LineError("'" + context + "': invalid stick counter '" + Messages.echo(n) + "' (expects 0, 1 or "
                + "2: baton has " + StickCounters.SLOTS + " stick counters, as HAProxy by default)");
        }
        return n.charAt(0) - '0';
    }

    private static boolean isInteger(final String s) {
        return s.matches("-?[0-9]+");
    }
}
