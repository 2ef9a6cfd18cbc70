package dev.baton.config;

import dev.baton.config.HttpDraft.RuleDraft;
import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.DenyRule;
import dev.baton.http.rules.RedirectRule;
import dev.baton.http.rules.ReturnRule;
import dev.baton.http.rules.ValueTemplate;

import java.util.Locale;

/**
 * The {@code http-request} and {@code http-response} actions that answer the client themselves:
 * {@code redirect location|prefix|scheme VALUE [code CODE] [drop-query]} ({@code location} only on a response, as
 * HAProxy 2.6), and {@code deny}, {@code tarpit} (request only) and {@code return} with the reply arguments of
 * {@link HttpReplyParser}, each followed by an optional condition; arguments come in any order, as in HAProxy. Their
 * log-format values see the fetches of the rule's side. A refused line throws {@link LineError}. Stateless.
 */
final class ReplyRuleParser {
    static final String EXPECTED_REDIRECT = "location, prefix or scheme and a value, code or drop-query";
    static final String EXPECTED_CODE = "one of 301, 302, 303, 307, 308";

    private ReplyRuleParser() {
    }

    /** {@code http-request redirect} ({@code side} REQUEST) or {@code http-response redirect} (RESPONSE). */
    static RuleDraft redirect(final Directive d, final HttpDraft http, final Side side) {
        return redirect(d, http, 2, side == Side.RESPONSE ? "http-response redirect" : "http-request redirect", side);
    }

    /**
     * A redirect whose {@code location|prefix|scheme} starts at word {@code first}: {@code http-request redirect}
     * (2), or the proxy keyword {@code redirect} (1), which HAProxy reads the same way.
     */
    static RuleDraft redirect(final Directive d, final HttpDraft http, final int first, final String kw) {
        return redirect(d, http, first, kw, Side.REQUEST);
    }

    private static RuleDraft redirect(final Directive d, final HttpDraft http, final int first, final String kw,
                                      final Side side) {
        RedirectRule.Type type = null;
        String value = null;
        int code = RedirectRule.DEFAULT_CODE;
        boolean dropQuery = false;
        boolean appendSlash = false;
        int i = first;
        for (; d.has(i) && !ConditionParser.starts(d, i); i++) {
            final String word = d.word(i);
            switch (word) {
                case "location":
                case "prefix":
                case "scheme":
                    type = RedirectRule.Type.valueOf(word.toUpperCase(Locale.ROOT));
                    value = d.require(++i, kw + " " + word, "a value");
                    break;
                case "code":
                    code = code(d.require(++i, "code", EXPECTED_CODE));
                    break;
                case "drop-query":
                    dropQuery = true;
                    break;
                case "append-slash":
                    appendSlash = true;
                    break;
                case "keep-query":
                case "ignore-empty":
                case "set-cookie":
                case "set-cookie-fmt":
                case "clear-cookie":
                    throw new LineError(Messages.notImplemented(kw + " " + word));
                default:
                    throw new LineError(Messages.badValue(kw, EXPECTED_REDIRECT, word));
            }
        }
        if (type == null) {
            throw new LineError(Messages.missingValue(kw, side == Side.RESPONSE ? "location and a value"
                : "location, prefix or scheme and a value"));
        }
        if (side == Side.RESPONSE && type != RedirectRule.Type.LOCATION) {
            // HAProxy 2.6 builds the other types from the request's path and Host, which a response rule lacks
            throw new LineError("'" + kw + "': response only supports redirect type 'location'");
        }
        // HAProxy: a prefix of "/" means no prefix, so that a rule can redirect to the same URL
        final ValueTemplate target = type == RedirectRule.Type.PREFIX && value.equals("/")
            ? ValueTemplate.literal("") : ValueTemplateParser.parse(value, side, kw, true);
        final RedirectRule.Type t = type;
        final int c = code;
        final boolean drop = dropQuery;
        final boolean slash = appendSlash;
        return new RuleDraft(ConditionParser.parse(d, i, http),
            cond -> new RedirectRule(t, target, c, drop, cond, slash));
    }

    private static int code(final String text) {
        switch (text) {
            case "301":
            case "302":
            case "303":
            case "307":
            case "308":
                return Integer.parseInt(text);
            default:
                throw new LineError(Messages.badValue("code", EXPECTED_CODE, text));
        }
    }

    /**
     * {@code http-request deny|tarpit}, {@code http-response deny} ({@code side} RESPONSE): without arguments or with
     * {@code deny_status STATUS} alone, the proxy's error reply for the status ({@code default-errorfiles}, HAProxy's
     * legacy form); else the reply arguments of {@link HttpReplyParser}, a first {@code deny_status} read as
     * {@code status}. 403 by default, 500 for a tarpit, 502 on a response.
     */
    static RuleDraft deny(final Directive d, final HttpDraft http, final String kw, final boolean tarpit,
                          final Side side) {
        final int absent = tarpit ? DenyRule.DEFAULT_TARPIT_STATUS
            : side == Side.RESPONSE ? DenyRule.DEFAULT_RESPONSE_STATUS : DenyRule.DEFAULT_STATUS;
        if (!d.has(2) || ConditionParser.starts(d, 2)) {
            return new RuleDraft(ConditionParser.parse(d, 2, http), c -> new DenyRule(absent, c, tarpit));
        }
        if (d.word(2).equals("deny_status") && (!d.has(4) || ConditionParser.starts(d, 4))) {
            final String text = d.require(3, "deny_status", ErrorFile.EXPECTED_STATUS);
            int status = 0;
            try {
                status = Numbers.parseInt(text, 0, 999);
            } catch (final BadValueException e) {
                // refused below
            }
            if (!ErrorFile.isKnown(status)) {
                throw new LineError(Messages.badValue("deny_status", ErrorFile.EXPECTED_STATUS, text));
            }
            final int s = status;
            return new RuleDraft(ConditionParser.parse(d, 4, http), c -> new DenyRule(s, c, tarpit));
        }
        final HttpReplyParser.Parsed reply = HttpReplyParser.parse(d, 2, kw, absent, http, true, side);
        return new RuleDraft(ConditionParser.parse(d, reply.next(), http),
            c -> new DenyRule(reply.reply().get(), c, tarpit));
    }

    /** {@code http-request return} or {@code http-response return} and its reply arguments ({@link HttpReplyParser}). */
    static RuleDraft returnRule(final Directive d, final HttpDraft http, final Side side) {
        final HttpReplyParser.Parsed reply = HttpReplyParser.parse(d, 2, side == Side.RESPONSE
            ? "http-response return" : "http-request return", ReturnRule.DEFAULT_STATUS, http, false, side);
        return new RuleDraft(ConditionParser.parse(d, reply.next(), http),
            cond -> new ReturnRule(reply.reply().get(), cond));
    }
}
