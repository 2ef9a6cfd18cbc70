package dev.baton.config;

import dev.baton.http.rules.AclTerm;
import dev.baton.http.rules.Condition;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.ServerRules;
import dev.baton.http.rules.ValueTemplate;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@code mode http} part of a {@link ProxyDraft} while its section is parsed. A proxy inherits the plain
 * settings of its {@code defaults} section; {@link #build} freezes the whole into {@link HttpOptions}.
 * Single-threaded, confined to one load.
 */
final class HttpDraft {
    /** An HTTP-only line written in the section, for the warning when the proxy is not in {@code mode http}. */
    private record HttpOnlyLine(String keyword, SourceLocation where) {
    }

    /** A {@code use_backend} line. */
    record SwitchDraft(String backend, ConditionDraft condition, SourceLocation where, ValueTemplate dynamicName) {
    }

    /** An {@code http-request} or {@code http-response} line: the rule, once its condition is compiled. */
    record RuleDraft(ConditionDraft condition, Function<Condition, HttpRule> rule) {
    }

    HttpConnectionMode connectionMode = HttpConnectionMode.KEEP_ALIVE;
    long timeoutHttpRequestMs;
    long timeoutHttpKeepAliveMs;
    ForwardFor forwardFor;
    ForwardFor originalTo;
    boolean httplog;
    HttpReuse reuse = HttpReuse.SAFE;
    /** Replaced, never modified, so that drafts may share it. */
    Set<RetryOn> retryOn = EnumSet.of(RetryOn.CONN_FAILURE);
    /** {@code http-send-name-header}'s name, lower case; null when unset. */
    dev.baton.http.text.HeaderName sendNameHeader;
    int maxSessionSrvConns = HttpOptions.DEFAULT_MAX_SESSION_SRV_CONNS;
    private final List<HttpOnlyLine> httpOnlyLines = new ArrayList<>();
    /** The section's ACLs by name, each the terms of its lines in order. */
    private final Map<String, List<AclTerm>> acls = new LinkedHashMap<>();
    final List<SwitchDraft> useBackends = new ArrayList<>();
    /** {@code use-server} and {@code force-persist}/{@code ignore-persist} lines ({@link ServerRulesParser}). */
    final List<ServerRulesParser.UseServerDraft> useServers = new ArrayList<>();
    final List<ServerRulesParser.PersistDraft> persistRules = new ArrayList<>();
    /** {@code cookie} (null: no cookie persistence); inherited from defaults. */
    CookieConfig cookie;
    /** {@code dynamic-cookie-key} (null: none); inherited from defaults, joined to {@link #cookie} at build. */
    String dynamicCookieKey;
    /** The userlists its {@code http_auth*} ACLs name, resolved once every section was read. */
    final List<AuthAclParser.Use> authUses = new ArrayList<>();
    /** The caches its {@code cache-use}/{@code cache-store} rules name, resolved once every section was read. */
    final List<CacheSections.Use> cacheUses = new ArrayList<>();
    final List<RuleDraft> requestRules = new ArrayList<>();
    /** The proxy keyword {@code redirect}: evaluated after {@link #requestRules}, as HAProxy does. */
    final List<RuleDraft> redirectRules = new ArrayList<>();
    final List<RuleDraft> responseRules = new ArrayList<>();
    /** {@code http-after-response} lines. */
    final List<RuleDraft> afterResponseRules = new ArrayList<>();
    /**
     * {@code errorfile}, {@code errorloc*}, {@code http-error} ({@link ErrorFile}, {@link HttpErrorParser.Reset}) and
     * {@code errorfiles} ({@link ErrorLocParser.ErrorsRef}) lines in the order written, the inherited ones first; {@link #resolveErrors} turns them into {@link #errorFiles}.
     */
    final List<Object> errorSources = new ArrayList<>();
    /** The {@code errorfiles NAME} arguments of the section's http replies, resolved with {@link #errorSources}. */
    final List<HttpReplyParser.ErrorsRef> replyErrors = new ArrayList<>();
    /** By status, once resolved; a later line for a status replaces the earlier one (an inherited one too). */
    Map<Integer, ErrorFile> errorFiles = new TreeMap<>();
    /** {@code monitor-uri} (null: none) and the conditions of {@code monitor fail}, in order. */
    String monitorUri;
    final List<ConditionDraft> monitorFail = new ArrayList<>();
    /** {@code stats scope} names, and {@code stats http-request} rules in order, their conditions not compiled yet. */
    List<String> statsScopes = List.of();
    final List<StatsRuleDraft> statsRules = new ArrayList<>();
    /** Where the first {@code stats http-request} line is, for the error when it meets {@code stats auth}. */
    SourceLocation statsRuleWhere;
    /** Whether {@code stats realm} was written (HAProxy refuses it together with {@code stats http-request}). */
    boolean statsRealmWritten;
    /** {@code stats} lines: the page is on once any line but {@code stats admin} was written. */
    boolean statsEnabled;
    String statsUri = StatsPageConfig.DEFAULT_URI;
    int statsRefreshSeconds;
    /** Replaced, never modified, so that drafts may share it. */
    List<String> statsAuth = List.of();
    ConditionDraft statsAdmin;
    String statsRealm = StatsPageConfig.REALM;
    boolean statsHideVersion;
    /** {@code stats show-node} / {@code show-desc}: null when not written, "" for the global value. */
    String statsShowNode;
    String statsShowDesc;
    boolean statsShowLegends;
    boolean statsShowModules;
    /** Whether this section wrote a {@code stats} line yet (for the one mode warning). */
    boolean statsLineSeen;

    /** A draft for a proxy opening under the {@code defaults} section this draft belongs to. */
    HttpDraft inherit() {
        final HttpDraft h = new HttpDraft();
        h.connectionMode = connectionMode;
        h.timeoutHttpRequestMs = timeoutHttpRequestMs;
        h.timeoutHttpKeepAliveMs = timeoutHttpKeepAliveMs;
        h.forwardFor = forwardFor;
        h.originalTo = originalTo;
        h.httplog = httplog;
        h.reuse = reuse;
        h.retryOn = retryOn;
        h.sendNameHeader = sendNameHeader;
        h.maxSessionSrvConns = maxSessionSrvConns;
        h.cookie = cookie;
        h.dynamicCookieKey = dynamicCookieKey;
        h.errorSources.addAll(errorSources);
        h.monitorUri = monitorUri;
        h.statsScopes = statsScopes;
        h.statsRealmWritten = statsRealmWritten;
        h.statsEnabled = statsEnabled;
        h.statsUri = statsUri;
        h.statsRefreshSeconds = statsRefreshSeconds;
        h.statsAuth = statsAuth;
        h.statsAdmin = statsAdmin;
        h.statsRealm = statsRealm;
        h.statsHideVersion = statsHideVersion;
        h.statsShowNode = statsShowNode;
        h.statsShowDesc = statsShowDesc;
        h.statsShowLegends = statsShowLegends;
        h.statsShowModules = statsShowModules;
        return h;
    }

    /** Resolves {@link #errorSources} against the {@code http-errors} sections; {@code proxy} names it in messages. */
    void resolveErrors(final HttpErrorsSections sections, final String proxy, final Diagnostics diag) {
        errorFiles = sections.resolve(errorSources, proxy, diag);
        for (final HttpReplyParser.ErrorsRef ref : replyErrors) {
            ref.resolve(sections.replies(ref.section), proxy, diag);
        }
    }

    /** The {@code acl(...)} fetches of the section's lines, bound by {@link #bindAclFetches}. */
    final AclFetchBindings aclFetches = new AclFetchBindings();

    /** Binds the section's {@code acl(...)} fetches to its ACLs, once every line was read. */
    void bindAclFetches(final Diagnostics diag) {
        aclFetches.bind(acls, diag);
    }

    private CookieConfig withKey(final CookieConfig c) {
        return c == null || dynamicCookieKey == null ? c : c.withDynamicKey(dynamicCookieKey);
    }

    void addAcl(final String name, final AclTerm term) {
        acls.computeIfAbsent(name, n -> new ArrayList<>()).add(term);
    }

    boolean hasAcl(final String name) {
        return acls.containsKey(name);
    }

    Set<String> aclNames() {
        return acls.keySet();
    }

    /** {@code condition} compiled against this section's ACLs for rules that run on {@code side} (tcp rules). */
    Condition compile(final ConditionDraft condition, final AclTerm.Side side, final String rules,
                      final Diagnostics diag) {
        return condition.compile(acls, side, rules, diag);
    }

    /** Notes that {@code keyword}, which only means something in {@code mode http}, was written at {@code d}. */
    /** The backend's server rules, compiled now that every ACL is known; {@code servers}: its server names. */
    ServerRules serverRules(final Mode mode, final List<String> servers, final String proxy, final Diagnostics diag) {
        return ServerRulesParser.compile(useServers, persistRules, acls, servers, mode, proxy, diag);
    }

    void httpOnly(final String keyword, final Directive d) {
        httpOnlyLines.add(new HttpOnlyLine(keyword, d.where()));
    }

    /**
     * The settings of a proxy of {@code kind} in {@code mode}; {@code proxy} names it in messages. A
     * {@code mode tcp} proxy gets the defaults, and a warning for each HTTP-only line of its section.
     */
    HttpOptions build(final Mode mode, final ProxyKind kind, final String proxy, final Diagnostics diag) {
        if (mode != Mode.HTTP) {
            for (final HttpOnlyLine line : httpOnlyLines) {
                // as in HAProxy, a tcp proxy asking for httplog gets tcplog (see ProxyDraft#build)
                final String fallback = line.keyword().equals("option httplog") ? "; using 'option tcplog'" : "";
                diag.warning(line.where(), Messages.requiresHttpMode(line.keyword(), proxy) + fallback);
            }
            if (useBackends.isEmpty()) {
                return HttpOptions.DEFAULT;
            }
            // mode tcp: switching rules run once content inspection (if any) is over, on the bytes it kept
            final List<BackendSwitch> tcpSwitches = new ArrayList<>();
            for (final SwitchDraft s : useBackends) {
                tcpSwitches.add(new BackendSwitch(s.backend(),
                    s.condition().compile(acls, AclTerm.Side.CONTENT, "'use_backend' rules", diag), s.where(),
                    s.dynamicName()));
            }
            final HttpOptions d = HttpOptions.DEFAULT;
            return new HttpOptions(d.connectionMode(), d.timeoutHttpRequestMs(), d.timeoutHttpKeepAliveMs(),
                d.forwardFor(), d.httplog(), d.reuse(), d.retryOn(), d.maxSessionSrvConns(), d.requestRules(),
                d.responseRules(), tcpSwitches, d.errorFiles(), d.stats());
        }
        final boolean front = kind.isFrontend();
        final boolean back = kind.isBackend();
        final List<BackendSwitch> switches = new ArrayList<>();
        for (final SwitchDraft s : useBackends) {
            switches.add(new BackendSwitch(s.backend(),
                s.condition().compile(acls, AclTerm.Side.REQUEST, "'use_backend' rules", diag), s.where(),
                s.dynamicName()));
        }
        final HttpOptions d = HttpOptions.DEFAULT;
        return new HttpOptions(connectionMode, front ? timeoutHttpRequestMs : 0, front ? timeoutHttpKeepAliveMs : 0,
            forwardFor, front && httplog, back ? reuse : d.reuse(), back ? retryOn : d.retryOn(),
            front ? maxSessionSrvConns : d.maxSessionSrvConns(),
            requestThenRedirects(diag),
            rules(responseRules, AclTerm.Side.RESPONSE, "'http-response' rules", diag), switches,
            new ArrayList<>(errorFiles.values()), stats(proxy, diag), originalTo, front ? monitor(diag) : null, back ? withKey(cookie) : null,
            rules(afterResponseRules, AclTerm.Side.RESPONSE, "'http-after-response' rules", diag),
            back ? sendNameHeader : null);
    }

    private MonitorConfig monitor(final Diagnostics diag) {
        if (monitorUri == null && monitorFail.isEmpty()) {
            return null;
        }
        final List<Condition> failIf = new ArrayList<>();
        for (final ConditionDraft c : monitorFail) {
            failIf.add(c.compile(acls, AclTerm.Side.REQUEST, "'monitor fail' rules", diag));
        }
        return new MonitorConfig(monitorUri, failIf);
    }

    private StatsPageConfig stats(final String proxy, final Diagnostics diag) {
        if (!statsEnabled) {
            return null;
        }
        if (!statsRules.isEmpty() && (!statsAuth.isEmpty() || statsRealmWritten)) {
            diag.error(statsRuleWhere, proxy + ": stats 'auth'/'realm' and 'http-request' can't be used at the same"
                + " time");
        }
        final Condition admin = statsAdmin == null ? null
            : statsAdmin.compile(acls, AclTerm.Side.REQUEST, "'stats admin' rules", diag);
        final List<StatsRule> rules = new ArrayList<>();
        for (final StatsRuleDraft r : statsRules) {
            rules.add(new StatsRule(r.verdict(), r.realm(),
                r.condition().compile(acls, AclTerm.Side.REQUEST, "'stats http-request' rules", diag)));
        }
        return new StatsPageConfig(statsUri, statsRefreshSeconds, statsAuth, admin, statsRealm, statsHideVersion,
            statsShowNode, statsShowDesc, statsShowLegends, statsScopes, rules, statsShowModules);
    }

    /** The {@code http-request} rules, then the {@code redirect} rules: one list, run in that order. */
    private List<HttpRule> requestThenRedirects(final Diagnostics diag) {
        final List<HttpRule> out = rules(requestRules, AclTerm.Side.REQUEST, "'http-request' rules", diag);
        out.addAll(rules(redirectRules, AclTerm.Side.REQUEST, "'redirect' rules", diag));
        return out;
    }

    private List<HttpRule> rules(final List<RuleDraft> drafts, final AclTerm.Side side, final String rules,
                                 final Diagnostics diag) {
        final List<HttpRule> out = new ArrayList<>();
        for (final RuleDraft r : drafts) {
            out.add(r.rule().apply(r.condition().compile(acls, side, rules, diag)));
        }
        return out;
    }

    /** One {@code stats http-request} line as read: its {@link StatsRule} once the condition is compiled. */
    record StatsRuleDraft(StatsRule.Verdict verdict, String realm, ConditionDraft condition) {
    }
}
