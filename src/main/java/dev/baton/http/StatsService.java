package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.GlobalConfig;
import dev.baton.config.StatsPageConfig;
import dev.baton.config.StatsRule;
import dev.baton.http.rules.MessageView;
import dev.baton.stats.ProxyStats;
import dev.baton.http.text.HeaderName;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.StatsSource;
import dev.baton.stats.render.PrometheusExposition;
import dev.baton.stats.render.StatsPage;
import dev.baton.sys.Hostname;

import java.nio.ByteBuffer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;

/**
 * The answers baton serves itself from its statistics: the stats page ({@code stats uri}, with its
 * {@code ;csv} and {@code ;norefresh} variants, behind {@code stats auth}) and the Prometheus exporter
 * ({@code http-request use-service prometheus-exporter}). Each answer is a whole response (head and body)
 * rendered into a new array, which the session then streams: an admin path, where a snapshot and an
 * allocation per request are acceptable. Reactor thread; the snapshot supplier may be called from any thread.
 */
final class StatsService {
    static final HeaderName AUTHORIZATION = HeaderName.of("Authorization");
    static final byte[] UNAUTHORIZED_BODY = ("<html><body><h1>401 Unauthorized</h1>\n"
        + "You need a valid user and password to access this content.\n</body></html>\n")
        .getBytes(StandardCharsets.US_ASCII);
    static final byte[] FORBIDDEN_BODY = ("<html><body><h1>403 Forbidden</h1>\n"
        + "Request forbidden by administrative rules.\n</body></html>\n").getBytes(StandardCharsets.US_ASCII);

    private final Supplier<StatsSnapshot> snapshots;
    private final StatsSource source;
    /** The default of {@code stats show-node} without a global {@code node}, read once here, off the reactors. */
    private final String hostname = Hostname.get();

    /** The running daemon's view (its current configuration's frontends among the rest). */
    StatsSource source() {
        return source;
    }

    /** {@code source} is where the admin forms of {@code stats admin} change server states. */
    StatsService(final Supplier<StatsSnapshot> snapshots, final StatsSource source) {
        this.snapshots = snapshots;
        this.source = source;
    }

    /**
     * Whether {@code req} asks for the page of {@code stats}: a GET, HEAD or POST whose path and query
     * start with the stats URI (HAProxy's prefix match).
     */
    static boolean matches(final StatsPageConfig stats, final HttpHead req) {
        if (stats == null) {
            return false;
        }
        final HttpMethod m = req.method();
        if (m != HttpMethod.GET && m != HttpMethod.HEAD && m != HttpMethod.POST) {
            return false;
        }
        final String uri = stats.uri();
        final int start = req.pathStart();
        final int length = req.targetStart() + req.targetLength() - start;
        if (length < uri.length()) {
            return false;
        }
        return regionMatches(req.buffer(), start, uri);
    }

    /** Whether the bytes of {@code b} from {@code start} are those of {@code text} (ASCII). Allocation-free. */
    static boolean regionMatches(final ByteBuffer b, final int start, final String text) {
        for (int i = 0; i < text.length(); i++) {
            if (b.get(start + i) != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The response to a request for the stats page that {@link #matches}; status in {@code status[0]}.
     * {@code admin}: the {@code stats admin} condition holds for the request (the page shows its forms);
     * without it, a POST (an admin action) is refused with 403. An admin POST is {@link #adminPost}'s. {@code self}
     * names the proxy serving the page, which {@code stats scope .} stands for.
     */
    byte[] page(final StatsPageConfig stats, final HttpHead req, final boolean admin, final boolean close,
                final String self, final int[] status) {
        final boolean head = req.method() == HttpMethod.HEAD;
        if (!authorized(stats, req)) {
            status[0] = 401;
            return unauthorized(stats.realm(), head, close);
        }
        if (req.method() == HttpMethod.POST && !admin) {
            status[0] = 403;
            return response(403, "text/html", "", FORBIDDEN_BODY, false, close);
        }
        final int start = req.pathStart() + stats.uri().length();
        final int end = req.targetStart() + req.targetLength();
        final byte[] rest = new byte[end - start];
        req.buffer().get(start, rest);
        final String suffix = new String(rest, StandardCharsets.ISO_8859_1);
        final StatsPage.Response r = StatsPage.serve(scoped(snapshots.get(), stats, self),
            options(stats, admin), suffix);
        final boolean refresh = r.contentType().equals(StatsPage.HTML_TYPE) && stats.refreshSeconds() > 0
            && !suffix.contains(";norefresh");
        status[0] = 200;
        return response(200, r.contentType(), refresh ? "refresh: " + stats.refreshSeconds() + "\r\n" : "",
            r.body().getBytes(StandardCharsets.UTF_8), head, close);
    }

    /**
     * An admin action of the stats page, the {@code application/x-www-form-urlencoded} {@code body} of an
     * authorized POST for which {@code stats admin} holds: fields {@code b} (backend), {@code s} (server,
     * repeated) and {@code action} ({@code ready}, {@code drain}, {@code maint}), applied to each server as
     * {@code set server B/S state ACTION}. Answers 303 to the stats URI with HAProxy's outcome suffix:
     * {@code ;st=DONE} (all applied), {@code PART} (some), {@code NONE} (no server checked) or {@code ERRP}
     * (bad form, or none applied). Status in {@code status[0]}.
     */
    byte[] adminPost(final StatsPageConfig stats, final byte[] body, final boolean close, final int[] status) {
        status[0] = 303;
        return response(303, "text/html", "location: " + stats.uri() + ";st=" + applyForm(body) + "\r\n",
            new byte[0], false, close);
    }

    /** {@code snapshot} with only the proxies {@code stats scope} lets the page of {@code stats} list. */
    static StatsSnapshot scoped(final StatsSnapshot snapshot, final StatsPageConfig stats, final String self) {
        if (stats.scopes().isEmpty()) {
            return snapshot;
        }
        final List<ProxyStats> kept = new ArrayList<>();
        for (final ProxyStats p : snapshot.proxies()) {
            if (stats.inScope(p.name(), self)) {
                kept.add(p);
            }
        }
        return new StatsSnapshot(snapshot.process(), kept, snapshot.threads());
    }

    /**
     * The {@code stats http-request} rule that decides for {@code request}: the first whose condition holds; null
     * when none does (the page is served).
     */
    static StatsRule decidingRule(final StatsPageConfig stats, final MessageView request) {
        final List<StatsRule> rules = stats.rules();
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).condition().test(request)) {
                return rules.get(i);
            }
        }
        return null;
    }

    /** A 401 asking for Basic credentials in {@code realm} ({@code stats auth}, {@code stats http-request auth}). */
    static byte[] unauthorized(final String realm, final boolean head, final boolean close) {
        return response(401, "text/html", "www-authenticate: Basic realm=\"" + quoted(realm) + "\"\r\n",
            UNAUTHORIZED_BODY, head, close);
    }

    /** Applies an admin form; returns the outcome code. */
    private String applyForm(final byte[] body) {
        String backend = null;
        String action = null;
        final List<String> servers = new ArrayList<>();
        try {
            for (final String pair : new String(body, StandardCharsets.ISO_8859_1).split("&")) {
                final int eq = pair.indexOf('=');
                if (pair.isEmpty()) {
                    continue;
                }
                final String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                final String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (key) {
                    case StatsPage.FIELD_BACKEND -> backend = value;
                    case StatsPage.FIELD_SERVER -> servers.add(value);
                    case StatsPage.FIELD_ACTION -> action = value;
                    default -> { } // other fields are ignored, as HAProxy does
                }
            }
        } catch (final IllegalArgumentException e) {
            return "ERRP"; // bad %-escape
        }
        if (backend == null || action == null || !StatsPage.ACTIONS.contains(action)) {
            return "ERRP";
        }
        if (servers.isEmpty()) {
            return "NONE";
        }
        final Backend be = source.backend(backend);
        final Server.AdminState state = Server.AdminState.fromKeyword(action);
        int applied = 0;
        for (final String server : servers) {
            final Server s = be == null || state == null ? null : be.server(server);
            if (s != null) {
                source.transitions().adminSet(s, s.adminState(state)); // one atomic step, seen by every reactor's next pick
                applied++;
            }
        }
        return applied == servers.size() ? "DONE" : applied > 0 ? "PART" : "ERRP";
    }

    /** The Prometheus exposition. */
    byte[] prometheus(final HttpHead req, final boolean close) {
        return response(200, PrometheusExposition.CONTENT_TYPE, "",
            PrometheusExposition.render(snapshots.get()).getBytes(StandardCharsets.UTF_8),
            req.method() == HttpMethod.HEAD, close);
    }

    /** How the page of {@code stats} is drawn; the global {@code node} and {@code description} fill the blanks. */
    private StatsPage.Options options(final StatsPageConfig stats, final boolean admin) {
        final GlobalConfig global = source == null ? GlobalConfig.DEFAULTS : source.config().global();
        String node = stats.showNode();
        if (StatsPageConfig.GLOBAL.equals(node)) {
            node = global.node() != null ? global.node() : hostname;
        }
        String desc = stats.showDesc();
        if (StatsPageConfig.GLOBAL.equals(desc)) {
            desc = global.description(); // none in the global section: nothing is shown, as HAProxy
        }
        return new StatsPage.Options(stats.uri(), stats.refreshSeconds(), admin, stats.hideVersion(), node, desc,
            stats.showLegends(), stats.showModules());
    }

    /** A realm inside a quoted string: a quote or backslash is escaped (RFC 7230 quoted-pair). */
    static String quoted(final String realm) {
        return realm.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** True when {@code stats auth} is not set, or the request carries one of its accounts (Basic). */
    static boolean authorized(final StatsPageConfig stats, final HttpHead req) {
        if (stats.credentials().isEmpty()) {
            return true;
        }
        for (int i = req.indexOf(AUTHORIZATION, 0); i >= 0; i = req.indexOf(AUTHORIZATION, i + 1)) {
            final byte[] value = new byte[req.valueLength(i)];
            req.buffer().get(req.valueStart(i), value);
            final String text = new String(value, StandardCharsets.ISO_8859_1).trim();
            if (text.length() < 6 || !text.regionMatches(true, 0, "Basic ", 0, 6)) {
                continue;
            }
            try {
                final String account = new String(Base64.getDecoder().decode(text.substring(6).trim()),
                    StandardCharsets.UTF_8);
                if (stats.credentials().contains(account)) {
                    return true;
                }
            } catch (final IllegalArgumentException e) {
                // not base64: not an account
            }
        }
        return false;
    }

    private static byte[] response(final int status, final String contentType, final String extraHeaders,
                                   final byte[] body, final boolean headOnly, final boolean close) {
        final String head = "HTTP/1.1 " + status + " " + ErrorReplies.reason(status) + "\r\n"
            + "content-type: " + contentType + "\r\n"
            + "content-length: " + body.length + "\r\n"
            + "cache-control: no-cache\r\n"
            + extraHeaders
            + (close ? "connection: close\r\n" : "")
            + "\r\n";
        final byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        if (headOnly) {
            return h;
        }
        final byte[] out = new byte[h.length + body.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }
}
