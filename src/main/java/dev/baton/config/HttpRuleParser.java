package dev.baton.config;

import dev.baton.config.HttpDraft.RuleDraft;
import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.AllowRule;
import dev.baton.http.rules.AuthRule;
import dev.baton.http.rules.Condition;
import dev.baton.http.text.HeaderName;
import dev.baton.http.rules.HeaderRule;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.PriorityRule;
import dev.baton.http.rules.ServiceRule;
import dev.baton.http.rules.ValueTemplate;

import java.util.List;
import java.util.function.Function;

/**
 * The rule lines of {@code mode http} proxies: {@code http-request} ({@code set-header}, {@code add-header},
 * {@code del-header}, {@code allow}, {@code deny}, {@code tarpit}, {@code auth}, {@code use-service prometheus-exporter}, and through {@link ReplyRuleParser} {@code redirect} and
 * {@code return}), {@code http-response} ({@code set-header}, {@code add-header}, {@code del-header}, and through
 * {@link ReplyRuleParser} {@code deny}, {@code redirect} and {@code return}), {@code strict-mode} on both sides, and
 * {@code use_backend NAME}, each with an optional {@code if|unless} condition. A refused line throws
 * {@link LineError}. Stateless.
 */
final class HttpRuleParser {
    static final String EXPECTED_REQUEST_ACTION = "an action such as set-header, add-header, del-header, allow, "
        + "deny, redirect, return, use-service or set-priority-class";
    static final String EXPECTED_SERVICE = "a service name: prometheus-exporter";
    static final String EXPECTED_RESPONSE_ACTION = "an action such as set-header, add-header, del-header, set-status "
        + "or set-var";

    private static final List<String> REQUEST_ACTIONS = List.of("set-header", "add-header", "del-header", "allow",
        "deny", "redirect", "return", "use-service", "set-priority-class", "set-priority-offset", "auth", "set-var",
        "set-var-fmt", "unset-var", "tarpit", "capture", "set-timeout");
    private static final List<String> RESPONSE_ACTIONS = List.of("set-header", "add-header", "del-header", "set-status",
        "set-var", "set-var-fmt", "unset-var", "capture", "deny", "redirect", "return");

    private HttpRuleParser() {
    }

    static void request(final Directive d, final ProxyDraft p) {
        rule(d, p, "http-request", Side.REQUEST);
    }

    /**
     * The proxy keyword {@code redirect location|prefix|scheme VALUE [code N] [drop-query] [if|unless COND]}: as
     * {@code http-request redirect}, evaluated after the section's {@code http-request} rules, as HAProxy 2.6
     * evaluates its redirect rules ({@code http_process_req_common}).
     */
    static void redirect(final Directive d, final ProxyDraft p) {
        if (p.section == Section.DEFAULTS) {
            throw new LineError(Messages.notImplementedIn("redirect", Section.DEFAULTS));
        }
        p.http.httpOnly("redirect", d);
        p.http.redirectRules.add(ReplyRuleParser.redirect(d, p.http, 1, "redirect"));
    }

    static void response(final Directive d, final ProxyDraft p) {
        rule(d, p, "http-response", Side.RESPONSE);
    }

    private static void rule(final Directive d, final ProxyDraft p, final String kw, final Side side) {
        if (p.section == Section.DEFAULTS) {
            throw new LineError(Messages.notImplementedIn(kw, Section.DEFAULTS));
        }
        p.http.httpOnly(kw, d);
        final boolean request = side == Side.REQUEST;
        final String action = d.require(1, kw, request ? EXPECTED_REQUEST_ACTION : EXPECTED_RESPONSE_ACTION);
        final String context = kw + " " + action;
        final List<RuleDraft> rules = request ? p.http.requestRules : p.http.responseRules;
        final List<String> known = request ? REQUEST_ACTIONS : RESPONSE_ACTIONS;
        if (StickRuleParser.handles(action)) {
            StickRuleParser.http(d, p, kw, side, rules);
            return;
        }
        if (VarRuleParser.handles(action, !request)) {
            VarRuleParser.rule(d, p, kw, side, rules);
            return;
        }
        if (RewriteRuleParser.parse(d, p, kw, action, side, rules)) {
            return;
        }
        if (PatternActionParser.handles(action)) {
            PatternActionParser.http(d, p, kw, side, rules); // set-map, del-map, add-acl, del-acl
            return;
        }
        if (ConnectionActionParser.handlesHttp(action, side)) {
            ConnectionActionParser.http(d, p, context, rules); // reject, silent-drop, set-tos, set-mark...
            return;
        }
        if (action.equals("set-timeout") && request) {
            TimeoutRuleParser.rule(d, p, context, rules);
            return;
        }
        if (action.equals("capture")) {
            CaptureRuleParser.rule(d, p, context, side, rules);
            return;
        }
        if (action.equals("wait-for-body")) {
            BodyWaitRuleParser.rule(d, p, context, rules);
            return;
        }
        if (request && action.equals("normalize-uri")) {
            NormalizeUriParser.rule(d, p, context);
            return;
        }
        if (request && action.equals("early-hint")) {
            final String name = d.require(2, context, "a header name and a log-format string");
            HttpSettingsParser.fieldName(d, 2, context);
            final ValueTemplate value = ValueTemplateParser.parse(d.require(3, context,
                "a header name and a log-format string"), side, context, true);
            add(rules, d, 4, context, p, c -> dev.baton.http.rules.EarlyHintRule.of(name, value, c));
            return;
        }
        if (action.equals("strict-mode")) {
            strictMode(d, p, context, rules);
            return;
        }
        if (request ? action.equals("cache-use") : action.equals("cache-store")) {
            cacheRule(d, p, context, request ? Kind.CACHE_USE : Kind.CACHE_STORE, rules);
            return;
        }
        if (request && AddressRuleParser.handles(action)) {
            AddressRuleParser.http(d, p, context);
            return;
        }
        if (action.equals("send-spoe-group")) {
            SpoeFilterParser.groupAction(d, p, context, request ? Side.REQUEST : Side.RESPONSE, 2);
            ConditionParser.parse(d, 4, p.http);
            return;
        }
        if (!known.contains(action)) {
            if (UnsupportedKeywords.HTTP_ACTIONS.contains(action) || REQUEST_ACTIONS.contains(action)) {
                throw new LineError(Messages.notImplemented(context));
            }
            throw new LineError(Messages.unknownAction(action, kw, KeywordSuggestions.closest(action, known)));
        }
        switch (action) {
            case "set-header":
            case "add-header": {
                final HeaderName name = HttpSettingsParser.fieldName(d, 2, context);
                final String format = d.require(3, context, "a header name and a value");
                final ValueTemplate value = ValueTemplateParser.parse(format, side, context, true);
                final Kind kind = action.equals("set-header") ? Kind.SET_HEADER : Kind.ADD_HEADER;
                add(rules, d, 4, context, p, c -> new HeaderRule(kind, name, value, c));
                break;
            }
            case "del-header": {
                final String written = d.require(2, context, Messages.EXPECTED_FIELD_NAME);
                final HeaderName name;
                if (HeaderName.isToken(written)) {
                    name = HeaderName.of(written);
                } else { // HAProxy takes any text as the name; as no header has such a name, nothing is deleted
                    d.warning("'" + context + " " + written + "' deletes nothing: no header name has these "
                        + "characters (HAProxy 2.6 takes it as a name too); to delete by pattern add '-m reg'");
                    name = HeaderName.neverPresent(written);
                }
                add(rules, d, deleteMatch(d, context), context, p, c -> new HeaderRule(Kind.DEL_HEADER, name, null, c));
                break;
            }
            case "allow":
                add(rules, d, 2, context, p, AllowRule::new);
                break;
            case "deny":
            case "tarpit":
                rules.add(ReplyRuleParser.deny(d, p.http, context, action.equals("tarpit"), side));
                break;
            case "use-service": {
                final String name = d.require(2, context, EXPECTED_SERVICE);
                final ServiceRule.Service service = ServiceRule.Service.of(name);
                if (service == null) {
                    throw new LineError(Messages.badValue(context, EXPECTED_SERVICE, name));
                }
                add(rules, d, 3, context, p, c -> new ServiceRule(service, c));
                break;
            }
            case "set-priority-class":
            case "set-priority-offset": {
                final boolean isClass = action.equals("set-priority-class");
                final int limit = isClass ? PriorityRule.MAX_CLASS : PriorityRule.MAX_OFFSET_MS;
                final Kind kind = isClass ? Kind.SET_PRIORITY_CLASS : Kind.SET_PRIORITY_OFFSET;
                final dev.baton.sample.SampleExpr expr = priorityExpression(d, context);
                final Long constant = constantInt(expr);
                final int value = constant == null ? 0 : (int) Math.max(-limit, Math.min(limit, constant));
                add(rules, d, 3, context, p, c -> new PriorityRule(kind, value, c, constant == null ? expr : null));
                break;
            }
            case "auth": {
                final boolean hasRealm = d.has(2) && d.word(2).equals("realm");
                final String realm = hasRealm ? d.require(3, "realm", "a realm such as \"Restricted\"") : p.name;
                add(rules, d, hasRealm ? 4 : 2, context, p, c -> new AuthRule(realm, c));
                break;
            }
            case "redirect":
                rules.add(ReplyRuleParser.redirect(d, p.http, side));
                break;
            default:
                rules.add(ReplyRuleParser.returnRule(d, p.http, side));
                break;
        }
    }

    /**
     * {@code strict-mode on|off [COND]} of {@code http-request}, {@code http-response} or {@code http-after-response}
     * ({@code context} names it), the value in any case, as HAProxy 2.6's {@code parse_http_strict_mode}.
     */
    static void strictMode(final Directive d, final ProxyDraft p, final String context, final List<RuleDraft> rules) {
        if (!d.has(2) || ConditionParser.starts(d, 2)) {
            throw new LineError("'" + context + "' expects exactly 1 argument: on or off");
        }
        final String value = d.word(2);
        final boolean on = value.equalsIgnoreCase("on");
        if (!on && !value.equalsIgnoreCase("off")) {
            throw new LineError("'" + context + "': unexpected value '" + Messages.echo(value)
                + "'. Only 'on' and 'off' are supported");
        }
        add(rules, d, 3, context, p, c -> new dev.baton.http.rules.StrictModeRule(on, c));
    }

    /**
     * {@code http-request cache-use NAME} / {@code http-response cache-store NAME} {@code [if|unless COND]}: the cache
     * is resolved once every section was read ({@link CacheSections#resolve}).
     */
    private static void cacheRule(final Directive d, final ProxyDraft p, final String context, final Kind kind,
                                  final List<RuleDraft> rules) {
        final String name = d.has(2) ? d.word(2) : "";
        if (name.isEmpty() || name.equals("if") || name.equals("unless")) {
            throw new LineError("'" + context + "' expects a cache name");
        }
        final dev.baton.http.cache.CacheRef ref = new dev.baton.http.cache.CacheRef(name);
        add(rules, d, 3, context, p, c -> new dev.baton.http.rules.CacheRule(kind, ref, c));
        p.http.cacheUses.add(new CacheSections.Use(ref, d.where()));
    }

    static void add(final List<RuleDraft> rules, final Directive d, final int conditionAt, final String context,
                    final ProxyDraft p, final Function<Condition, HttpRule> rule) {
        conditionAt(d, conditionAt, context);
        rules.add(new RuleDraft(ConditionParser.parse(d, conditionAt, p.http), rule));
    }

    /** The sample expression of a priority action, any the request side offers: {@code int(N)}, a header, a variable. */
    private static dev.baton.sample.SampleExpr priorityExpression(final Directive d, final String context) {
        final String text = d.require(2, context, "a sample expression such as int(1)");
        try {
            return dev.baton.sample.SampleParser.parse(text, Side.REQUEST.offered());
        } catch (final dev.baton.sample.SampleException e) {
            throw new LineError("'" + context + "': failed to parse sample expression <" + Messages.echo(text)
                + "> : " + e.getMessage());
        }
    }

    /** N when {@code expr} is the bare constant {@code int(N)} (resolved at load), else null. */
    private static Long constantInt(final dev.baton.sample.SampleExpr expr) {
        if (!expr.bare() || !expr.fetchName().equals("int")) {
            return null;
        }
        final dev.baton.sample.Sample s = new dev.baton.sample.Sample();
        return expr.eval(new dev.baton.sample.SampleContext() {
        }, s) ? s.number() : null;
    }

    /**
     * {@code del-header NAME [-m str]}: where the condition may start. {@code http-request}/{@code http-response}
     * send the other methods to {@link RewriteRuleParser} first; here ({@code http-after-response}) they are refused.
     */
    static int deleteMatch(final Directive d, final String context) {
        if (!d.has(3) || !d.word(3).equals("-m")) {
            return 3;
        }
        final String method = d.require(4, "-m", "str, beg, end, sub or reg");
        if (!method.equals("str")) {
            throw new LineError(Messages.notImplemented(context + " -m " + method));
        }
        return 5;
    }

    /** {@code use_backend NAME [COND]}; NAME is checked against the backends once every file was read. */
    static void useBackend(final Directive d, final ProxyDraft p) {
        final String name = d.require(1, "use_backend", Names.EXPECTED);
        // a name with %[...] is computed per stream (HAProxy's dynamic use_backend); its fetches may read the
        // request head (mode http) or the inspected bytes (mode tcp)
        final ValueTemplate dynamic = name.contains("%[")
            ? ValueTemplateParser.parse(name, Side.HTTP_CONTENT, "use_backend", false) : null;
        if (dynamic == null && !Names.isValid(name)) {
            throw new LineError(Messages.badValue("use_backend", Names.EXPECTED, name));
        }
        conditionAt(d, 2, "use_backend");
        p.http.useBackends.add(new HttpDraft.SwitchDraft(name, ConditionParser.parse(d, 2, p.http), d.where(),
            dynamic));
    }

    /** Refuses word {@code at} unless the line ends there or a condition starts there. */
    static void conditionAt(final Directive d, final int at, final String kw) {
        if (d.has(at) && !ConditionParser.starts(d, at)) {
            throw new LineError(Messages.unexpectedArgument(kw, d.word(at)));
        }
    }
}
