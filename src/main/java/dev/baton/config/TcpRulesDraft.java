package dev.baton.config;

import dev.baton.http.rules.AclTerm;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code tcp-request} / {@code tcp-response} part of a {@link ProxyDraft} while its section is parsed. The inspect
 * delays are inherited from {@code defaults}; rules are written in the proxies themselves. {@link #build} compiles
 * the conditions against the proxy's ACLs, each rule set on what it may read. Single-threaded, confined to one load.
 */
final class TcpRulesDraft {
    /** A rule line before its condition is compiled. */
    record RuleDraft(TcpRule.Action action, ConditionDraft condition, SourceLocation where,
                     dev.baton.stick.StickAction stick,
                     java.util.function.Function<dev.baton.http.rules.Condition, dev.baton.http.rules.HttpRule> effect) {
        RuleDraft(final TcpRule.Action action, final ConditionDraft condition, final SourceLocation where,
                  final dev.baton.stick.StickAction stick) {
            this(action, condition, where, stick, null);
        }
    }

    long inspectDelayMs;
    long responseInspectDelayMs;
    final List<RuleDraft> connection = new ArrayList<>();
    final List<RuleDraft> session = new ArrayList<>();
    final List<RuleDraft> content = new ArrayList<>();
    final List<RuleDraft> responseContent = new ArrayList<>();

    /** A draft for a proxy opening under the {@code defaults} section this draft belongs to. */
    TcpRulesDraft inherit() {
        final TcpRulesDraft t = new TcpRulesDraft();
        t.inspectDelayMs = inspectDelayMs;
        t.responseInspectDelayMs = responseInspectDelayMs;
        return t;
    }

    /**
     * The rules of a proxy in {@code mode}, conditions compiled by {@code http} (which holds the ACLs): connection
     * and session rules on connection fetches, content rules on the bytes received (mode tcp) or on the request head
     * (mode http, where HAProxy's payload fetches find nothing).
     */
    TcpRules build(final Mode mode, final ProxyKind kind, final HttpDraft http, final Diagnostics diag) {
        if (connection.isEmpty() && session.isEmpty() && content.isEmpty() && responseContent.isEmpty()
            && inspectDelayMs == 0 && responseInspectDelayMs == 0) {
            return TcpRules.NONE;
        }
        if (mode == Mode.HTTP && !responseContent.isEmpty()) {
            diag.error(responseContent.get(0).where(), "'tcp-response content' in a mode http proxy is not implemented"
                + " yet (payload fetches find nothing there); use 'http-response' rules");
        }
        final AclTerm.Side contentSide = mode == Mode.HTTP ? AclTerm.Side.HTTP_CONTENT : AclTerm.Side.CONTENT;
        return new TcpRules(inspectDelayMs,
            kind.isFrontend() ? compile(connection, AclTerm.Side.ANY, "'tcp-request connection' rules", http, diag)
                : List.of(),
            kind.isFrontend() ? compile(session, AclTerm.Side.ANY, "'tcp-request session' rules", http, diag)
                : List.of(),
            compile(content, contentSide, "'tcp-request content' rules", http, diag),
            responseInspectDelayMs,
            kind.isBackend() ? compile(responseContent, AclTerm.Side.RESPONSE_CONTENT, "'tcp-response content' rules",
                http, diag) : List.of());
    }

    private static List<TcpRule> compile(final List<RuleDraft> drafts, final AclTerm.Side side, final String rules,
                                         final HttpDraft http, final Diagnostics diag) {
        final List<TcpRule> out = new ArrayList<>(drafts.size());
        for (final RuleDraft r : drafts) {
            final dev.baton.http.rules.Condition c = http.compile(r.condition(), side, rules, diag);
            out.add(new TcpRule(r.action(), c, r.where(), r.stick(), r.effect() == null ? null : r.effect().apply(c)));
        }
        return out;
    }
}
