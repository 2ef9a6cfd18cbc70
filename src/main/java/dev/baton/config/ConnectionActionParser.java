package dev.baton.config;

import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.DropRule;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.SocketMarkRule;

import java.util.List;

/**
 * The rule actions that act on the client connection itself, in {@code http-request}, {@code http-response} and
 * {@code tcp-request} rules, as HAProxy 2.6 has them: {@code reject} (http-request: close with no response),
 * {@code silent-drop} (drop the connection without telling the client), {@code set-tos N} and {@code set-mark N}
 * (decimal or {@code 0x} hexadecimal), {@code wait-for-handshake} (accepted: baton accepts no TLS early data, so every
 * request already comes after its handshake, which is what the action waits for) and {@code set-nice}, refused: baton
 * has no per-request scheduling priority to change. A refused line throws {@link LineError}. Stateless.
 */
final class ConnectionActionParser {
    private ConnectionActionParser() {
    }

    /** Whether {@code action} of an http rule list on {@code side} is parsed here. */
    static boolean handlesHttp(final String action, final Side side) {
        final boolean request = side == Side.REQUEST;
        return action.equals("set-tos") || action.equals("set-mark") || action.equals("set-nice")
            || action.equals("silent-drop")
            || request && (action.equals("reject") || action.equals("wait-for-handshake"));
    }

    /** Whether {@code action} (word 2 of a {@code tcp-request} line) sets a socket option, parsed here. */
    static boolean handlesTcpEffect(final String action) {
        return action.equals("set-tos") || action.equals("set-mark");
    }

    /** {@code http-request|http-response ACTION ...} ({@code context} is "KW ACTION") into {@code rules}. */
    static void http(final Directive d, final ProxyDraft p, final String context,
                     final List<HttpDraft.RuleDraft> rules) {
        final String action = d.word(1);
        switch (action) {
            case "reject" -> HttpRuleParser.add(rules, d, 2, context, p, c -> new DropRule(Kind.REJECT, c));
            case "silent-drop" -> HttpRuleParser.add(rules, d, 2, context, p, c -> new DropRule(Kind.SILENT_DROP, c));
            case "wait-for-handshake" -> {
                // nothing to wait for: the condition is still checked as HAProxy checks it
                HttpRuleParser.conditionAt(d, 2, context);
                ConditionParser.parse(d, 2, p.http);
            }
            case "set-nice" -> throw new LineError(niceRefused(context));
            default -> {
                final HttpRule.Kind kind = action.equals("set-tos") ? Kind.SET_TOS : Kind.SET_MARK;
                final int value = value(d, 2, context);
                HttpRuleParser.add(rules, d, 3, context, p, c -> new SocketMarkRule(kind, value, c));
            }
        }
    }

    /** The {@code set-tos}/{@code set-mark} effect of a {@code tcp-request} line, and where its condition starts. */
    static java.util.function.Function<dev.baton.http.rules.Condition, HttpRule> tcpEffect(final Directive d,
                                                                                         final String context) {
        final HttpRule.Kind kind = d.word(2).equals("set-tos") ? Kind.SET_TOS : Kind.SET_MARK;
        final int value = value(d, 3, context);
        return c -> new SocketMarkRule(kind, value, c);
    }

    static String niceRefused(final String context) {
        return "'" + context + "' cannot be honoured: baton serves a reactor's requests in the order their bytes "
            + "arrive and has no per-request priority to change; use 'http-request set-priority-class' to order "
            + "requests waiting in a queue";
    }

    /** Word {@code at}: an integer, decimal or {@code 0x} hexadecimal, kept as its low 32 bits as HAProxy does. */
    private static int value(final Directive d, final int at, final String context) {
        final String text = d.require(at, context, "a value (decimal or 0x hexadecimal)");
        try {
            final long v = text.startsWith("0x") || text.startsWith("0X") ? Long.parseLong(text.substring(2), 16)
                : Long.parseLong(text);
            if (v < 0 || v > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return (int) v;
        } catch (final NumberFormatException e) {
            throw new LineError("'" + context + "' expects an unsigned 32-bit value (decimal or 0x hexadecimal), got '"
                + Messages.echo(text) + "'");
        }
    }
}
