package dev.baton.config;

import dev.baton.config.HttpDraft.RuleDraft;
import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.AllowRule;
import dev.baton.http.rules.Condition;
import dev.baton.http.rules.HeaderRule;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.StatusRule;
import dev.baton.http.rules.ValueTemplate;
import dev.baton.http.rules.VarRule;
import dev.baton.http.text.HeaderName;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.SampleParser;
import dev.baton.sample.Uses;
import dev.baton.sample.vars.VarName;
import dev.baton.sample.vars.VarNames;
import dev.baton.sample.vars.VarSamples;
import dev.baton.sample.vars.VarScope;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Function;

/**
 * The variable actions ({@code set-var(NAME[,COND...]) EXPR}, {@code set-var-fmt(NAME[,COND...]) FMT},
 * {@code unset-var(NAME)}) of {@code http-request}, {@code http-response} and {@code http-after-response}, the
 * response actions {@code set-status CODE [reason TEXT]}, the {@code http-after-response} directive, and the global
 * {@code set-var NAME EXPR} / {@code set-var-fmt NAME FMT}, which set a {@code proc} variable at once (load time, on
 * internal fetches only), as HAProxy 2.6 parses them ({@code parse_store}, {@code parse_http_set_status},
 * {@code vars_parse_global_set_var}). A refused line throws {@link LineError}. Stateless.
 */
final class VarRuleParser {
    static final String EXPECTED_AFTER_RESPONSE_ACTION = "an action such as set-header, add-header, del-header, "
        + "set-status, set-var, set-var-fmt, unset-var or allow";
    private static final List<String> AFTER_RESPONSE_ACTIONS = List.of("set-header", "add-header", "del-header",
        "set-status", "set-var", "set-var-fmt", "unset-var", "allow", "strict-mode");
    /** HAProxy 2.6 has these in {@code http-after-response}; baton not (yet). */
    private static final List<String> AFTER_RESPONSE_LATER = List.of("capture", "replace-header", "replace-value");
    private static final String EXPECTS = "Expects 'set-var(<var-name>)', 'set-var-fmt(<var-name>)' or "
        + "'unset-var(<var-name>)'";

    private VarRuleParser() {
    }

    /** Whether {@code action} of an {@code http-request} ({@code response} false) or response rule is parsed here. */
    static boolean handles(final String action, final boolean response) {
        return action.startsWith("set-var") || action.startsWith("unset-var")
            || response && action.equals("set-status");
    }

    /** A variable or set-status rule of {@code kw} ({@code http-request}...) on {@code side}, added to {@code rules}. */
    static void rule(final Directive d, final ProxyDraft p, final String kw, final Side side,
                     final List<RuleDraft> rules) {
        final String action = d.word(1);
        final String context = kw + " " + action;
        if (action.equals("set-status")) {
            setStatus(d, p, context, rules);
            return;
        }
        final Parsed parsed = parse(d, 1, kw, side);
        add(rules, d, parsed.conditionAt(), context, p, parsed.rule());
    }

    /** A variable action's rule, made once its condition is compiled, and the word where that condition may start. */
    record Parsed(Function<Condition, HttpRule> rule, int conditionAt) {
    }

    /**
     * The variable action at word {@code at} of {@code d} ({@code set-var(NAME[,COND...]) EXPR},
     * {@code set-var-fmt(NAME[,COND...]) FMT}, {@code unset-var(NAME)}) of directive {@code kw}, its values read on
     * {@code side}.
     */
    static Parsed parse(final Directive d, final int at, final String kw, final Side side) {
        final String action = d.word(at);
        final String context = kw + " " + action;
        final Kind kind = action.startsWith("set-var-fmt") ? Kind.SET_VAR_FMT
            : action.startsWith("set-var") ? Kind.SET_VAR : Kind.UNSET_VAR;
        final String prefix = kind == Kind.SET_VAR_FMT ? "set-var-fmt" : kind == Kind.SET_VAR ? "set-var" : "unset-var";
        final String rest = action.substring(prefix.length());
        if (!rest.startsWith("(")) {
            throw new LineError("'" + kw + "': invalid or incomplete action '" + action + "'. " + EXPECTS);
        }
        if (!rest.endsWith(")")) {
            throw new LineError("'" + kw + "': incomplete argument after action '" + action + "'. " + EXPECTS);
        }
        final String[] parts = rest.substring(1, rest.length() - 1).split(",", -1);
        if (parts.length > 1 && kind == Kind.UNSET_VAR && !parts[1].isEmpty()) {
            throw new LineError("'" + kw + "': unset-var does not expect parameters after the variable name. Only "
                + "\"set-var\" and \"set-var-fmt\" manage conditions");
        }
        int conditions = 0;
        for (int i = 1; i < parts.length && !parts[i].isEmpty(); i++) {
            conditions |= condition(parts[i], context);
        }
        final VarName var = name(parts[0], context);
        final int flags = conditions;
        if (kind == Kind.UNSET_VAR) {
            return new Parsed(c -> new VarRule(kind, var, 0, null, null, c), at + 1);
        }
        final String value = d.require(at + 1, context, kind == Kind.SET_VAR ? "a sample expression"
            : "a log-format string");
        if (kind == Kind.SET_VAR) {
            final SampleExpr expr = expression(value, side.offered(), context);
            return new Parsed(c -> new VarRule(kind, var, flags, expr, null, c), at + 2);
        }
        final ValueTemplate format = ValueTemplateParser.parse(value, side, context, false);
        return new Parsed(c -> new VarRule(kind, var, flags, null, format, c), at + 2);
    }

    /** {@code set-status CODE [reason TEXT]}. */
    private static void setStatus(final Directive d, final ProxyDraft p, final String context,
                                  final List<RuleDraft> rules) {
        final String code = d.require(2, context, "<status>; or 3 arguments: <status> reason <fmt>");
        final int status;
        try {
            status = Integer.parseInt(code);
        } catch (final NumberFormatException e) {
            throw new LineError("'" + context + "' expects an integer status code between 100 and 999");
        }
        if (status < 100 || status > 999) {
            throw new LineError("'" + context + "' expects an integer status code between 100 and 999");
        }
        String reason = null;
        int at = 3;
        if (d.has(4) && d.word(3).equals("reason") && !ConditionParser.starts(d, 4)) {
            reason = d.word(4);
            for (int i = 0; i < reason.length(); i++) {
                final char c = reason.charAt(i);
                if (c > 0xff || c < 0x20 && c != '\t' || c == 0x7f) {
                    throw new LineError("'" + context + "': the reason must not contain control characters");
                }
            }
            at = 5;
        }
        final String text = reason;
        add(rules, d, at, context, p, c -> new StatusRule(status, text, c));
    }

    /** The {@code http-after-response} directive. */
    static void afterResponse(final Directive d, final ProxyDraft p) {
        final String kw = "http-after-response";
        if (p.section == Section.DEFAULTS) {
            throw new LineError(Messages.notImplementedIn(kw, Section.DEFAULTS));
        }
        p.http.httpOnly(kw, d);
        final String action = d.require(1, kw, EXPECTED_AFTER_RESPONSE_ACTION);
        final String context = kw + " " + action;
        final List<RuleDraft> rules = p.http.afterResponseRules;
        if (handles(action, true)) {
            rule(d, p, kw, Side.RESPONSE, rules);
            return;
        }
        switch (action) {
            case "set-header":
            case "add-header": {
                final HeaderName name = HttpSettingsParser.fieldName(d, 2, context);
                final String format = d.require(3, context, "a header name and a value");
                final ValueTemplate value = ValueTemplateParser.parse(format, Side.RESPONSE, context, true);
                final Kind kind = action.equals("set-header") ? Kind.SET_HEADER : Kind.ADD_HEADER;
                add(rules, d, 4, context, p, c -> new HeaderRule(kind, name, value, c));
                break;
            }
            case "del-header": {
                final HeaderName name = HttpSettingsParser.fieldName(d, 2, context);
                add(rules, d, HttpRuleParser.deleteMatch(d, context), context, p,
                    c -> new HeaderRule(Kind.DEL_HEADER, name, null, c));
                break;
            }
            case "allow":
                add(rules, d, 2, context, p, AllowRule::new);
                break;
            case "strict-mode":
                HttpRuleParser.strictMode(d, p, context, rules);
                break;
            default:
                if (AFTER_RESPONSE_LATER.contains(action)) {
                    throw new LineError(Messages.notImplemented(context));
                }
                throw new LineError(Messages.unknownAction(action, kw,
                    KeywordSuggestions.closest(action, AFTER_RESPONSE_ACTIONS)));
        }
    }

    /**
     * The global {@code set-var proc.NAME EXPR} and {@code set-var-fmt proc.NAME FMT}: evaluated now, on internal
     * fetches and converters (constants, {@code proc} variables set before), as HAProxy 2.6 does at parse time.
     */
    static void global(final Directive d) {
        final String kw = d.keyword();
        final boolean fmt = kw.equals("set-var-fmt");
        if (!d.has(1) || !d.has(2)) {
            throw new LineError("'" + kw + "' requires a process-wide variable name ('proc.<name>') and "
                + (fmt ? "a format string." : "a sample expression."));
        }
        d.noMoreThan(3, kw);
        final VarName var = name(d.word(1), kw);
        if (var.scope() != VarScope.PROC) {
            throw new LineError("'" + kw + "': cannot set variable '" + d.word(1) + "', only scope 'proc' is "
                + "permitted in the global section.");
        }
        final SampleContext none = new SampleContext() {
        };
        final Sample s = new Sample();
        if (fmt) {
            final ValueTemplate format = ValueTemplateParser.parse(d.word(2), Side.ANY, kw, false);
            final ByteBuffer text = ByteBuffer.allocate(dev.baton.sample.vars.VarStore.MAX_VALUE_BYTES);
            final int n = format.render(none, text);
            if (n >= 0) {
                VarNames.proc().set(var.slot(), s.setString(text, 0, n), 0);
            }
            return;
        }
        final SampleExpr expr = expression(d.word(2), Uses.INTERNAL, kw);
        if (expr.eval(none, s)) {
            VarNames.proc().set(var.slot(), s, 0);
        }
    }

    private static VarName name(final String text, final String context) {
        try {
            return VarNames.resolve(text);
        } catch (final SampleException e) {
            throw new LineError("'" + context + "': " + e.getMessage());
        }
    }

    private static int condition(final String word, final String context) {
        try {
            return VarSamples.condition(word);
        } catch (final SampleException e) {
            throw new LineError("'" + context + "': " + e.getMessage());
        }
    }

    /** {@code text} as a sample expression over what {@code offered} allows; refused in {@code context}'s name. */
    static SampleExpr expression(final String text, final int offered, final String context) {
        try {
            return SampleParser.parse(text, offered);
        } catch (final SampleException e) {
            throw new LineError("'" + context + "': failed to parse sample expression <" + Messages.echo(text)
                + "> : " + e.getMessage());
        }
    }

    private static void add(final List<RuleDraft> rules, final Directive d, final int conditionAt, final String context,
                            final ProxyDraft p, final Function<Condition, HttpRule> rule) {
        HttpRuleParser.conditionAt(d, conditionAt, context);
        rules.add(new RuleDraft(ConditionParser.parse(d, conditionAt, p.http), rule));
    }
}
