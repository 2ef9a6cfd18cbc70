package dev.baton.log;

import dev.baton.config.BatonConfig;
import dev.baton.config.LogTarget;
import dev.baton.config.ProxyConfig;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which loggers each proxy's lines go to, as tinylog tags. A route is a list of {@link LogTarget}s and the tag of
 * their syslog headers; route 0 is the global section's targets with the global tag, and every proxy whose loggers
 * are exactly those uses it; a proxy with loggers of its own, or a {@code log-tag}, has a route of its own. A line
 * is logged with the tag of its route and severity ({@link #tag}), and {@link LogDispatcher} sends it to that
 * route's targets.
 *
 * <p>When the global section has no {@code log} line, {@code log global} adds no logger: as in HAProxy, such a
 * proxy logs nothing. Without {@link #install} (tests running a daemon in-process) every
 * proxy is on route 0, whose tags are the plain {@code traffic} ones.
 *
 * <p>Installed once at start-up, before the first line, and read on any thread (a volatile snapshot; its loggers
 * are created on first use, any thread).
 */
public final class LogRoutes {
    /** The severity tags of server events; traffic lines use {@link TrafficLog#TAG} and tinylog's level. */
    /** The tag of a traffic line at crit, which only set-log-level gives. */
    static final String TAG_CRIT = "traffic-crit";
    /** The tag of a traffic line at debug, which only set-log-level gives. */
    static final String TAG_DEBUG = "traffic-debug";
    static final String[] BASES = {
        TrafficLog.TAG, ServerEventLog.TAG_EMERG, ServerEventLog.TAG_ALERT, ServerEventLog.TAG_NOTICE,
        TAG_CRIT, TAG_DEBUG,
    };
    /** The {@link #BASES} index of each syslog severity tinylog has no level for, -1 for the others. */
    private static final int[] SEVERITY_BASES = {1, 2, 4, -1, -1, 3, -1, 5};

    /** The loggers of one route: {@code tag} null for the global tag. */
    record Route(List<LogTarget> targets, String tag) {
    }

    private static volatile LogRoutes current = new LogRoutes(List.of(new Route(List.of(), null)), Map.of(), 0);

    private final List<Route> routes;
    private final Map<String, Integer> byProxy;
    private final int maxLen;
    private final TaggedLogger[][] loggers;

    private LogRoutes(final List<Route> routes, final Map<String, Integer> byProxy, final int maxLen) {
        this.routes = List.copyOf(routes);
        this.byProxy = Map.copyOf(byProxy);
        this.maxLen = maxLen;
        // filled on first use: creating a tinylog logger starts tinylog, which must wait for LogSetup
        this.loggers = new TaggedLogger[routes.size()][BASES.length];
    }

    /** The routes of {@code config}; the proxies are keyed by kind and name. */
    static LogRoutes of(final BatonConfig config) {
        final List<LogTarget> global = config.global().logs();
        final List<Route> routes = new ArrayList<>();
        routes.add(new Route(global, null));
        final Map<String, Integer> byProxy = new HashMap<>();
        int maxLen = maxLen(config.global().logs());
        for (final ProxyConfig p : config.proxies()) {
            maxLen = Math.max(maxLen, maxLen(p.log().targets()));
            List<LogTarget> targets = p.log().targets();
            if (targets.isEmpty() && p.logGlobal()) {
                targets = global;
            }
            if (targets.isEmpty()) {
                continue;
            }
            final Route route = new Route(targets, p.log().tag());
            int id = routes.indexOf(route);
            if (id < 0) {
                id = routes.size();
                routes.add(route);
            }
            byProxy.put(key(p), id);
        }
        return new LogRoutes(routes, byProxy, maxLen > 0 ? maxLen : LogTarget.DEFAULT_MAX_LEN);
    }

    private static int maxLen(final List<LogTarget> targets) {
        int max = 0;
        for (final LogTarget t : targets) {
            max = Math.max(max, t.maxLen());
        }
        return max;
    }

    /**
     * The largest {@code len} of the configuration's {@code log} lines (HAProxy's {@code max_syslog_len}, the size
     * it builds every line in), or the default target's when there is none.
     */
    int maxLen() {
        return maxLen;
    }

    /** Route 0 alone, to {@code global} (tests of the dispatcher). */
    static LogRoutes ofGlobal(final List<LogTarget> global) {
        return new LogRoutes(List.of(new Route(global, null)), Map.of(), maxLen(global));
    }

    /** Makes {@code routes} the process's; before the first traffic line. */
    static void install(final LogRoutes routes) {
        current = routes;
    }

    static LogRoutes current() {
        return current;
    }

    List<Route> routes() {
        return routes;
    }

    /** The tinylog tag of {@code base} (one of {@link #BASES}) on route {@code route}. */
    static String tag(final int route, final String base) {
        return route == 0 ? base : base + "#" + route;
    }

    /** The logger of {@code base} on the route of proxy {@code proxy}. */
    static TaggedLogger logger(final ProxyConfig proxy, final int base) {
        final LogRoutes r = current;
        final int route = r.byProxy.getOrDefault(key(proxy), 0);
        TaggedLogger l = r.loggers[route][base];
        if (l == null) {
            // a benign race: tinylog hands out equivalent loggers for one tag
            l = Logger.tag(tag(route, BASES[base]));
            r.loggers[route][base] = l;
        }
        return l;
    }

    /** The loggers of {@code proxy}'s route by syslog severity, where {@link #SEVERITY_BASES} names a tag. */
    static TaggedLogger[] bySeverity(final ProxyConfig proxy) {
        final TaggedLogger[] out = new TaggedLogger[SEVERITY_BASES.length];
        for (int s = 0; s < out.length; s++) {
            out[s] = SEVERITY_BASES[s] < 0 ? null : logger(proxy, SEVERITY_BASES[s]);
        }
        return out;
    }

    /** A frontend and a backend may have the same name: the key has the kind too. */
    private static String key(final ProxyConfig p) {
        return p.kind() + "/" + p.name();
    }

    /** Every tag of every route, comma-separated, for the tinylog writer's {@code tag} property. */
    String allTags() {
        final StringBuilder sb = new StringBuilder();
        for (int r = 0; r < routes.size(); r++) {
            for (final String base : BASES) {
                sb.append(sb.length() == 0 ? "" : ",").append(tag(r, base));
            }
        }
        return sb.toString();
    }
}
