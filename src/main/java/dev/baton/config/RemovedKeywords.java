package dev.baton.config;

import java.util.Map;

/**
 * Keywords HAProxy itself removed, and what replaced each: a configuration written for an old HAProxy gets the same
 * hint from baton as from HAProxy 2.6 (which refuses them too), in baton's words. Consulted before a keyword is
 * called unknown. Stateless.
 */
final class RemovedKeywords {
    /** Proxy-section keywords: the release that removed them and what to write instead (null: nothing). */
    private static final Map<String, String[]> PROXY = Map.ofEntries(
        Map.entry("clitimeout", new String[] {"2.1", "'timeout client'"}),
        Map.entry("srvtimeout", new String[] {"2.1", "'timeout server'"}),
        Map.entry("contimeout", new String[] {"2.1", "'timeout connect'"}),
        Map.entry("redispatch", new String[] {"2.1", "'option redispatch'"}),
        Map.entry("block", new String[] {"2.1", "'http-request deny' (same syntax)"}),
        Map.entry("reqadd", new String[] {"2.1", "'http-request add-header'"}),
        Map.entry("reqrep", new String[] {"2.1",
            "'http-request replace-path', 'http-request replace-uri' or 'http-request replace-header'"}),
        Map.entry("cliexp", new String[] {"2.1",
            "'http-request replace-path', 'http-request replace-uri' or 'http-request replace-header'"}),
        Map.entry("reqirep", new String[] {"2.1", "'http-request replace-header'"}),
        Map.entry("reqdel", new String[] {"2.1", "'http-request del-header'"}),
        Map.entry("reqidel", new String[] {"2.1", "'http-request del-header'"}),
        Map.entry("reqdeny", new String[] {"2.1", "'http-request deny'"}),
        Map.entry("reqideny", new String[] {"2.1", "'http-request deny'"}),
        Map.entry("reqallow", new String[] {"2.1", "'http-request allow'"}),
        Map.entry("reqiallow", new String[] {"2.1", "'http-request allow'"}),
        Map.entry("reqtarpit", new String[] {"2.1", "'http-request tarpit'"}),
        Map.entry("reqitarpit", new String[] {"2.1", "'http-request tarpit'"}),
        Map.entry("reqpass", new String[] {"2.1", null}),
        Map.entry("reqipass", new String[] {"2.1", null}),
        Map.entry("rspadd", new String[] {"2.1", "'http-response add-header'"}),
        Map.entry("rsprep", new String[] {"2.1", "'http-response replace-header'"}),
        Map.entry("srvexp", new String[] {"2.1", "'http-response replace-header'"}),
        Map.entry("rspirep", new String[] {"2.1", "'http-response replace-header'"}),
        Map.entry("rspdel", new String[] {"2.1", "'http-response del-header'"}),
        Map.entry("rspidel", new String[] {"2.1", "'http-response del-header'"}),
        Map.entry("rspdeny", new String[] {"2.1", "'http-response deny'"}),
        Map.entry("rspideny", new String[] {"2.1", "'http-response deny'"}),
        Map.entry("appsession", new String[] {"1.6", "'cookie' with 'server ... cookie'"}),
        Map.entry("grace", new String[] {"2.5", null}),
        Map.entry("monitor-net", new String[] {"2.3", "'http-request return status 200 if { src NETWORK }'"}));

    /** {@code option} names HAProxy removed. */
    private static final Map<String, String[]> OPTIONS = Map.of(
        "forceclose", new String[] {"2.0", "nothing (remove the line), or 'option httpclose' if really needed"},
        "http-tunnel", new String[] {"2.1", "nothing: remove the line, it is not needed"},
        "http_proxy", new String[] {"2.5",
            "'http-request set-dst' with 'http-request set-uri' (and 'http-request do-resolve' for DNS)"});

    /** Global keywords HAProxy removed. */
    private static final Map<String, String[]> GLOBAL = Map.of(
        "nbproc", new String[] {"2.5", "'nbthread' (threads are used on every CPU by default)"},
        "tune.chksize", new String[] {"2.5", null}); // checks read into buffers of tune.bufsize

    private RemovedKeywords() {
    }

    /** Throws the hint for {@code kw} if HAProxy removed it from proxy sections; returns otherwise. */
    static void checkProxy(final String kw) {
        check(kw, PROXY.get(kw));
    }

    /** Throws the hint for {@code option name} if HAProxy removed it; returns otherwise. */
    static void checkOption(final String name) {
        check("option " + name, OPTIONS.get(name));
    }

    /** Throws the hint for the global {@code kw} if HAProxy removed it; returns otherwise. */
    static void checkGlobal(final String kw) {
        check(kw, GLOBAL.get(kw));
    }

    private static void check(final String kw, final String[] removal) {
        if (removal == null) {
            return;
        }
        final String instead = removal[1] == null ? "; remove the line" : "; write " + removal[1] + " instead";
        throw new LineError("'" + kw + "' was removed in HAProxy " + removal[0] + " (HAProxy 2.6 refuses it too)"
            + instead);
    }
}
