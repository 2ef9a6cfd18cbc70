package dev.baton.listener;

import dev.baton.config.BindConfig;
import dev.baton.config.SocketBuffers;
import dev.baton.config.TuneSettings;
import dev.baton.counters.Counter;
import dev.baton.counters.ListenerCounters;
import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;
import dev.baton.log.TrafficLog;
import dev.baton.proxyproto.EmbryonicLog;
import dev.baton.reactor.Reactor;
import dev.baton.tls.BindTlsContext;
import dev.baton.tls.TlsEndpoint;

/**
 * Where one listener's accepted clients go under one configuration: the frontend and its acceptor, the bind
 * line with its own {@code maxconn} slots, {@code accept-proxy}'s log and the TLS context. The socket stays with
 * the {@link Listener}; a reload that keeps the socket gives it a new route ({@link Listener#reroute}), so the
 * next accept follows the new configuration while the clients accepted before finish on the old one (each
 * pair of frontend slot claim and release, and each TLS handshake, stays within the route it started in).
 * Built on any thread before publication, then used by the owner reactor only.
 */
public final class ListenerRoute {
    final Reactor reactor;
    final Frontend frontend;
    /** Starts the stream of each accepted client; this reactor's. */
    final Acceptor acceptor;
    final BindConfig bind;
    /** The bind's own {@code maxconn} over every reactor; null without one. */
    final BindSlots slots;
    /** The counters of this bind address ({@code option socket-stats}), or null. */
    final ListenerCounters counters;
    /** What an accepted client's endpoint runs when it closes: the counters' (which then free the slot), the slot's. */
    final Runnable onClose;
    /** {@code option clitcpka} (or {@code tcpka}): accepted sockets get SO_KEEPALIVE. */
    final boolean keepAlive;
    /** {@code accept-proxy}: the log line of a failed header; null without it. */
    final EmbryonicLog proxyFailures;
    /** The bind as HAProxy's connection-error lines name it: its {@code name}, else its listener id (ListenerPlan). */
    final String logName;
    /** {@code bind ... ssl}: the certificates and settings (null for plain TCP), and this reactor's record buffers. */
    BindTlsContext tls;
    BufferPool tlsBuffers;
    /** The TLS step of the accept path: starts the handshake of a client whose PROXY header (if any) was read. */
    final Acceptor tlsStep = this::startTls;
    /** The last step of the accept path: the {@code tcp-request session} rules, then the acceptor's stream. */
    final Acceptor sessionStep = this::startSession;
    private final ConnectionLimits limits;
    private final TlsEndpoint.Handover handshakes;
    /** The sibling listeners its clients may be handed to (multi-queue accept), or null. Set before publishing. */
    ListenerGroup group;
    /** {@code tune.maxaccept}: clients accepted per wake-up of the listener ({@link Listener#onSelected}). */
    int acceptBatch = TuneSettings.DEFAULT_MAX_ACCEPT;
    /** {@code tune.rcvbuf.client}, {@code tune.sndbuf.client}: forced on each accepted client. */
    SocketBuffers clientBuffers = SocketBuffers.KERNEL;

    /** A route without {@code option socket-stats}. */
    public ListenerRoute(final Reactor reactor, final Frontend frontend, final Acceptor acceptor,
                         final BindConfig bind, final BindSlots slots, final ConnectionLimits limits,
                         final boolean unix) {
        this(reactor, frontend, acceptor, bind, slots, null, limits, unix);
    }

    /**
     * {@code unix}: a Unix socket's route (only TCP clients get SO_KEEPALIVE); {@code counters}: the bind address's
     * counters, built on {@code slots} (null: none).
     */
    public ListenerRoute(final Reactor reactor, final Frontend frontend, final Acceptor acceptor,
                         final BindConfig bind, final BindSlots slots, final ListenerCounters counters,
                         final ConnectionLimits limits, final boolean unix) {
        this.reactor = reactor;
        this.frontend = frontend;
        this.acceptor = acceptor;
        this.bind = bind;
        this.slots = slots;
        this.counters = counters;
        this.onClose = counters != null ? counters : slots;
        this.limits = limits;
        this.keepAlive = frontend.config().tcpKeepAlive().client() && !unix;
        this.proxyFailures = bind.acceptProxy()
            || ConnectionRules.mayExpectProxy(frontend.config().extras().tcpRules().connection())
            ? new EmbryonicLog(frontend, bind) : null;
        this.logName = bind.name() != null ? bind.name()
            : Integer.toString(ListenerPlan.listenerId(frontend.config().binds(), bind));
        this.handshakes = new TlsEndpoint.Handover() {
            @Override
            public void handshaken(final TlsEndpoint endpoint) {
                sessionStep.onAccept(frontend, endpoint);
            }

            @Override
            public void failed(final TlsEndpoint endpoint, final String reason, final boolean empty) {
                limits.release(frontend);
                final TrafficLog log = frontend.log();
                if ((log.format() == TrafficLog.Format.TCPLOG || log.format() == TrafficLog.Format.HTTPLOG)
                    && !(empty && log.dontLogNull())) {
                    log.connectionError(endpoint.remoteAddress(), endpoint.localAddress(), endpoint.acceptEpochMs(),
                        System.currentTimeMillis() - endpoint.acceptEpochMs(), logName, reason);
                }
            }
        };
    }

    /**
     * Terminates TLS on this route's connections with {@code context} ({@code bind ... ssl}); before the route is
     * published. {@code retained} bounds the record buffers kept for reuse.
     */
    public void terminateTls(final BindTlsContext context, final int retained) {
        this.tls = context;
        this.tlsBuffers = new BufferPool(context.bufferSize(), retained);
    }

    /** Runs the {@code tcp-request session} rules on a client whose PROXY header and handshake are done. */
    private void startSession(final Frontend fe, final Endpoint client) {
        if (ConnectionRules.admit(fe.config().extras().tcpRules().session(), fe, client) != ConnectionRules.REJECTED) {
            if (client.connectionCounters() != null) {
                client.connectionCounters().sessionStarted(); // sess_cnt, sess_rate: HAProxy's session_count_new
            }
            acceptor.onAccept(fe, client);
        } else {
            fe.counters().increment(reactor.id(), Counter.DENIED_SESSIONS);
            ListenerCounters.increment(client.listenerCounters(), reactor.id(), Counter.DENIED_SESSIONS);
            ConnectionRules.reject(fe, client, limits);
        }
    }

    /** Starts the TLS handshake of {@code client}, bounded by {@code timeout client}; {@link #handshakes} hears the end. */
    private void startTls(final Frontend fe, final Endpoint client) {
        new TlsEndpoint(reactor, client, tls, tlsBuffers).start(handshakes, fe.config().timeouts().clientMs());
    }

    public Frontend frontend() {
        return frontend;
    }

    /** Spreads this route's clients over {@code g}'s listeners (null: none). Before the route is published. */
    public void group(final ListenerGroup g) {
        this.group = g;
    }

    /**
     * Follows the global {@code tune.maxaccept} and {@code tune.rcvbuf.client} / {@code tune.sndbuf.client} of
     * {@code tune} (a reload's new route brings its own). Before the route is published.
     */
    public void tune(final TuneSettings tune) {
        this.acceptBatch = tune.acceptBatch();
        this.clientBuffers = tune.client();
    }

    public BindConfig bind() {
        return bind;
    }

    /** The counters of this bind address ({@code option socket-stats}), or null. */
    public ListenerCounters counters() {
        return counters;
    }
}
