package dev.baton.http;

import dev.baton.config.H2Tuning;

import dev.baton.backend.Balancers;
import dev.baton.config.HttpOptions;
import dev.baton.config.Timeouts;
import dev.baton.counters.Counter;
import dev.baton.h2.H2Connection;
import dev.baton.h2.H2Host;
import dev.baton.h2.H2Scratch;
import dev.baton.h2.H2Settings;
import dev.baton.h2.H2Stream;
import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.Killable;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.ReactorTimers;
import dev.baton.stick.StickCounters;

import java.nio.ByteBuffer;

/**
 * One HTTP/2 client connection of a {@code mode http} frontend ({@link H2Connection}) and what it counts as a
 * connection, as HAProxy does: one session of the frontend (counted when it was accepted), its connection slot
 * ({@code maxconn}) and its stick session, given back when it closes. Each stream gets its own {@link HttpSession},
 * which counts and logs it as a request. It comes either from ALPN ({@code h2} over TLS: {@link #accept}) or from an
 * {@link HttpSession} that read the HTTP/2 preface first ({@link HttpSession#handOverToH2}). Reactor thread only.
 *
 * <p>Allocates per connection: this front, the connection (its buffers, HPACK state) and per stream an
 * {@link HttpSession} (the stream endpoints themselves are pooled by the connection).
 */
final class H2Front implements H2Host, Killable {

    private final Reactor reactor;
    private final ReactorPool pool;
    private final Balancers balancers;
    private final Frontend frontend;
    private final ConnectionLimits limits;
    private final Endpoint endpoint;
    private final StatsService stats;
    private final RequestWorkspaces workspaces;
    private final StickCounters stick;
    private H2Connection connection;

    H2Front(final Reactor reactor, final ReactorPool pool, final Balancers balancers, final Frontend frontend,
            final ConnectionLimits limits, final Endpoint endpoint, final StatsService stats,
            final RequestWorkspaces workspaces, final StickCounters stick) {
        this.reactor = reactor;
        this.pool = pool;
        this.balancers = balancers;
        this.frontend = frontend;
        this.limits = limits;
        this.endpoint = endpoint;
        this.stats = stats;
        this.workspaces = workspaces;
        this.stick = stick;
    }

    /** A client whose TLS handshake chose {@code h2}: counted as the frontend's session here, then served. */
    static void accept(final Reactor reactor, final ReactorPool pool, final Balancers balancers,
                       final Frontend frontend, final ConnectionLimits limits, final Endpoint client,
                       final StatsService stats, final RequestWorkspaces workspaces) {
        frontend.counters().increment(reactor.id(), Counter.SESSIONS);
        frontend.sessionRate().add(reactor.id(), reactor.nowNs());
        final StickCounters stick = client.connectionCounters() != null ? client.connectionCounters()
            : frontend.stickTables().isEmpty() ? null : new StickCounters(frontend.stickTables());
        new H2Front(reactor, pool, balancers, frontend, limits, client, stats, workspaces, stick).start(null);
    }

    /** Serves the connection; {@code alreadyRead} (read mode, or null) is what came before, preface included. */
    void start(final ByteBuffer alreadyRead) {
        reactor.live().add(this);
        connection = new H2Connection(this, endpoint, settings(frontend, reactor.buffers().bufferSize(),
            workspaces.tune().h2()), alreadyRead);
        connection.start();
    }

    /**
     * The frontend's HTTP/2 settings: the global {@code tune.h2.*} ({@code h2}; a stream's body held in one buffer, so
     * its window is at most that), the frontend's timeouts. One object per connection.
     */
    static H2Settings settings(final Frontend frontend, final int bufferSize, final H2Tuning h2) {
        final Timeouts t = frontend.config().timeouts();
        final HttpOptions http = frontend.config().http();
        final int streams = h2.maxConcurrentStreams() == 0 ? H2Settings.UNLIMITED_STREAMS : h2.maxConcurrentStreams();
        return new H2Settings(streams, h2.headerTableSize(), h2.streamWindow(bufferSize), bufferSize,
            http.requestTimeoutMs(0), http.keepAliveTimeoutMs(0), t.clientFinMs(), t.clientMs());
    }

    // ================================================================== H2Host

    @Override
    public long nowNs() {
        return reactor.nowNs();
    }

    @Override
    public ReactorTimers timers() {
        return reactor.timers();
    }

    @Override
    public H2Scratch scratch() {
        return workspaces.h2Scratch(reactor.buffers().bufferSize());
    }

    @Override
    public BufferPool buffers() {
        return reactor.buffers();
    }

    @Override
    public void later(final Runnable task) {
        reactor.afterEvents(task);
    }

    @Override
    public void startStream(final H2Stream stream) {
        final HttpSession session = new HttpSession(reactor, pool, balancers, frontend, limits, stream, stats,
            workspaces, true);
        session.start();
        reactor.afterEvents(session.firstRead);
    }

    @Override
    public void connectionClosed() {
        if (stick != null) {
            stick.endSession();
        }
        limits.release(frontend);
        reactor.live().remove(this);
    }

    @Override
    public StickCounters connectionCounters() {
        return stick;
    }

    // ================================================================== Killable

    /** A graceful stop: GOAWAY, the streams under way finish (their sessions stop alike), then the close. */
    @Override
    public void softStop() {
        connection.stopGracefully();
    }

    @Override
    public void kill() {
        connection.kill();
    }

    @Override
    public String toString() {
        return "h2-front[" + frontend.name() + " " + connection + "]";
    }
}
