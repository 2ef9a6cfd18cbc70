package dev.baton.config;

import dev.baton.log.BuiltinLogFormats;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ObjIntConsumer;

/**
 * Parses one line of a {@code defaults}, {@code frontend}, {@code backend} or {@code listen} section into
 * its {@link ProxyDraft}. Which section accepts which keyword follows HAProxy's keyword matrix, except that
 * {@code defaults} takes no {@code default_backend} and neither does {@code listen} (it serves itself). A
 * refused line throws {@link LineError}. Stateless.
 */
final class ProxySectionParser {
    private static final Set<Section> ALL = EnumSet.of(Section.DEFAULTS, Section.FRONTEND, Section.BACKEND, Section.LISTEN);
    private static final Set<Section> FRONT_SIDE = EnumSet.of(Section.DEFAULTS, Section.FRONTEND, Section.LISTEN);
    private static final Set<Section> BACK_SIDE = EnumSet.of(Section.DEFAULTS, Section.BACKEND, Section.LISTEN);
    private static final Set<Section> LISTENERS = EnumSet.of(Section.FRONTEND, Section.LISTEN);
    private static final Set<Section> SERVERS = EnumSet.of(Section.BACKEND, Section.LISTEN);

    static final String EXPECTED_TIMEOUT =
        "one of connect, client, server, queue, tunnel, client-fin, server-fin, http-request, http-keep-alive, check";

    private interface Handler {
        void parse(Directive d, ProxyDraft p);
    }

    private record Keyword(Set<Section> sections, Handler handler) {
    }

    /** Implemented keywords in the order "did you mean" prefers them. */
    private static final Map<String, Keyword> KEYWORDS = new LinkedHashMap<>();

    static {
        KEYWORDS.put("mode", new Keyword(ALL, ProxySectionParser::mode));
        KEYWORDS.put("bind", new Keyword(LISTENERS, (d, p) -> p.binds.addAll(BindLineParser.parse(d))));
        // HAProxy ignores each with a warning on the side a section lacks: a backend accepts no connection of its
        // own, a frontend has no server to share out; refusing them would break configurations users bring over.
        // fullconn 0 is HAProxy's "unset": the default is computed from the frontends (FullconnDefaults).
        KEYWORDS.put("maxconn", new Keyword(ALL, limit("maxconn", 1, FRONT_SIDE, Messages::backendMaxconnIgnored,
            (p, v) -> p.maxconn = v)));
        KEYWORDS.put("fullconn", new Keyword(ALL, limit("fullconn", 0, BACK_SIDE, Messages::frontendFullconnIgnored,
            (p, v) -> p.fullconn = v)));
        KEYWORDS.put("timeout", new Keyword(ALL, ProxySectionParser::timeout));
        for (final String kw : TcpKeepAliveParser.KEYWORDS) {
            KEYWORDS.put(kw, new Keyword(ALL, (d, p) -> TcpKeepAliveParser.parse(d, p, FRONT_SIDE.contains(p.section),
                BACK_SIDE.contains(p.section))));
        }
        KEYWORDS.put("backlog", new Keyword(FRONT_SIDE, (d, p) -> {
            p.backlog = d.intArg(1, "backlog", 1, Integer.MAX_VALUE);
            d.noMoreThan(2, "backlog");
        }));
        // in defaults: inherited by the frontends and listens that follow (ProxyDraft#proxy), as in HAProxy
        KEYWORDS.put("default_backend", new Keyword(EnumSet.of(Section.DEFAULTS, Section.FRONTEND, Section.LISTEN),
            (d, p) -> {
                p.defaultBackend = d.nameArg(1, "default_backend");
                p.defaultBackendWhere = d.where();
                d.noMoreThan(2, "default_backend");
            }));
        KEYWORDS.put("balance", new Keyword(BACK_SIDE, BalanceParser::balance));
        KEYWORDS.put("hash-type", new Keyword(BACK_SIDE, BalanceParser::hashType));
        KEYWORDS.put("hash-balance-factor", new Keyword(BACK_SIDE, BalanceParser::hashBalanceFactor));
        KEYWORDS.put("cookie", new Keyword(BACK_SIDE, CookieParser::cookie));
        KEYWORDS.put("dynamic-cookie-key", new Keyword(BACK_SIDE, CookieParser::dynamicKey));
        KEYWORDS.put("retries", new Keyword(BACK_SIDE, (d, p) -> {
            p.retries = d.intArg(1, "retries", 0, Integer.MAX_VALUE);
            d.noMoreThan(2, "retries");
        }));
        KEYWORDS.put("option", new Keyword(ALL, (d, p) -> option(d, p, false)));
        KEYWORDS.put("no", new Keyword(ALL, ProxySectionParser::no));
        KEYWORDS.put("log", new Keyword(ALL, ProxyLogParser::log));
        KEYWORDS.put("log-tag", new Keyword(ALL, ProxyLogParser::logTag));
        KEYWORDS.put("server", new Keyword(SERVERS, ServerLineParser::server));
        KEYWORDS.put("server-template", new Keyword(SERVERS, ServerTemplateParser::template));
        KEYWORDS.put("default-server", new Keyword(BACK_SIDE, ServerLineParser::defaultServer));
        KEYWORDS.put("http-check", new Keyword(BACK_SIDE, HttpCheckParser::httpCheck));
        KEYWORDS.put("external-check", new Keyword(BACK_SIDE, ExternalCheckParser::line));
        KEYWORDS.put("tcp-check", new Keyword(BACK_SIDE, TcpCheckParser::tcpCheck));
        KEYWORDS.put("http-reuse", new Keyword(BACK_SIDE, HttpSettingsParser::httpReuse));
        KEYWORDS.put("retry-on", new Keyword(BACK_SIDE, HttpSettingsParser::retryOn));
        KEYWORDS.put("http-send-name-header", new Keyword(ALL, HttpSettingsParser::sendNameHeader));
        KEYWORDS.put("max-session-srv-conns", new Keyword(FRONT_SIDE, HttpSettingsParser::maxSessionSrvConns));
        KEYWORDS.put("acl", new Keyword(ALL, AclParser::acl));
        KEYWORDS.put("use_backend", new Keyword(LISTENERS, HttpRuleParser::useBackend));
        KEYWORDS.put("use-server", new Keyword(BACK_SIDE, ServerRulesParser::useServer));
        KEYWORDS.put("force-persist", new Keyword(BACK_SIDE, ServerRulesParser::persist));
        KEYWORDS.put("ignore-persist", new Keyword(BACK_SIDE, ServerRulesParser::persist));
        KEYWORDS.put("http-request", new Keyword(ALL, HttpRuleParser::request));
        KEYWORDS.put("http-response", new Keyword(ALL, HttpRuleParser::response));
        KEYWORDS.put("http-after-response", new Keyword(ALL, VarRuleParser::afterResponse));
        KEYWORDS.put("redirect", new Keyword(ALL, HttpRuleParser::redirect));
        KEYWORDS.put("tcp-request", new Keyword(ALL, TcpRulesParser::request));
        KEYWORDS.put("tcp-response", new Keyword(ALL, TcpRulesParser::response));
        KEYWORDS.put("stick-table", new Keyword(ALL, StickTableParser::parse));
        KEYWORDS.put("stick", new Keyword(BACK_SIDE, StickServerParser::parse));
        KEYWORDS.put("errorfile", new Keyword(ALL, ErrorFileParser::errorfile));
        KEYWORDS.put(HttpErrorParser.KW, new Keyword(ALL, HttpErrorParser::httpError));
        KEYWORDS.put("bind-process", new Keyword(ALL, (d, p) -> {
            ProcessSets.check(d, 1, "bind-process");
            d.warning("'bind-process' has no effect, is deprecated, and will be removed in version 2.7.");
        }));
        KEYWORDS.put("stats", new Keyword(ALL, ProxyStatsParser::stats));
        KEYWORDS.put("log-format", new Keyword(ALL, LogFormatKeywords::logFormat));
        KEYWORDS.put("error-log-format", new Keyword(ALL, LogFormatKeywords::errorLogFormat));
        KEYWORDS.put("unique-id-format", new Keyword(ALL, LogFormatKeywords::uniqueIdFormat));
        KEYWORDS.put("unique-id-header", new Keyword(ALL, LogFormatKeywords::uniqueIdHeader));
        KEYWORDS.put("capture", new Keyword(ALL, LogFormatKeywords::capture));
        KEYWORDS.put("declare", new Keyword(ALL, CaptureRuleParser::declare));
        KEYWORDS.put("compression", new Keyword(ALL, CompressionParser::compression));
        // as HAProxy: "filter is not allowed in a 'default' section"
        KEYWORDS.put("filter", new Keyword(EnumSet.of(Section.FRONTEND, Section.BACKEND, Section.LISTEN),
            CompressionParser::filter));
        ProxyIdentityParser.register((kw, sections, handler) -> KEYWORDS.put(kw, new Keyword(sections, handler::accept)));
        ServerStateKeywords.register((kw, sections, handler) -> KEYWORDS.put(kw, new Keyword(sections, handler::accept)));
    }

    /** Sections accepting each implemented {@code timeout} name. */
    private static final Map<String, Set<Section>> TIMEOUTS = Map.ofEntries(
        Map.entry("connect", BACK_SIDE), Map.entry("client", FRONT_SIDE), Map.entry("server", BACK_SIDE),
        Map.entry("tunnel", BACK_SIDE), Map.entry("client-fin", FRONT_SIDE), Map.entry("server-fin", BACK_SIDE),
        Map.entry("http-request", FRONT_SIDE), Map.entry("http-keep-alive", FRONT_SIDE),
        Map.entry("check", BACK_SIDE), Map.entry("queue", BACK_SIDE), Map.entry("tarpit", ALL));

    /** The options of a frontend's log line, which a backend section ignores with a warning, as HAProxy 2.6 does. */
    private static final Set<String> LOGGING_OPTIONS = Set.of("tcplog", "httplog", "dontlognull", "dontlog-normal",
        "log-separate-errors");

    /** Sections accepting each implemented {@code option}. */
    private static final Map<String, Set<Section>> OPTIONS = Map.ofEntries(Map.entry("redispatch", BACK_SIDE),
        Map.entry("tcplog", FRONT_SIDE), Map.entry("logasap", ALL), Map.entry("http-keep-alive", ALL),
        Map.entry("http-server-close", ALL), Map.entry("httpclose", ALL), Map.entry("forwardfor", ALL),
        Map.entry("originalto", ALL), Map.entry("httplog", FRONT_SIDE),
        Map.entry("httpchk", BACK_SIDE), Map.entry("allbackups", BACK_SIDE), Map.entry("log-health-checks", BACK_SIDE),
        Map.entry("tcp-check", BACK_SIDE), Map.entry("redis-check", BACK_SIDE), Map.entry("mysql-check", BACK_SIDE),
        Map.entry("pgsql-check", BACK_SIDE), Map.entry("smtpchk", BACK_SIDE), Map.entry("ldap-check", BACK_SIDE),
        Map.entry("ssl-hello-chk", BACK_SIDE), Map.entry("external-check", BACK_SIDE),
        // a frontend warns instead, as HAProxy does (see option())
        Map.entry("abortonclose", ALL), Map.entry("dontlognull", FRONT_SIDE), Map.entry("dontlog-normal", FRONT_SIDE),
        Map.entry("log-separate-errors", FRONT_SIDE), Map.entry("tcpka", ALL), Map.entry("clitcpka", ALL),
        Map.entry("srvtcpka", ALL), Map.entry("nolinger", ALL), Map.entry("independent-streams", ALL),
        Map.entry("tcp-smart-accept", ALL), Map.entry("tcp-smart-connect", ALL), Map.entry("http-ignore-probes", ALL),
        Map.entry("http-pretend-keepalive", ALL), Map.entry("prefer-last-server", ALL),
        Map.entry("http-buffer-request", ALL), Map.entry("http-no-delay", ALL), Map.entry("disable-h2-upgrade", ALL),
        Map.entry("contstats", ALL), Map.entry("http-use-proxy-header", ALL), Map.entry("socket-stats", ALL));

    /** Sets one on/off option of a draft. */
    @FunctionalInterface
    private interface Flag {
        void set(ProxyDraft p, boolean on);
    }

    /** The options that only turn a setting on ({@code option X}) or off ({@code no option X}), with no argument. */
    private static final Map<String, Flag> FLAGS = Map.of(
        "allbackups", (p, on) -> p.allBackups = on,
        "log-health-checks", (p, on) -> p.logHealthChecks = on,
        "dontlognull", (p, on) -> p.dontLogNull = on,
        "dontlog-normal", (p, on) -> p.dontLogNormal = on,
        "log-separate-errors", (p, on) -> p.logSeparateErrors = on);

    private ProxySectionParser() {
    }

    static void parse(final Directive d, final ProxyDraft p) {
        final String kw = d.keyword();
        final Keyword keyword = KEYWORDS.get(kw);
        if (keyword == null) {
            RemovedKeywords.checkProxy(kw);
            if (UnsupportedKeywords.PROXY.contains(kw)) {
                throw new LineError(Messages.notImplemented(kw));
            }
            if (GlobalSectionParser.isKeyword(kw) || UnsupportedKeywords.isGlobal(kw)) {
                throw new LineError(Messages.notAllowed(kw, p.section));
            }
            final List<String> allowed = allowedIn(KEYWORDS, Keyword::sections, p.section);
            throw new LineError(Messages.unknownKeyword(kw, p.section,
                KeywordSuggestions.closest(kw, allowed, UnsupportedKeywords.PROXY)));
        }
        if (!keyword.sections().contains(p.section)) {
            throw new LineError(Messages.notAllowed(kw, p.section));
        }
        dev.baton.stick.StickReferences.enter(p.name, d.where());
        try {
            keyword.handler().parse(d, p);
        } finally {
            dev.baton.stick.StickReferences.enter(null, null);
        }
    }

    /**
     * {@code KW N} with N from {@code min} on, applied by {@code set} in the sections of {@code sides}; elsewhere
     * ignored with the warning {@code ignored} gives for the proxy's name.
     */
    private static Handler limit(final String kw, final int min, final Set<Section> sides,
                                 final Function<String, String> ignored, final ObjIntConsumer<ProxyDraft> set) {
        return (d, p) -> {
            final int value = d.intArg(1, kw, min, Integer.MAX_VALUE);
            d.noMoreThan(2, kw);
            if (sides.contains(p.section)) {
                set.accept(p, value);
            } else {
                d.warning(ignored.apply(p.name));
            }
        };
    }

    /** Whether {@code word} is a proxy keyword baton implements, in whichever section. */
    static boolean isKeyword(final String word) {
        return KEYWORDS.containsKey(word);
    }

    /** The names in {@code table} that {@code section} accepts, in the table's iteration order. */
    private static <T> List<String> allowedIn(final Map<String, T> table, final Function<T, Set<Section>> sections,
                                              final Section section) {
        final List<String> out = new ArrayList<>();
        table.forEach((name, entry) -> {
            if (sections.apply(entry).contains(section)) {
                out.add(name);
            }
        });
        return out;
    }

    private static void mode(final Directive d, final ProxyDraft p) {
        final String text = d.require(1, "mode", "tcp or http");
        final Mode mode = text.equals("tcp") ? Mode.TCP : text.equals("http") ? Mode.HTTP : null;
        if (mode == null) {
            throw new LineError(Messages.badValue("mode", "tcp or http", text));
        }
        final String refusal = UnsupportedKeywords.modeNotImplemented(mode);
        if (refusal != null) {
            throw new LineError(refusal);
        }
        d.noMoreThan(2, "mode");
        p.mode = mode;
    }

    private static void timeout(final Directive d, final ProxyDraft p) {
        final String name = d.require(1, "timeout", EXPECTED_TIMEOUT);
        final String kw = "timeout " + name;
        final Set<Section> sections = TIMEOUTS.get(name);
        if (sections == null) {
            throw new LineError(UnsupportedKeywords.TIMEOUTS.contains(name)
                ? Messages.notImplemented(kw) : Messages.badValue("timeout", EXPECTED_TIMEOUT, name));
        }
        final long ms = d.timeArg(2, kw);
        d.noMoreThan(3, kw);
        if (name.startsWith("http-")) {
            p.http.httpOnly(kw, d);
        }
        if (!sections.contains(p.section)) {
            // HAProxy ignores a timeout on the side a proxy lacks, with a warning; refusing it would break
            // configurations that users bring over.
            d.warning(Messages.ignoredOnThisSide(kw, p.section));
            return;
        }
        final Timeouts t = p.timeouts;
        switch (name) {
            case "connect":
                p.timeouts = t.withConnectMs(ms);
                break;
            case "client":
                p.timeouts = t.withClientMs(ms);
                break;
            case "server":
                p.timeouts = t.withServerMs(ms);
                break;
            case "tunnel":
                p.timeouts = t.withTunnelMs(ms);
                break;
            case "client-fin":
                p.timeouts = t.withClientFinMs(ms);
                break;
            case "check":
                p.timeouts = t.withCheckMs(ms);
                break;
            case "queue":
                p.timeouts = t.withTimeoutQueueMs(ms);
                break;
            case "http-request":
                p.http.timeoutHttpRequestMs = ms;
                break;
            case "http-keep-alive":
                p.http.timeoutHttpKeepAliveMs = ms;
                break;
            case "tarpit":
                p.timeouts = t.withTimeoutTarpitMs(ms);
                break;
            default:
                p.timeouts = t.withServerFinMs(ms);
                break;
        }
    }

    private static void no(final Directive d, final ProxyDraft p) {
        final String next = d.require(1, "no", "option and an option name");
        if (next.equals("log")) {
            ProxyLogParser.noLog(d, p);
            return;
        }
        if (!next.equals("option")) {
            throw new LineError(Messages.badValue("no", "option and an option name", next));
        }
        option(d, p, true);
    }

    /** {@code [no] option NAME [ARGS]}; {@code negated} for the {@code no} form, which takes no argument. */
    private static void option(final Directive d, final ProxyDraft p, final boolean negated) {
        final int at = negated ? 2 : 1;
        final String name = d.require(at, negated ? "no option" : "option", "an option name such as redispatch");
        final String kw = (negated ? "no option " : "option ") + name;
        final Set<Section> sections = OPTIONS.get(name);
        if (sections == null) {
            RemovedKeywords.checkOption(name);
            if (UnsupportedKeywords.OPTIONS.contains(name)) {
                throw new LineError(Messages.notImplemented("option " + name));
            }
            final List<String> allowed = allowedIn(OPTIONS, Function.identity(), p.section);
            allowed.sort(null);
            throw new LineError(Messages.unknownOption(name, p.section,
                KeywordSuggestions.closest(name, allowed, UnsupportedKeywords.OPTIONS)));
        }
        if (!sections.contains(p.section)) {
            if (p.section == Section.BACKEND && LOGGING_OPTIONS.contains(name)) {
                // HAProxy warns and goes on: a backend writes no log line of its own
                d.warning(Messages.ignoredOnThisSide(kw, p.section));
                return;
            }
            throw new LineError(Messages.notAllowed(kw, p.section));
        }
        if (HttpSettingsParser.isOption(name)) {
            HttpSettingsParser.option(d, p, name, negated, at);
        } else if (CheckOptionParser.isOption(name)) {
            if (negated) {
                throw new LineError("negation/default is not supported for option '" + name + "'.");
            }
            CheckOptionParser.option(d, p, name, at);
        } else if (OptionFlagParser.isOption(name)) {
            OptionFlagParser.option(d, p, name, negated, at);
        } else if (FLAGS.containsKey(name)) {
            d.noMoreThan(at + 1, kw);
            FLAGS.get(name).set(p, !negated);
        } else if (name.equals("abortonclose")) {
            d.noMoreThan(at + 1, kw);
            if (!BACK_SIDE.contains(p.section)) {
                // HAProxy ignores it with a warning in a frontend, whose streams wait on no server of their own
                d.warning(Messages.ignoredOnThisSide(kw, p.section));
                return;
            }
            p.abortOnClose = !negated;
        } else if (name.equals("tcpka") || name.equals("clitcpka") || name.equals("srvtcpka")) {
            d.noMoreThan(at + 1, kw);
            if (name.equals("clitcpka") && !FRONT_SIDE.contains(p.section)
                || name.equals("srvtcpka") && !BACK_SIDE.contains(p.section)) {
                d.warning(Messages.ignoredOnThisSide(kw, p.section)); // HAProxy warns the same way
                return;
            }
            // tcpka: both sides; the proxy keeps the side(s) it has when it is built (ProxyDraft#build)
            if (!name.equals("srvtcpka")) {
                p.cliTcpKa = !negated;
            }
            if (!name.equals("clitcpka")) {
                p.srvTcpKa = !negated;
            }
        } else if (name.equals("logasap")) {
            LogFormatKeywords.logAsap(d, p, negated, at);
        } else if (name.equals("tcplog")) {
            d.noMoreThan(at + 1, kw);
            p.tcplog = !negated;
            if (!negated) {
                p.http.httplog = false;
                LogFormatKeywords.builtin(d, p, BuiltinLogFormats.TCPLOG_TEXT, "option tcplog");
            } else if (BuiltinLogFormats.TCPLOG_TEXT.equals(p.trafficLog.format)) {
                p.trafficLog.format = null;
            }
        } else if (negated) {
            d.noMoreThan(at + 1, kw);
            p.redispatch = Redispatch.OFF;
        } else {
            p.redispatch = new Redispatch(true, redispatchInterval(d, at + 1));
        }
    }

    private static int redispatchInterval(final Directive d, final int at) {
        if (!d.has(at)) {
            return Redispatch.OFF.interval();
        }
        d.noMoreThan(at + 1, "option redispatch");
        final String text = d.word(at);
        int interval = 0;
        try {
            interval = Numbers.parseInt(text, Integer.MIN_VALUE, Integer.MAX_VALUE);
        } catch (final BadValueException e) {
            // 0 is refused below, with the same message as a malformed number
        }
        if (interval == 0) {
            throw new LineError(Messages.badValue("option redispatch", "a non-zero integer", text));
        }
        return interval;
    }
}
