package dev.baton.config;

import dev.baton.config.TcpRule.Action;
import dev.baton.http.rules.AclTerm;

import java.util.List;
import java.util.Set;

/**
 * The lines {@code tcp-request inspect-delay T}, {@code tcp-request connection|session|content ACTION [COND]},
 * {@code tcp-response inspect-delay T} and {@code tcp-response content ACTION [COND]} into the proxy's
 * {@link TcpRulesDraft}. Actions baton runs: {@code accept}, {@code reject}, the stick counter actions
 * ({@link StickRuleParser}) and those that act and go on ({@link TcpEffectParser}: set-src, set-var, capture...). Every other HAProxy action is refused with the reason and what to write instead. A
 * refused line throws {@link LineError}. Stateless.
 */
final class TcpRulesParser {
    static final String EXPECTED_REQUEST = "'inspect-delay', 'connection', 'session' or 'content'";
    static final String EXPECTED_RESPONSE = "'inspect-delay' or 'content'";

    /** HAProxy's actions that need stick tables. */
    private static final Set<String> STICK_ACTIONS = Set.of("track-sc0", "track-sc1", "track-sc2", "sc-inc-gpc",
        "sc-inc-gpc0", "sc-inc-gpc1", "sc-set-gpt", "sc-set-gpt0", "sc-add-gpc");
    private static final Set<String> VARIABLE_ACTIONS = Set.of("set-var", "set-var-fmt", "unset-var");
    /** HAProxy 2.6's other actions, refused as not implemented yet. */
    private static final Set<String> OTHER_ACTIONS = Set.of("expect-netscaler-cip", "do-resolve",
        "set-priority-class", "set-priority-offset", "set-log-level", "switch-mode", "use-service",
        "send-spoe-group", "set-bandwidth-limit", "attach-srv");

    private TcpRulesParser() {
    }

    /** {@code tcp-request ...}. */
    static void request(final Directive d, final ProxyDraft p) {
        final String sub = d.require(1, "tcp-request", EXPECTED_REQUEST);
        switch (sub) {
            case "inspect-delay":
                p.tcpRules.inspectDelayMs = inspectDelay(d, "tcp-request inspect-delay", p);
                return;
            case "connection":
            case "session":
                if (p.section != Section.DEFAULTS && !p.section.proxyKind().isFrontend()) {
                    throw new LineError("'tcp-request " + sub + "' is not allowed in a '" + p.section.keyword()
                        + "' section (it acts on accepted connections; write it in the frontend)");
                }
                rule(d, p, "tcp-request " + sub, sub.equals("connection") ? p.tcpRules.connection
                    : p.tcpRules.session, false);
                return;
            case "content":
                rule(d, p, "tcp-request content", p.tcpRules.content, false);
                return;
            default:
                throw new LineError(Messages.badValue("tcp-request", EXPECTED_REQUEST, sub));
        }
    }

    /** {@code tcp-response ...}: backend side only. */
    static void response(final Directive d, final ProxyDraft p) {
        final String sub = d.require(1, "tcp-response", EXPECTED_RESPONSE);
        if (p.section != Section.DEFAULTS && !p.section.proxyKind().isBackend()) {
            throw new LineError(Messages.notAllowed("tcp-response", p.section));
        }
        switch (sub) {
            case "inspect-delay":
                p.tcpRules.responseInspectDelayMs = inspectDelay(d, "tcp-response inspect-delay", p);
                return;
            case "content":
                rule(d, p, "tcp-response content", p.tcpRules.responseContent, true);
                return;
            default:
                throw new LineError(Messages.badValue("tcp-response", EXPECTED_RESPONSE, sub));
        }
    }

    private static long inspectDelay(final Directive d, final String kw, final ProxyDraft p) {
        final long ms = d.timeArg(2, kw);
        d.noMoreThan(3, kw);
        return ms;
    }

    private static void rule(final Directive d, final ProxyDraft p, final String kw,
                             final List<TcpRulesDraft.RuleDraft> rules, final boolean response) {
        if (p.section == Section.DEFAULTS) {
            throw new LineError(Messages.notImplementedIn(kw, Section.DEFAULTS) + "; write the rules in each proxy");
        }
        final String action = d.require(2, kw, "an action such as accept or reject");
        if (!response && StickRuleParser.handles(action)) {
            final StickRuleParser.Parsed parsed = StickRuleParser.parse(d, 2, kw,
                kw.endsWith("content") ? dev.baton.sample.Uses.TCP_CONTENT | dev.baton.sample.Uses.REQ
                    : dev.baton.sample.Uses.TCP_SESSION);
            HttpRuleParser.conditionAt(d, parsed.next(), kw + " " + action);
            rules.add(new TcpRulesDraft.RuleDraft(Action.STICK, ConditionParser.parse(d, parsed.next(), p.http),
                d.where(), parsed.action()));
            return;
        }
        if (!response && action.equals("expect-proxy")) {
            expectProxy(d, p, kw, rules);
            return;
        }
        if (!response && TcpEffectParser.handles(action)) {
            TcpEffectParser.rule(d, p, kw, rules); // set-src, set-var, capture...: act and go on
            return;
        }
        if (action.equals("send-spoe-group") && kw.endsWith("content")) {
            SpoeFilterParser.groupAction(d, p, kw + " " + action, response ? AclTerm.Side.RESPONSE_CONTENT
                : p.mode == Mode.HTTP ? AclTerm.Side.HTTP_CONTENT : AclTerm.Side.CONTENT, 3);
            ConditionParser.parse(d, 5, p.http);
            return;
        }
        final Action a = action(action, kw, response);
        HttpRuleParser.conditionAt(d, 3, kw + " " + action);
        rules.add(new TcpRulesDraft.RuleDraft(a, ConditionParser.parse(d, 3, p.http), d.where(), null));
    }

    /**
     * {@code tcp-request connection expect-proxy layer4 [if|unless COND]}: HAProxy's checks and words (only
     * {@code layer4}, only in connection rules).
     */
    private static void expectProxy(final Directive d, final ProxyDraft p, final String kw,
                                     final List<TcpRulesDraft.RuleDraft> rules) {
        final String where = p.section.keyword() + " '" + p.name + "'";
        final String layer = d.has(3) ? d.word(3) : "";
        if (!layer.equals("layer4")) {
            throw new LineError("'" + kw + " expect-proxy' only supports 'layer4' in " + where + " (got '"
                + Messages.echo(layer) + "')");
        }
        if (!kw.equals("tcp-request connection")) {
            throw new LineError("'expect-proxy layer4' is not allowed in '" + kw + "' rules in " + where);
        }
        HttpRuleParser.conditionAt(d, 4, kw + " expect-proxy");
        rules.add(new TcpRulesDraft.RuleDraft(Action.EXPECT_PROXY, ConditionParser.parse(d, 4, p.http), d.where(),
            null));
    }

    private static Action action(final String action, final String kw, final boolean response) {
        if (action.equals("accept")) {
            return Action.ACCEPT;
        }
        if (action.equals("reject")) {
            return Action.REJECT;
        }
        if (action.equals("close") && response) {
            throw new LineError(Messages.notImplemented(kw + " close") + "; use 'reject' to end the stream");
        }
        final String base = action.contains("(") ? action.substring(0, action.indexOf('(')) : action;
        if (STICK_ACTIONS.contains(base)) {
            throw new LineError("'" + kw + " " + base + "': tcp-response rules have no stick counters in HAProxy 2.6 "
                + "either; track in 'tcp-request' or 'http-request' rules");
        }
        if (VARIABLE_ACTIONS.contains(base)) {
            throw new LineError("'" + kw + " " + base + "': variables are not set by tcp-response rules yet; set it "
                + "in a tcp-request or http-response rule");
        }
        if (base.equals("silent-drop")) {
            return Action.SILENT_DROP;
        }
        if (base.equals("set-nice") && !response) {
            throw new LineError(ConnectionActionParser.niceRefused(kw + " set-nice"));
        }
        if (OTHER_ACTIONS.contains(base) || base.startsWith("lua.")) {
            throw new LineError(Messages.notImplemented(kw + " " + base));
        }
        throw new LineError(Messages.unknownAction(action, kw, KeywordSuggestions.closest(action,
            List.of("accept", "reject"))));
    }
}
