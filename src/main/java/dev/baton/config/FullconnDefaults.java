package dev.baton.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code fullconn} in force of each backend, as HAProxy sets it once the global {@code maxconn} is known
 * ({@code proxy_adjust_all_maxconn}): the configured value, else a tenth of the sum of the {@code maxconn} of
 * every frontend that can send streams to the backend, rounded up, at least 1. A frontend without
 * {@code maxconn} counts the global one. A frontend reaches its {@code default_backend}; each backend named by
 * one of its {@code use_backend} rules, once however many rules name it and not again when it is also the
 * default; a {@code listen} section without {@code default_backend} (baton's listen never has one) reaches
 * itself. baton has no {@code use_backend} with a computed name (refused at parse), which HAProxy leaves out of
 * the sum. Pure; sums in {@code long} and caps at {@link Integer#MAX_VALUE} where HAProxy's unsigned sum would
 * wrap.
 */
final class FullconnDefaults {
    /** HAProxy keeps a tenth of the frontends' limits. */
    private static final int SHARE = 10;

    private FullconnDefaults() {
    }

    /**
     * {@code proxies} with the {@code fullconn} of every backend-capable proxy resolved for a global
     * {@code maxconn} of {@code globalMaxconn} (above 0); frontends are returned unchanged. Unknown backend
     * names (reported elsewhere) are skipped.
     */
    static List<ProxyConfig> resolve(final List<ProxyConfig> proxies, final int globalMaxconn) {
        if (globalMaxconn <= 0) {
            throw new IllegalArgumentException("global maxconn must be known: " + globalMaxconn);
        }
        final Map<String, Long> reaching = new HashMap<>();
        for (final ProxyConfig p : proxies) {
            if (!p.kind().isFrontend()) {
                continue;
            }
            final long maxconn = p.maxconn() > 0 ? p.maxconn() : globalMaxconn;
            final String defaultTarget = p.defaultBackend();
            if (defaultTarget != null) {
                reaching.merge(defaultTarget, maxconn, Long::sum);
            } else if (p.kind() == ProxyKind.LISTEN) {
                reaching.merge(p.name(), maxconn, Long::sum);
            }
            final Set<String> switched = new LinkedHashSet<>();
            for (final BackendSwitch s : p.http().useBackends()) {
                if (!s.dynamic() && !s.backend().equals(defaultTarget)) {
                    switched.add(s.backend());
                }
            }
            for (final String target : switched) {
                reaching.merge(target, maxconn, Long::sum);
            }
        }
        final List<ProxyConfig> out = new ArrayList<>(proxies.size());
        for (final ProxyConfig p : proxies) {
            if (!p.kind().isBackend()) {
                out.add(p);
                continue;
            }
            final int fullconn = p.configuredFullconn() > 0 ? p.configuredFullconn()
                : fromFrontends(reaching.getOrDefault(p.name(), 0L));
            out.add(p.fullconn() == fullconn ? p : p.withFullconn(fullconn));
        }
        return out;
    }

    /** A tenth of {@code sum}, rounded up, within 1..{@link Integer#MAX_VALUE}. */
    static int fromFrontends(final long sum) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (sum + SHARE - 1) / SHARE));
    }
}
