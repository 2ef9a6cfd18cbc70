package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.listener.Frontend;
import dev.baton.sample.StreamFacts;

import java.nio.charset.StandardCharsets;

/**
 * What an HTTP session's fetches read of its proxies ({@code fe_name}, {@code be_conn}, {@code nbsrv(BE)},
 * {@code srv_is_up(BE/S)}...): the frontend, the backend and server of the request under way, and any backend by
 * name through the frontend's directory. Names are encoded once per object. One per session; reactor thread only
 * (shared counters are read through their atomics).
 */
final class SessionFacts implements StreamFacts {
    private final HttpSession session;
    /** Made on first use: the session's frontend is not set yet when this object is. */
    private byte[] frontendName;
    private Backend lastBackend;
    private byte[] lastBackendName;
    private Server lastServer;
    private byte[] lastServerName;

    SessionFacts(final HttpSession session) {
        this.session = session;
    }

    @Override
    public dev.baton.stick.StickCounters trackedCounters() {
        return session.stick;
    }

    /**
     * The request's {@code unique-id-format} id, made now if no rule or header asked for it yet (HAProxy makes it on
     * first use, and the {@code unique-id-header} and the log then show that one); null without a format.
     */
    byte[] uniqueId() {
        final dev.baton.log.LogCaptures c = session.captures;
        if (c == null) {
            return null;
        }
        if (c.uniqueIdLength < 0) {
            LogCapture.uniqueId(session, null);
        }
        return c.uniqueIdLength < 0 ? null : c.uniqueId;
    }

    /** The request's log fields as of now, for a rule's log-format value (see {@link RequestAccounting#snapshot}). */
    dev.baton.log.StreamLogFields logFieldsNow() {
        return RequestAccounting.snapshot(session);
    }

    /** See {@link dev.baton.http.rules.MessageView#proxyRequest}. */
    boolean proxyRequest() {
        if (!session.frontend.config().extras().options().httpUseProxyHeader() || session.ws == null) {
            return false;
        }
        final HttpHead req = session.ws.req;
        if (req.targetLength() == 0) {
            return false;
        }
        final byte first = req.buffer().get(req.targetStart());
        return first != '/' && first != '*';
    }

    /** Capture slot {@code slot} of the request or response headers ({@code capture.req.hdr} in rules), or null. */
    byte[] capture(final boolean response, final int slot) {
        return session.captures == null ? null : session.captures.slot(response, slot);
    }

    int captureLength(final boolean response, final int slot) {
        return session.captures == null ? -1 : session.captures.slotLength(response, slot);
    }

    /** The request line as it came, copied when it was parsed ({@code capture.req.uri} and its siblings). */
    byte[] requestLine() {
        return session.ws.logLine().requestLine;
    }

    int requestLineLength() {
        return session.ws.logLine().requestLineLength;
    }

    /** The reused builder of the request's log line (the unique id is made in it too, and copied out at once). */
    StringBuilder logScratch() {
        return session.ws.logLine().scratch();
    }

    /** The session's client connection. */
    dev.baton.io.Endpoint clientConnection() {
        return session.client.endpoint;
    }

    int uniqueIdLength() {
        return session.captures == null ? -1 : session.captures.uniqueIdLength;
    }

    /** Whether the request under way is the client connection's first ({@code http_first_req}). */
    boolean firstRequest() {
        return session.requestsOnClient == 1;
    }

    private Frontend frontend() {
        return session.frontend;
    }

    /** The backend named {@code name}, the session's own for null. */
    private Backend backend(final String name) {
        return name == null ? session.backend : frontend().backendNamed(name);
    }

    @Override
    public byte[] frontendName() {
        if (frontendName == null) {
            frontendName = frontend().name().getBytes(StandardCharsets.UTF_8);
        }
        return frontendName;
    }

    @Override
    public int frontendId() {
        return frontend().config().extras().id();
    }

    @Override
    public byte[] backendName() {
        final Backend b = session.backend;
        if (b == null) {
            return null;
        }
        if (b != lastBackend) {
            lastBackend = b;
            lastBackendName = b.name().getBytes(StandardCharsets.UTF_8);
        }
        return lastBackendName;
    }

    @Override
    public int backendId() {
        return session.backend == null ? -1 : session.backend.config().extras().id();
    }

    @Override
    public byte[] cacheName() {
        final boolean hit = session.x.applet == CacheHits.CACHE_APPLET && session.ws != null;
        return hit ? session.ws.cache.hitCacheName() : null;
    }

    @Override
    public byte[] serverName() {
        final Server s = session.currentServer();
        if (s == null) {
            return null;
        }
        if (s != lastServer) {
            lastServer = s;
            lastServerName = s.name().getBytes(StandardCharsets.UTF_8);
        }
        return lastServerName;
    }

    @Override
    public int serverId() {
        final Server s = session.currentServer();
        return s == null ? -1 : s.id();
    }

    @Override
    public long frontendConnections() {
        return frontend().currConns().get();
    }

    @Override
    public long backendConnections(final String name) {
        final Backend b = backend(name);
        return b == null ? -1 : b.currConns().get();
    }

    @Override
    public long usableServers(final String name) {
        final Backend b = backend(name);
        if (b == null) {
            return -1;
        }
        int n = 0;
        for (final Server s : b.servers()) {
            if (s.isEligible()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public boolean serverUp(final String name, final String server) {
        final Backend b = backend(name);
        final Server s = b == null ? null : b.server(server);
        return s != null && s.isRunning();
    }

    @Override
    public long connectionSlots(final String name) {
        final Backend b = backend(name);
        if (b == null) {
            return -1;
        }
        long slots = 0;
        for (final Server s : b.servers()) {
            if (!s.isEligible()) {
                continue;
            }
            if (s.maxconn() == 0) {
                return -1;
            }
            slots += s.maxconn() + s.maxqueue() - s.currConns() - s.queue().size();
        }
        return slots;
    }

    @Override
    public long queued(final String name) {
        final Backend b = backend(name);
        return b == null ? -1 : b.queues().totalWaiting();
    }
}
