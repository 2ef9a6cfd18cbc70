package dev.baton.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that need the whole configuration, run once every file was parsed: unique proxy names,
 * {@code default_backend} (optional) and {@code use_backend} references (to backends of the same mode, or an http
 * backend from a tcp frontend, which HAProxy upgrades), listening
 * addresses used twice, and HAProxy's start-up warnings (a backend in use without servers, missing
 * timeouts). Reports to the {@link Diagnostics}; pure otherwise.
 */
final class ConfigValidator {
    private ConfigValidator() {
    }

    static void validate(final List<ParsedProxy> proxies, final Diagnostics diag) {
        validate(proxies, Set.of(), diag);
    }

    /** {@code peerTables}: the tables peers sections declare, which rules may name too. */
    static void validate(final List<ParsedProxy> proxies, final Set<String> peerTables, final Diagnostics diag) {
        uniqueNames(proxies, diag);
        final Set<String> used = references(proxies, diag);
        uniqueBinds(proxies, diag);
        TrackValidator.validate(proxies, diag);
        StickTableReferences.validate(proxies, peerTables, diag);
        SpoeValidator.validate(proxies, diag);
        for (final ParsedProxy parsed : proxies) {
            final ProxyConfig p = parsed.config();
            if (p.kind().isBackend() && used.contains(p.name()) && p.servers().isEmpty()) {
                diag.warning(p.where(), describe(p) + " has no server; connections to it will fail");
            }
            missingTimeouts(p, diag);
            MappedPortChecks.validate(p, diag);
        }
    }

    /** "frontend 'web'", as messages name a proxy. */
    static String describe(final ProxyConfig p) {
        return p.kind().keyword() + " '" + p.name() + "'";
    }

    /**
     * Frontends and backends have separate name spaces, as in HAProxy; a listen section is in both. The
     * first definition wins, later ones are reported.
     */
    private static void uniqueNames(final List<ParsedProxy> proxies, final Diagnostics diag) {
        final Map<String, ProxyConfig> frontends = new HashMap<>();
        final Map<String, ProxyConfig> backends = new HashMap<>();
        for (final ParsedProxy parsed : proxies) {
            final ProxyConfig p = parsed.config();
            ProxyConfig first = p.kind().isFrontend() ? frontends.get(p.name()) : null;
            if (first == null && p.kind().isBackend()) {
                first = backends.get(p.name());
            }
            if (first == null) {
                if (p.kind().isFrontend()) {
                    frontends.put(p.name(), p);
                }
                if (p.kind().isBackend()) {
                    backends.put(p.name(), p);
                }
            } else if (first.kind() == p.kind()) {
                diag.error(p.where(), Messages.alreadyDefined(describe(p), first.where()));
            } else {
                diag.error(p.where(), describe(p) + " has the same name as " + describe(first) + " defined at "
                    + first.where());
            }
        }
    }

    /** Checks what frontends need and refer to; returns the names of the backends that receive traffic. */
    private static Set<String> references(final List<ParsedProxy> proxies, final Diagnostics diag) {
        final Map<String, ProxyConfig> backends = new HashMap<>();
        for (final ParsedProxy parsed : proxies) {
            if (parsed.config().kind().isBackend()) {
                backends.putIfAbsent(parsed.config().name(), parsed.config());
            }
        }
        final Set<String> used = new HashSet<>();
        for (final ParsedProxy parsed : proxies) {
            final ProxyConfig p = parsed.config();
            switches(p, backends, used, diag);
            if (p.kind().isFrontend() && p.binds().isEmpty()) {
                // A warning, as in HAProxy: the section receives no connection; a listen still serves as a backend.
                diag.warning(p.where(), describe(p) + " has no 'bind' directive. Please declare it as a backend if this"
                    + " was intended");
            }
            if (p.kind() == ProxyKind.LISTEN && !p.binds().isEmpty() && p.defaultBackend() == null) {
                used.add(p.name());
            }
            if (p.kind().isFrontend()) {
                // No default_backend is valid, as in HAProxy (stats-only, use_backend-only, redirect-only
                // frontends): a request no rule routes is answered 503 and logged <NOSRV>; a listen's own servers
                // serve it unless it has one.
                if (p.defaultBackend() != null) {
                    final ProxyConfig target = backends.get(p.defaultBackend());
                    if (target == null) {
                        diag.error(parsed.defaultBackendWhere(),
                            "default_backend '" + p.defaultBackend() + "': no such backend");
                    } else if (target.mode() != p.mode() && !upgradesToHttp(p, target)) {
                        diag.error(parsed.defaultBackendWhere(), wrongMode(p, target));
                    } else {
                        used.add(p.defaultBackend());
                    }
                }
            }
        }
        return used;
    }

    /** Each {@code use_backend} of {@code p} must name a backend of its mode, other than itself. */
    private static void switches(final ProxyConfig p, final Map<String, ProxyConfig> backends, final Set<String> used,
                                 final Diagnostics diag) {
        for (final BackendSwitch s : p.http().useBackends()) {
            if (s.dynamic()) {
                continue; // named per stream: an unknown name falls back to default_backend
            }
            final ProxyConfig target = backends.get(s.backend());
            if (target == null) {
                diag.error(s.where(), "use_backend '" + s.backend() + "': no such backend");
            } else if (target == p) {
                diag.error(s.where(), "use_backend '" + s.backend() + "': a proxy cannot switch to itself");
            } else if (target.mode() != p.mode()) {
                diag.error(s.where(), wrongMode(p, target));
            } else {
                used.add(s.backend());
            }
        }
    }

    /**
     * HAProxy 2.1+ upgrades the streams of a {@code mode tcp} frontend to HTTP when its backend is in {@code mode
     * http} (see TcpAcceptor); the other way round is refused.
     */
    static boolean upgradesToHttp(final ProxyConfig front, final ProxyConfig back) {
        return front.mode() == Mode.TCP && back.mode() == Mode.HTTP;
    }

    /**
     * A frontend and the backend it sends to must speak the same protocol, but for a tcp frontend's upgrade to an
     * http backend ({@link #upgradesToHttp}).
     */
    static String wrongMode(final ProxyConfig front, final ProxyConfig back) {
        return "unable to use " + back.mode().keyword() + " " + describe(back) + " (" + back.where() + ") from "
            + front.mode().keyword() + " " + describe(front) + ": both must have the same 'mode'";
    }

    /**
     * No two listening addresses may overlap, across all proxies: the same address and port, or a wildcard
     * and any address of its family on the same port ({@code *} / {@code 0.0.0.0} for IPv4, {@code ::} for
     * IPv6). The later bind is reported.
     */
    private static void uniqueBinds(final List<ParsedProxy> proxies, final Diagnostics diag) {
        final List<BindConfig> seen = new ArrayList<>();
        final List<ProxyConfig> owners = new ArrayList<>();
        for (final ParsedProxy parsed : proxies) {
            final ProxyConfig p = parsed.config();
            if (p.disabled()) {
                continue; // binds nothing, so takes no address from anyone (HAProxy checks at bind time)
            }
            for (final BindConfig bind : p.binds()) {
                for (int i = 0; i < seen.size(); i++) {
                    if (overlap(seen.get(i), bind)) {
                        diag.error(bind.where(), "bind " + bind.display() + " is already used by "
                            + describe(owners.get(i)) + " at " + seen.get(i).where());
                        break;
                    }
                }
                seen.add(bind);
                owners.add(p);
            }
        }
    }

    static boolean overlap(final BindConfig a, final BindConfig b) {
        if (a.family() != b.family()) {
            return false;
        }
        if (a.family() != BindConfig.Family.INET) {
            return a.family() == BindConfig.Family.FD ? a.fd() == b.fd() : a.path().equals(b.path());
        }
        // HAProxy lets binds share an address on disjoint threads: SO_REUSEPORT opens one socket per thread
        final long ta = a.options().threads();
        final long tb = b.options().threads();
        if (ta != 0 && tb != 0 && (ta & tb) == 0) {
            return false;
        }
        if (a.port() != b.port() || isIpv6(a) != isIpv6(b)) {
            return false;
        }
        if (isWildcard(a) || isWildcard(b)) {
            return true;
        }
        return isIpv6(a) ? Arrays.equals(Addresses.ipv6Bytes(a.host()), Addresses.ipv6Bytes(b.host()))
            : a.host().equals(b.host());
    }

    private static boolean isIpv6(final BindConfig b) {
        return b.host() != null && b.host().indexOf(':') >= 0;
    }

    private static boolean isWildcard(final BindConfig b) {
        if (b.host() == null || b.host().equals("0.0.0.0")) {
            return true;
        }
        return isIpv6(b) && Arrays.equals(Addresses.ipv6Bytes(b.host()), new byte[16]);
    }

    /** HAProxy's warning: a side without its inactivity timeout lets dead connections pile up. */
    private static void missingTimeouts(final ProxyConfig p, final Diagnostics diag) {
        final List<String> missing = new ArrayList<>();
        if (p.kind().isFrontend() && p.timeouts().clientMs() == 0) {
            missing.add("'timeout client'");
        }
        if (p.kind().isBackend() && p.timeouts().connectMs() == 0) {
            missing.add("'timeout connect'");
        }
        if (p.kind().isBackend() && p.timeouts().serverMs() == 0) {
            missing.add("'timeout server'");
        }
        if (missing.isEmpty()) {
            return;
        }
        final String last = missing.remove(missing.size() - 1);
        final String list = missing.isEmpty() ? last : String.join(", ", missing) + " and " + last;
        diag.warning(p.where(), "missing timeouts for " + describe(p) + ": while not mandatory, set " + list
            + " to avoid connections piling up");
    }
}
