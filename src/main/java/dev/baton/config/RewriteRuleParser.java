package dev.baton.config;

import dev.baton.config.HttpDraft.RuleDraft;
import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.HeaderMatchDeleteRule;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.LogLevelRule;
import dev.baton.http.rules.ReplaceHeaderRule;
import dev.baton.http.rules.RequestLineRule;
import dev.baton.http.rules.ValueTemplate;
import dev.baton.http.text.HeaderName;
import dev.baton.sample.Regexes;
import dev.baton.sample.SampleException;

import java.util.List;
import java.util.Map;

/**
 * The rewriting actions of {@code http-request} and {@code http-response}: {@code set-method}, {@code set-path},
 * {@code set-pathq}, {@code set-query}, {@code set-uri} FMT, {@code replace-path}, {@code replace-pathq},
 * {@code replace-uri} REGEX FMT (request side), {@code replace-header}, {@code replace-value} NAME REGEX FMT and
 * {@code del-header NAME -m beg|end|sub|reg} (both sides). Regexes are compiled here, at load, case-sensitive as
 * HAProxy compiles them. Called by {@link HttpRuleParser}; stateless.
 */
final class RewriteRuleParser {
    /** The request line actions, by name. */
    private static final Map<String, Kind> LINE = Map.of("set-method", Kind.SET_METHOD, "set-path", Kind.SET_PATH,
        "set-pathq", Kind.SET_PATHQ, "set-query", Kind.SET_QUERY, "set-uri", Kind.SET_URI,
        "replace-path", Kind.REPLACE_PATH, "replace-pathq", Kind.REPLACE_PATHQ, "replace-uri", Kind.REPLACE_URI);

    /** The {@code del-header -m} methods other than {@code str}. */
    private static final Map<String, HeaderMatchDeleteRule.Match> DELETE_MATCHES = Map.of(
        "beg", HeaderMatchDeleteRule.Match.BEG, "end", HeaderMatchDeleteRule.Match.END,
        "sub", HeaderMatchDeleteRule.Match.SUB, "reg", HeaderMatchDeleteRule.Match.REG);

    /** The actions of this parser on the request side. */
    static final List<String> REQUEST_ACTIONS = List.of("set-method", "set-path", "set-pathq", "set-query", "set-uri",
        "replace-path", "replace-pathq", "replace-uri", "replace-header", "replace-value", "set-log-level");
    /** The actions of this parser on the response side. */
    static final List<String> RESPONSE_ACTIONS = List.of("replace-header", "replace-value", "set-log-level");
    /** The syslog severities by name, emerg 0 to debug 7, as set-log-level takes them. */
    private static final List<String> LEVELS = List.of("emerg", "alert", "crit", "err", "warning", "notice", "info",
        "debug");

    private RewriteRuleParser() {
    }

    /**
     * Parses {@code d} into {@code rules} when its action ({@code kw} the rule keyword, {@code action} word 1) is
     * one of this parser's; false, reading nothing, otherwise.
     */
    static boolean parse(final Directive d, final ProxyDraft p, final String kw, final String action,
                         final Side side, final List<RuleDraft> rules) {
        final String context = kw + " " + action;
        if (action.equals("del-header")) {
            if (!d.has(4) || !d.word(3).equals("-m") || d.word(4).equals("str")) {
                return false;
            }
            final String name = d.require(2, context, Messages.EXPECTED_FIELD_NAME);
            final String method = d.word(4);
            final HeaderMatchDeleteRule.Match match = DELETE_MATCHES.get(method);
            if (match == null) {
                throw new LineError(Messages.badValue("-m", "str, beg, end, sub or reg", method));
            }
            final Regexes regex = match == HeaderMatchDeleteRule.Match.REG ? regex(name, context + " -m reg") : null;
            add(d, p, 5, context, rules, c -> regex != null ? new HeaderMatchDeleteRule(match, null, regex, c)
                : HeaderMatchDeleteRule.of(match, name, c));
            return true;
        }
        final boolean request = side == Side.REQUEST;
        if (!request && REQUEST_ACTIONS.contains(action) && !RESPONSE_ACTIONS.contains(action)) {
            throw new LineError("'" + context + "': HAProxy has this action on requests only; write 'http-request "
                + action + "'");
        }
        if (!(request ? REQUEST_ACTIONS : RESPONSE_ACTIONS).contains(action)) {
            return false;
        }
        if (action.equals("set-log-level")) {
            final String expected = "a log level (emerg, alert, crit, err, warning, notice, info, debug) or silent";
            final String name = d.require(2, context, expected);
            final int level = name.equals("silent") ? LogLevelRule.SILENT : LEVELS.indexOf(name);
            if (level == -1 && !name.equals("silent")) {
                throw new LineError(Messages.badValue(context, expected, name));
            }
            add(d, p, 3, context, rules, c -> new LogLevelRule(level, c));
            return true;
        }
        if (action.equals("replace-header") || action.equals("replace-value")) {
            final HeaderName name = HttpSettingsParser.fieldName(d, 2, context);
            final Regexes regex = regex(d.require(3, context, "a header name, a regex and a format"), context);
            final ValueTemplate value = format(d, 4, side, context, "a header name, a regex and a format");
            final Kind kind = action.equals("replace-header") ? Kind.REPLACE_HEADER : Kind.REPLACE_VALUE;
            add(d, p, 5, context, rules, c -> new ReplaceHeaderRule(kind, name, regex, value, c));
            return true;
        }
        final Kind kind = LINE.get(action);
        if (action.startsWith("replace-")) {
            final Regexes regex = regex(d.require(2, context, "a regex and a format"), context);
            final ValueTemplate value = format(d, 3, side, context, "a regex and a format");
            add(d, p, 4, context, rules, c -> new RequestLineRule(kind, value, regex, c));
        } else {
            final ValueTemplate value = format(d, 2, side, context, "a format");
            add(d, p, 3, context, rules, c -> new RequestLineRule(kind, value, null, c));
        }
        return true;
    }

    private static ValueTemplate format(final Directive d, final int at, final Side side, final String context,
                                        final String expected) {
        return ValueTemplateParser.parse(d.require(at, context, expected), side, context, true);
    }

    private static Regexes regex(final String text, final String context) {
        try {
            return Regexes.compile(text, false);
        } catch (final SampleException e) {
            throw new LineError("'" + context + "': " + e.getMessage());
        }
    }

    private static void add(final Directive d, final ProxyDraft p, final int conditionAt, final String context,
                            final List<RuleDraft> rules,
                            final java.util.function.Function<dev.baton.http.rules.Condition,
                                dev.baton.http.rules.HttpRule> rule) {
        HttpRuleParser.conditionAt(d, conditionAt, context);
        rules.add(new RuleDraft(ConditionParser.parse(d, conditionAt, p.http), rule));
    }
}
