package dev.baton.config;

import java.util.Map;
import java.util.Set;

/**
 * HAProxy keywords that baton recognises but does not implement yet. A configuration written for HAProxy
 * then fails with "'X' is a HAProxy keyword that baton does not implement yet" instead of "unknown
 * keyword", and the reader knows the feature is missing rather than misspelt. Lifting a feature means
 * removing it here and adding its parser; the lists are curated, not exhaustive.
 */
final class UnsupportedKeywords {
    private UnsupportedKeywords() {
    }

    /** Section keywords of HAProxy; their whole body is skipped once the header is reported. */
    static final Set<String> SECTIONS = Set.of(
        "mailers", "program", "ring", "fcgi-app",
        "crt-store", "traces", "log-forward", "acme");

    static final Set<String> GLOBAL = Set.of(
        "nbproc",
        "maxsslconn", "maxconnrate", "maxsessrate", "maxsslrate",
        "maxzlibmem", "noepoll", "nopoll", "nosplice", "nogetaddrinfo",
        "noreuseport", "h1-case-adjust",
        "h1-case-adjust-file",
        "insecure-setuid-wanted", "set-dumpable", "thread-group",
        "numa-cpu-mapping", "busy-polling", "pp2-never-send-local",
        "cluster-secret", "close-spread-time",
        "issuers-chain-path");

    /**
     * Families of global keywords, matched by prefix ({@code ssl-default-bind-ciphers} is implemented and checked
     * first). Not {@code tune.}: each of HAProxy 2.6's is implemented or refused with its reason
     * ({@link RefusedTuneKeywords}), so another is unknown, as for HAProxy.
     */
    private static final Set<String> GLOBAL_PREFIXES = Set.of(
        "ssl-", "lua-", "httpclient.", "profiling.", "ocsp-update.");

    static final Set<String> PROXY = Set.of(
        "dispatch", "email-alert",
        "guid",
        "log-format-sd", "max-keep-alive-queue",
        "persist", "rate-limit",
        "source",
        "use-fcgi-app");

    /** Names following {@code option}. */
    static final Set<String> OPTIONS = Set.of(
        "splice-auto", "splice-request", "splice-response",
        "persist",
        "transparent", "accept-invalid-http-request",
        "accept-invalid-http-response", "checkcache",
        "spop-check", "httpslog",
        "idle-close-on-response", "http-restrict-req-hdr-names");

    /** Names following {@code timeout}. */
    static final Set<String> TIMEOUTS = Set.of(
        "client-hs");

    /** {@code balance} algorithms, by the part before any parenthesis ({@code hdr(host)} is "hdr"). */
    static final Set<String> BALANCE = Set.of(
        "log-hash", "sticky");

    /**
     * Server line keywords and how many arguments each takes, so that the rest of the line can still be
     * checked after one of them.
     */
    static final Map<String, Integer> SERVER_ARITY = Map.ofEntries(
        Map.entry("hash-key", 1),
        Map.entry("resolve-net", 1),
        Map.entry("pool-conn-name", 1), Map.entry("proto", 1),
        Map.entry("check-alpn", 1), Map.entry("redir", 1),
        Map.entry("source", 1), Map.entry("namespace", 1), Map.entry("tfo", 0), Map.entry("ws", 1),
        Map.entry("non-stick", 0), Map.entry("tcp-ut", 1));

    /**
     * HAProxy fetches (and ACL criteria) the sample engine does not have yet: they need a request body or payload
     * buffer ({@code req.body}, {@code req.len}, {@code req.payload}...), variables, stick tables or userlists.
     */
    static final Set<String> ACL_CRITERIA = Set.of(
        "lat_ns_avg",
        "lat_ns_tot", "cpu_calls");

    /** {@code http-request} / {@code http-response} actions beyond those of {@code HttpRuleParser}. */
    static final Set<String> HTTP_ACTIONS = Set.of(
        "disable-l7-retry", "do-log",
        "do-resolve", "pause",
        "set-bandwidth-limit", "set-bc-mark", "set-bc-tos",
        "set-fc-mark", "set-fc-tos",
        "set-retries",
        "add-headers-bin", "set-headers-bin",
        "del-headers-bin");

    /** HAProxy's predefined ACLs that baton cannot express yet. */
    static final Set<String> ACL_PREDEFINED = Set.of();

    /**
     * Whether {@code mode http} is accepted. The HTTP runtime ships in the same release as its configuration;
     * set this to false to refuse {@code mode http} again (every other HTTP keyword stays parsed).
     */
    static final boolean HTTP_MODE_READY = true;

    /**
     * Whether {@code filter spoe} is accepted. SPOE files, {@code send-spoe-group} and their checks are read either
     * way; while false, each {@code filter spoe} line ends in a not-implemented error ({@link SpoeValidator}).
     */
    static final boolean SPOE_READY = true;

    /** The single gate for proxy modes: the message for a mode baton cannot run, or null when it can. */
    static String modeNotImplemented(final Mode mode) {
        return modeNotImplemented(mode, HTTP_MODE_READY);
    }

    /** {@link #modeNotImplemented(Mode)} with the HTTP switch given, so that both positions stay tested. */
    static String modeNotImplemented(final Mode mode, final boolean httpReady) {
        return mode == Mode.HTTP && !httpReady ? "'mode http' is not implemented yet" : null;
    }

    static boolean isGlobal(final String keyword) {
        if (GLOBAL.contains(keyword)) {
            return true;
        }
        for (final String prefix : GLOBAL_PREFIXES) {
            if (keyword.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
