package dev.baton.config;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves every {@code track [BACKEND/]SERVER} once all proxies are read, with HAProxy 2.6's rules and texts
 * (server.c, srv_apply_track), in configuration order: the backend (the server's own without a prefix) and
 * the server must exist; the tracked server must have checks or track another (configured to, even if later
 * refused); a server cannot have both {@code check} and {@code track}; a chain may not loop back to the
 * tracker; a tracker in another backend must agree on {@code http-check disable-on-404}. Config thread only.
 */
final class TrackValidator {
    private TrackValidator() {
    }

    static void validate(final List<ParsedProxy> proxies, final Diagnostics diag) {
        final Map<String, ProxyConfig> backends = new HashMap<>();
        for (final ParsedProxy parsed : proxies) {
            if (parsed.config().kind().isBackend()) {
                backends.putIfAbsent(parsed.config().name(), parsed.config());
            }
        }
        // The links applied so far, tracker -> tracked, as HAProxy links them one by one.
        final Map<ServerConfig, ServerConfig> applied = new IdentityHashMap<>();
        for (final ParsedProxy parsed : proxies) {
            final ProxyConfig p = parsed.config();
            if (!p.kind().isBackend()) {
                continue;
            }
            for (final ServerConfig s : p.servers()) {
                final String track = s.reactions().track();
                if (track == null) {
                    continue;
                }
                final String error = link(p, s, track, backends, applied);
                if (error != null) {
                    diag.error(s.where(), "'server " + p.name() + "/" + s.name() + "' : " + error);
                }
            }
        }
    }

    /** Links {@code s} of {@code p} to its tracked server; the error text, or null when linked. */
    private static String link(final ProxyConfig p, final ServerConfig s, final String track,
                               final Map<String, ProxyConfig> backends,
                               final Map<ServerConfig, ServerConfig> applied) {
        if (s.check().enabled()) {
            return "unable to enable checks and tracking at the same time!";
        }
        final int slash = track.lastIndexOf('/');
        final ProxyConfig px;
        if (slash > 0) {
            final String pname = track.substring(0, slash);
            px = backends.get(pname);
            if (px == null) {
                return "unable to find required proxy '" + pname + "' for tracking.";
            }
        } else {
            px = p;
        }
        final String sname = track.substring(slash + 1);
        final ServerConfig target = find(px, sname);
        if (target == null) {
            return "unable to find required server '" + sname + "' for tracking.";
        }
        if (!target.check().enabled() && target.reactions().track() == null) {
            return "unable to use " + px.name() + "/" + target.name()
                + " for tracking as it does not have any check nor agent enabled.";
        }
        ServerConfig loop = applied.get(target);
        while (loop != null && loop != s) {
            loop = applied.get(loop);
        }
        if (s == target || loop != null) {
            return "unable to track " + px.name() + "/" + target.name()
                + " as it belongs to a tracking chain looping back to " + px.name() + "/"
                + (s == target ? target.name() : loop.name()) + ".";
        }
        if (px != p && disableOn404(p) != disableOn404(px)) {
            return "unable to use " + px.name() + "/" + target.name()
                + " for tracking: disable-on-404 option inconsistency.";
        }
        applied.put(s, target);
        return null;
    }

    private static boolean disableOn404(final ProxyConfig p) {
        return p.checks() != null && p.checks().disableOn404();
    }

    private static ServerConfig find(final ProxyConfig p, final String name) {
        for (final ServerConfig s : p.servers()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
