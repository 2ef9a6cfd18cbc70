package dev.baton.config;

import java.util.Map;
import java.util.Set;

/**
 * {@code [no] option NAME} for the socket and stream options of {@link ProxyOptions}: {@code nolinger},
 * {@code independent-streams}, {@code tcp-smart-accept}, {@code tcp-smart-connect}, {@code http-ignore-probes},
 * {@code http-pretend-keepalive}, {@code prefer-last-server}, {@code http-buffer-request}, {@code http-no-delay},
 * {@code disable-h2-upgrade}, {@code contstats}, {@code http-use-proxy-header} and {@code socket-stats}. As HAProxy,
 * an option written on the side a section lacks is ignored with a
 * warning, and an HTTP one in a proxy that is not in {@code mode http} is warned about when the proxy is built.
 * Stateless.
 */
final class OptionFlagParser {
    private enum Side { FRONT, BACK, BOTH }

    private record Option(Side side, boolean http, Flag flag) {
    }

    @FunctionalInterface
    private interface Flag {
        void set(OptionsDraft o, boolean on);
    }

    /** HAProxy 2.6's cfg_opts/cfg_opts2 rows for these options: the side and mode each applies to. */
    private static final Map<String, Option> OPTIONS = Map.ofEntries(
        Map.entry("nolinger", new Option(Side.BOTH, false, (o, on) -> o.nolinger = on)),
        Map.entry("independent-streams", new Option(Side.BOTH, false, (o, on) -> o.independentStreams = on)),
        Map.entry("tcp-smart-accept", new Option(Side.FRONT, false, (o, on) -> o.tcpSmartAccept = on)),
        Map.entry("tcp-smart-connect", new Option(Side.BACK, false, (o, on) -> o.tcpSmartConnect = on)),
        Map.entry("http-ignore-probes", new Option(Side.FRONT, true, (o, on) -> o.httpIgnoreProbes = on)),
        Map.entry("http-pretend-keepalive", new Option(Side.BACK, true, (o, on) -> o.httpPretendKeepAlive = on)),
        Map.entry("prefer-last-server", new Option(Side.BACK, true, (o, on) -> o.preferLastServer = on)),
        Map.entry("http-buffer-request", new Option(Side.BOTH, true, (o, on) -> o.httpBufferRequest = on)),
        Map.entry("http-no-delay", new Option(Side.BOTH, true, (o, on) -> o.httpNoDelay = on)),
        Map.entry("disable-h2-upgrade", new Option(Side.FRONT, true, (o, on) -> o.disableH2Upgrade = on)),
        Map.entry("contstats", new Option(Side.FRONT, false, (o, on) -> o.contStats = on)),
        Map.entry("http-use-proxy-header", new Option(Side.FRONT, true, (o, on) -> o.httpUseProxyHeader = on)),
        Map.entry("socket-stats", new Option(Side.FRONT, false, (o, on) -> o.socketStats = on)));

    /** The option names, for the section table of {@link ProxySectionParser}. */
    static final Set<String> NAMES = OPTIONS.keySet();

    private OptionFlagParser() {
    }

    static boolean isOption(final String name) {
        return OPTIONS.containsKey(name);
    }

    /** {@code option NAME} at word {@code at} ({@code negated}: {@code no option NAME}); no argument follows. */
    static void option(final Directive d, final ProxyDraft p, final String name, final boolean negated, final int at) {
        final String kw = (negated ? "no option " : "option ") + name;
        d.noMoreThan(at + 1, kw);
        final Option o = OPTIONS.get(name);
        final ProxyKind kind = p.section == Section.DEFAULTS ? null : p.section.proxyKind();
        if (kind != null && (o.side() == Side.FRONT && !kind.isFrontend() || o.side() == Side.BACK && !kind.isBackend())) {
            d.warning(Messages.ignoredOnThisSide(kw, p.section)); // HAProxy's warnifnotcap: ignored
            return;
        }
        if (o.http()) {
            p.http.httpOnly(kw, d);
        }
        o.flag().set(p.options, !negated);
    }
}
