package dev.baton.config;

import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.AddressRule;
import dev.baton.http.rules.CaptureRule;
import dev.baton.http.rules.Condition;
import dev.baton.http.rules.HttpRule;
import dev.baton.sample.SampleExpr;

import java.util.List;
import java.util.function.Function;

/**
 * The {@code tcp-request connection|session|content} actions that act and let the rules go on, as HAProxy 2.6 has
 * them in each set: {@code set-src}, {@code set-src-port}, {@code set-dst}, {@code set-dst-port} and
 * {@code set-var(NAME)}, {@code set-var-fmt(NAME)}, {@code unset-var(NAME)}, {@code set-tos N}, {@code set-mark N} in
 * the three, and
 * {@code capture SAMPLE len N} in {@code content} rules of a frontend or listen section (a new request capture slot,
 * logged in {@code %hr}, as {@code http-request capture ... len N}). Each becomes a {@link TcpRule.Action#EFFECT} rule
 * whose effect is the http rule of the same action. A refused line throws {@link LineError}. Stateless.
 */
final class TcpEffectParser {
    private TcpEffectParser() {
    }

    /** Whether {@code action} (word 2 of a {@code tcp-request} line) is parsed here. */
    static boolean handles(final String action) {
        return AddressRuleParser.handles(action) || action.startsWith("set-var") || action.startsWith("unset-var")
            || action.equals("capture") || ConnectionActionParser.handlesTcpEffect(action);
    }

    /** {@code tcp-request SET ACTION ... [COND]} ({@code kw} is "tcp-request SET") into {@code rules}. */
    static void rule(final Directive d, final ProxyDraft p, final String kw, final List<TcpRulesDraft.RuleDraft> rules) {
        final String action = d.word(2);
        final String context = kw + " " + action;
        final boolean content = kw.endsWith("content");
        final Function<Condition, HttpRule> effect;
        final int conditionAt;
        if (AddressRuleParser.handles(action)) {
            final HttpRule.Kind kind = AddressRuleParser.kind(action);
            final SampleExpr expr = AddressRuleParser.expression(d, 3, context);
            effect = c -> new AddressRule(kind, expr, c);
            conditionAt = 4;
        } else if (ConnectionActionParser.handlesTcpEffect(action)) {
            effect = ConnectionActionParser.tcpEffect(d, context); // set-tos, set-mark
            conditionAt = 4;
        } else if (action.equals("capture")) {
            effect = capture(d, p, kw, content);
            conditionAt = 6;
        } else {
            final VarRuleParser.Parsed parsed = VarRuleParser.parse(d, 2, kw, content ? Side.HTTP_CONTENT : Side.ANY);
            effect = parsed.rule();
            conditionAt = parsed.conditionAt();
        }
        HttpRuleParser.conditionAt(d, conditionAt, context);
        rules.add(new TcpRulesDraft.RuleDraft(TcpRule.Action.EFFECT, ConditionParser.parse(d, conditionAt, p.http),
            d.where(), null, effect));
    }

    /** {@code capture SAMPLE len N}: a new request capture slot of the frontend. */
    private static Function<Condition, HttpRule> capture(final Directive d, final ProxyDraft p, final String kw,
                                                         final boolean content) {
        final String context = kw + " capture";
        if (p.section != Section.FRONTEND && p.section != Section.LISTEN) {
            throw new LineError("'" + context + "' : proxy '" + p.name + "' has no frontend capability");
        }
        if (!content) {
            throw new LineError("'capture' is not allowed in '" + kw + "' rules (only in 'tcp-request content')");
        }
        final SampleExpr expr = VarRuleParser.expression(d.require(3, context, "a sample expression"),
            Side.HTTP_CONTENT.offered(), context);
        if (!d.has(4) || !d.word(4).equals("len")) {
            throw new LineError("'" + context + "' : a positive 'len' argument is mandatory");
        }
        final String number = d.require(5, context, "missing length value");
        int len;
        try {
            len = Integer.parseInt(number);
        } catch (final NumberFormatException e) {
            len = 0;
        }
        if (len <= 0) {
            throw new LineError("'" + context + "' : length must be > 0");
        }
        final int slot = p.trafficLog.requestCaptures.size();
        p.trafficLog.requestCaptures.add(new TrafficLogConfig.HeaderCapture(null, len));
        return c -> new CaptureRule(expr, slot, false, c);
    }
}
