package dev.baton.config;

import dev.baton.config.HttpDraft.RuleDraft;
import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.CaptureRule;
import dev.baton.sample.SampleExpr;

import java.util.List;

/**
 * Capture slots filled by rules, as HAProxy 2.6 declares them: {@code http-request capture EXPR len N} (a new request
 * slot of the frontend, after those declared before it), {@code http-request capture EXPR id N} and
 * {@code http-response capture EXPR id N} (an existing slot: checked once the section is read in a frontend or
 * listen, at run time only in a backend, whose frontends decide), and {@code declare capture request|response len N}
 * (a slot and nothing else). Slots share one numbering with {@code capture request|response header}, in the order
 * of the lines. A refused line throws {@link LineError}. Stateless.
 */
final class CaptureRuleParser {
    /** A {@code capture ... id N} rule to check against the proxy's slots. */
    record SlotRef(SourceLocation where, int id, boolean response) {
    }

    private CaptureRuleParser() {
    }

    /** {@code http-request|http-response capture EXPR len N|id N [COND]}; {@code context} is "KW capture". */
    static void rule(final Directive d, final ProxyDraft p, final String context, final Side side,
                     final List<RuleDraft> rules) {
        final boolean response = side == Side.RESPONSE;
        final String expects = response ? "expects <expression> id <idx>"
            : "expects <expression> [ 'len' <length> | id <idx> ]";
        for (int i = 2; i < 5; i++) {
            if (!d.has(i) || ConditionParser.starts(d, i)) {
                throw new LineError("'" + context + "' " + expects);
            }
        }
        final SampleExpr expr = VarRuleParser.expression(d.word(2), side.offered(), context);
        final String how = d.word(3);
        final String number = d.word(4);
        final int slot;
        if (how.equals("len") && !response) {
            if (p.section != Section.FRONTEND && p.section != Section.LISTEN) {
                throw new LineError("'" + context + "': proxy '" + p.name + "' has no frontend capability");
            }
            final int len = leadingInt(number);
            if (len <= 0) {
                throw new LineError("'" + context + "': length must be > 0");
            }
            slot = p.trafficLog.requestCaptures.size();
            p.trafficLog.requestCaptures.add(new TrafficLogConfig.HeaderCapture(null, len));
        } else if (how.equals("id")) {
            try {
                slot = Integer.parseInt(number);
            } catch (final NumberFormatException e) {
                throw new LineError("'" + context + "': cannot parse id '" + Messages.echo(number) + "'");
            }
            p.trafficLog.slotRefs.add(new SlotRef(d.where(), slot, response));
        } else {
            throw new LineError("'" + context + "': expects " + (response ? "'id'" : "'len' or 'id'") + ", found '"
                + Messages.echo(how) + "'");
        }
        HttpRuleParser.add(rules, d, 5, context, p, c -> new CaptureRule(expr, slot, response, c));
    }

    /** {@code declare capture request|response len N}: a frontend or listen section's new slot. */
    static void declare(final Directive d, final ProxyDraft p) {
        if (p.section == Section.DEFAULTS) {
            throw new LineError("'declare' not available in default section");
        }
        if (p.section == Section.BACKEND) {
            throw new LineError("'declare' only available in frontend or listen section");
        }
        if (!d.has(1)) {
            throw new LineError("'declare' needs a second keyword that specify the type of declaration ('capture')");
        }
        if (!d.word(1).equals("capture")) {
            throw new LineError("unknown declaration type '" + Messages.echo(d.word(1)) + "' (supports 'capture')");
        }
        final String direction = d.has(2) ? d.word(2) : "";
        if (!direction.equals("request") && !direction.equals("response")) {
            throw new LineError("'declare capture' requires a direction ('request' or 'response')");
        }
        if (!d.has(3) || !d.word(3).equals("len")) {
            throw new LineError("'declare capture' requires a capture length ('len')");
        }
        if (!d.has(4)) {
            throw new LineError("'declare capture': 'len' requires a numeric value that represents the capture length");
        }
        final int len;
        try {
            len = Integer.parseInt(d.word(4));
        } catch (final NumberFormatException e) {
            throw new LineError("'declare capture': cannot parse the length '" + Messages.echo(d.word(4)) + "'.");
        }
        if (len <= 0) {
            throw new LineError("'declare capture': length must be > 0");
        }
        d.noMoreThan(5, "declare capture");
        (direction.equals("request") ? p.trafficLog.requestCaptures : p.trafficLog.responseCaptures)
            .add(new TrafficLogConfig.HeaderCapture(null, len));
    }

    /** The {@code id} rules of a frontend or listen section name slots it has, as HAProxy checks them. */
    static void checkSlots(final TrafficLogDraft t, final Diagnostics diag) {
        for (final SlotRef r : t.slotRefs) {
            final int slots = r.response() ? t.responseCaptures.size() : t.requestCaptures.size();
            if (r.id() >= slots) {
                diag.error(r.where(), "unable to find capture id '" + r.id() + "' referenced by http-"
                    + (r.response() ? "response" : "request") + " capture rule");
            }
        }
    }

    /** The number {@code atoi} reads at the start of {@code text} (0 when none), as HAProxy reads a length. */
    private static int leadingInt(final String text) {
        int i = 0;
        long n = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i)) && n <= Integer.MAX_VALUE) {
            n = n * 10 + (text.charAt(i) - '0');
            i++;
        }
        return (int) Math.min(n, Integer.MAX_VALUE);
    }
}
