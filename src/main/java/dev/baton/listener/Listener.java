package dev.baton.listener;

import dev.baton.config.BindConfig;
import dev.baton.config.TcpKeepAlive;
import dev.baton.config.UnixBindSettings;
import dev.baton.io.KeepAlive;
import dev.baton.io.BufferPool;
import dev.baton.io.Channels;
import dev.baton.io.Endpoint;
import dev.baton.io.SocketEndpoint;
import dev.baton.io.SocketTuning;
import dev.baton.io.FdBudget;
import dev.baton.io.Selectable;
import dev.baton.log.TrafficLog;
import dev.baton.proxyproto.EmbryonicLog;
import dev.baton.proxyproto.ProxyHandshake;
import dev.baton.reactor.CoalescedCommand;
import dev.baton.reactor.Reactor;
import dev.baton.tls.BindTlsContext;
import dev.baton.tls.TlsEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * One reactor's listening socket for one {@code bind} address. Every reactor binds its own socket with
 * SO_REUSEPORT, so the kernel spreads incoming connections over the reactors and no accepted channel
 * ever crosses threads.
 *
 * <p>Owner reactor's thread only, except {@link #requestResume()}. Accept pauses (interest cleared) when
 * the global or frontend {@code maxconn} is reached, resumed when a slot frees; and for a while when accept
 * fails for lack of file descriptors ({@link AcceptPause}).
 */
public final class Listener implements Selectable {
    private static final int ACCEPTS_PER_EVENT = 64;

    private final Reactor reactor;
    private final Frontend frontend;
    /** Starts the stream of each accepted client; this reactor's. */
    private final Acceptor acceptor;
    private final BindConfig bind;
    private final ConnectionLimits limits;
    private final FdBudget fds;
    private final ServerSocketChannel channel;
    private final CoalescedCommand resume = new CoalescedCommand(r -> resumeIfRoom());
    private final AcceptPause fdPause;
    /** The bind's own {@code maxconn} over every reactor; null without one. */
    private final BindSlots slots;
    /** A Unix (or inherited, abstract) socket's listener id, given to its clients' endpoints; 0 for TCP. */
    private final int unixId;
    /** {@code option clitcpka} (or {@code tcpka}): accepted sockets get SO_KEEPALIVE. */
    private final boolean keepAlive;
    /** {@code accept-proxy}: the log line of a failed header; null without it. */
    private final EmbryonicLog proxyFailures;
    /** {@code bind ... ssl}: the certificates and settings (null for plain TCP), and this reactor's record buffers. */
    private BindTlsContext tls;
    private BufferPool tlsBuffers;
    /** The bind as HAProxy's connection-error lines name it: its {@code name}, else its number in the frontend. */
    private final String logName;
    /** The TLS step of the accept path: starts the handshake of a client whose PROXY header (if any) was read. */
    private final Acceptor tlsStep = this::startTls;
    /** The last step of the accept path: the {@code tcp-request session} rules, then the acceptor's stream. */
    private final Acceptor sessionStep = this::startSession;
    private final TlsEndpoint.Handover handshakes = new TlsEndpoint.Handover() {
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
    private SelectionKey key;
    private boolean pausedForLimit;
    private boolean closed;

    /**
     * Opens and binds the socket (any thread, before the reactor runs it). {@code port} overrides the
     * configured port when the first reactor's socket bound an ephemeral one.
     */
    public Listener(final Reactor reactor, final Frontend frontend, final Acceptor acceptor, final BindConfig bind,
                    final int port, final ConnectionLimits limits, final FdBudget fds, final int backlog)
        throws IOException {
        this(reactor, frontend, acceptor, bind, ListenSockets.open(bind, port, backlog, UnixBindSettings.NONE), limits,
            fds, null, 0);
    }

    /**
     * Takes {@code channel}, the bound socket of {@code bind} ({@link #open}). {@code slots}: the bind's own
     * {@code maxconn}, shared by its listeners on every reactor (null: none). {@code listenerId}: HAProxy's
     * listener id, what its log shows as a Unix client's port ({@code unix:ID}).
     */
    Listener(final Reactor reactor, final Frontend frontend, final Acceptor acceptor, final BindConfig bind,
             final ServerSocketChannel channel, final ConnectionLimits limits, final FdBudget fds,
             final BindSlots slots, final int listenerId) {
        this.reactor = reactor;
        this.frontend = frontend;
        this.acceptor = acceptor;
        this.bind = bind;
        this.limits = limits;
        this.fds = fds;
        this.slots = slots;
        this.unixId = bind.family() == BindConfig.Family.INET ? 0 : Math.max(1, listenerId);
        this.keepAlive = frontend.config().tcpKeepAlive().client() && unixId == 0;
        this.channel = channel;
        this.proxyFailures = bind.acceptProxy() ? new EmbryonicLog(frontend, bind) : null;
        this.logName = bind.name() != null ? bind.name()
            : Integer.toString(bind.id() > 0 ? bind.id() : frontend.config().binds().indexOf(bind) + 1);
        fds.opened();
        this.fdPause = new AcceptPause(reactor, "frontend '" + frontend.name() + "' " + bind.display(),
            this::updateInterest);
    }

    /**
     * Opens {@code bind}'s socket as HAProxy does for its family ({@link ListenSockets}) and wraps it for
     * {@code reactor}. Start-up thread.
     */
    public static Listener bound(final Reactor reactor, final Frontend frontend, final Acceptor acceptor,
                                 final BindConfig bind, final int port, final int backlog,
                                 final UnixBindSettings unixBind, final ConnectionLimits limits, final FdBudget fds,
                                 final BindSlots slots, final int listenerId) throws IOException {
        return new Listener(reactor, frontend, acceptor, bind, ListenSockets.open(bind, port, backlog, unixBind),
            limits, fds, slots, listenerId);
    }

    /** The port actually bound; -1 for a socket that has none (Unix). */
    public int localPort() {
        try {
            return channel.getLocalAddress() instanceof InetSocketAddress
                ? ((InetSocketAddress) channel.getLocalAddress()).getPort() : -1;
        } catch (final IOException e) {
            return -1;
        }
    }

    /** The listening socket (tests read its options). */
    ServerSocketChannel channel() {
        return channel;
    }

    public BindConfig bind() {
        return bind;
    }

    /** This reactor's acceptor for the frontend's mode (tests read its per-reactor state). */
    public Acceptor acceptor() {
        return acceptor;
    }

    public Frontend frontend() {
        return frontend;
    }

    public Reactor reactor() {
        return reactor;
    }

    /** Starts accepting. Owner reactor (or before it runs). */
    public void register() throws IOException {
        key = channel.register(reactor.selector(), SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onSelected(final SelectionKey selected, final int readyOps) {
        for (int i = 0; i < ACCEPTS_PER_EVENT && !closed; i++) {
            if (slots != null && !slots.tryClaim()) {
                pauseForLimit();
                return;
            }
            if (!limits.tryAcquire(frontend)) {
                releaseSlot();
                pauseForLimit();
                return;
            }
            final SocketChannel client;
            try {
                client = channel.accept();
            } catch (final IOException e) {
                limits.release(frontend);
                releaseSlot();
                if (fdPause.onAcceptFailure(e)) {
                    updateInterest();
                }
                return;
            }
            if (client == null) {
                limits.release(frontend);
                releaseSlot();
                return;
            }
            fds.opened();
            frontend.countAccepted(frontend.currConns().get());
            reactor.stats().accepts.increment();
            final SocketEndpoint endpoint = wrap(client);
            if (endpoint == null) {
                continue;
            }
            if (!ConnectionRules.admit(frontend.config().extras().tcpRules().connection(), frontend, endpoint)) {
                ConnectionRules.reject(frontend, endpoint, limits); // tcp-request connection reject: no log
                continue;
            }
            // the accept path, in order: tcp-request connection rules, the PROXY header (accept-proxy), the TLS
            // handshake (ssl), tcp-request session rules, the stream
            final Acceptor next = tls == null ? sessionStep : tlsStep;
            if (proxyFailures != null) {
                new ProxyHandshake(reactor, frontend, next, limits, endpoint, proxyFailures).start();
            } else {
                next.onAccept(frontend, endpoint);
            }
        }
    }

    /**
     * The accepted client as an endpoint (with SO_KEEPALIVE under {@code option clitcpka}) registered for reads on this reactor, with no handler yet (the
     * acceptor's stream sets itself before the next selection). Null when that failed: the socket and the slot
     * are given back at once.
     */
    private SocketEndpoint wrap(final SocketChannel client) {
        SocketEndpoint endpoint = null;
        try {
            endpoint = new SocketEndpoint(client, fds, null);
            endpoint.fromListener(unixId, slots);
            if (keepAlive) {
                final TcpKeepAlive ka = frontend.config().tcpKeepAlive();
                KeepAlive.enable(client, ka.cliIdleS(), ka.cliIntvlS(), ka.cliCnt());
            }
            if (unixId == 0) {
                SocketTuning.client(client, frontend.config().extras().options()); // option nolinger, quickack
            }
            endpoint.register(reactor, SelectionKey.OP_READ);
            return endpoint;
        } catch (final IOException e) {
            if (endpoint != null) {
                endpoint.close(); // gives the bind's slot back
            } else {
                Channels.closeQuietly(client);
                fds.closed();
                releaseSlot();
            }
            limits.release(frontend);
            return null;
        }
    }

    /**
     * Terminates TLS on this listener's connections with {@code context} ({@code bind ... ssl}). Before the reactor
     * runs; {@code retained} bounds the record buffers kept for reuse.
     */
    public void terminateTls(final BindTlsContext context, final int retained) {
        this.tls = context;
        this.tlsBuffers = new BufferPool(context.bufferSize(), retained);
    }

    /** Runs the {@code tcp-request session} rules on a client whose PROXY header and handshake are done. */
    private void startSession(final Frontend fe, final Endpoint client) {
        if (ConnectionRules.admit(fe.config().extras().tcpRules().session(), fe, client)) {
            acceptor.onAccept(fe, client);
        } else {
            ConnectionRules.reject(fe, client, limits);
        }
    }

    /** Starts the TLS handshake of {@code client}, bounded by {@code timeout client}; {@link #handshakes} hears the end. */
    private void startTls(final Frontend fe, final Endpoint client) {
        new TlsEndpoint(reactor, client, tls, tlsBuffers).start(handshakes, fe.config().timeouts().clientMs());
    }

    /** This reactor's TLS record buffers, or null without TLS (tests check them for leaks). */
    public BufferPool tlsBuffers() {
        return tlsBuffers;
    }

    /**
     * Any thread: asks the owner reactor to resume accepting if room is back. The listener has left the parked
     * queue of {@link ConnectionLimits} already, so this request is the only thing that will ever wake it: it
     * goes as a coalesced command, which its reactor never refuses (a plain command could meet a full inbox and
     * be dropped, leaving the listener paused with room available).
     */
    void requestResume() {
        reactor.executeCoalesced(resumeCommand()); // coalesced: never refused, never lost
    }

    /** The command {@code ReactorProxy#resumeListener} sends: {@link #resumeIfRoom()}. */
    public CoalescedCommand resumeCommand() {
        return resume;
    }

    /** Owner reactor: accepts again if the limits have room, else parks again. */
    private void resumeIfRoom() {
        if (closed || !pausedForLimit) {
            return;
        }
        if (hasRoom()) {
            pausedForLimit = false;
            updateInterest();
        } else {
            limits.park(this);
            if (hasRoom()) {
                resumeIfRoom();
            }
        }
    }

    @Override
    public void rekeyed(final SelectionKey newKey) {
        key = newKey;
    }

    private void pauseForLimit() {
        pausedForLimit = true;
        updateInterest();
        limits.park(this);
        // A slot may have been freed between the failed claim and parking: look once more.
        if (hasRoom()) {
            pausedForLimit = false;
            updateInterest();
        }
    }

    private boolean hasRoom() {
        return limits.hasRoom(frontend) && (slots == null || slots.hasRoom());
    }

    private void releaseSlot() {
        if (slots != null) {
            slots.run();
        }
    }

    private void updateInterest() {
        if (key != null && key.isValid()) {
            key.interestOps(pausedForLimit || fdPause.isPaused() ? 0 : SelectionKey.OP_ACCEPT);
        }
    }

    /** Stops accepting and closes the socket. Owner reactor (or before it runs, or once it stopped). */
    public void close() {
        assert reactor.inReactorThread() : "listener closed off " + reactor;
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (final IOException ignored) {
            // closing anyway
        }
        fds.closed();
    }

    public boolean isPaused() {
        return pausedForLimit || fdPause.isPaused();
    }

    @Override
    public String toString() {
        return "listener[" + frontend.name() + " " + bind.display() + " on " + reactor + "]";
    }
}
