package dev.baton.listener;

import dev.baton.config.BindConfig;
import dev.baton.config.TcpKeepAlive;
import dev.baton.config.UnixBindSettings;
import dev.baton.counters.ListenerCounters;
import dev.baton.io.KeepAlive;
import dev.baton.io.BufferPool;
import dev.baton.io.Channels;
import dev.baton.io.SocketEndpoint;
import dev.baton.io.SocketTuning;
import dev.baton.io.FdBudget;
import dev.baton.io.Selectable;
import dev.baton.proxyproto.ProxyHandshake;
import dev.baton.reactor.CoalescedCommand;
import dev.baton.reactor.Reactor;
import dev.baton.tls.BindTlsContext;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One reactor's listening socket for one {@code bind} address. Every reactor binds its own socket with
 * SO_REUSEPORT, so the kernel spreads incoming connections over the reactors and no accepted channel
 * ever crosses threads.
 *
 * <p>Each time its reactor finds the socket ready, a listener accepts at most {@code tune.maxaccept} clients (64
 * when not set; -1: until the backlog is empty), then the reactor turns to its other work and comes back on its
 * next turn, the socket still being ready (the selector is level-triggered).
 *
 * <p>Owner reactor's thread only, except {@link #requestResume()}. Accept pauses (interest cleared) when
 * the global or frontend {@code maxconn} is reached, resumed when a slot frees; and for a while when accept
 * fails for lack of file descriptors ({@link AcceptPause}).
 */
public final class Listener implements Selectable {
    /** Clients siblings may hand over before this reactor takes them; beyond, the accepting reactor serves them. */
    private static final int HAND_OVER_QUEUE = 256;

    private final Reactor reactor;
    private final ConnectionLimits limits;
    private final FdBudget fds;
    private final ServerSocketChannel channel;
    private final CoalescedCommand resume = new CoalescedCommand(r -> resumeIfRoom());
    private final AcceptPause fdPause;
    /** A Unix (or inherited, abstract) socket's listener id, given to its clients' endpoints; 0 for TCP. */
    private final int unixId;
    /**
     * Where accepted clients go (frontend, acceptor, bind line, TLS): replaced by a reload on the owner reactor
     * ({@link #reroute}); volatile only for the statistics and tests that read it from other threads.
     */
    private volatile ListenerRoute route;
    private SelectionKey key;
    /** Written by the owner only, on a pause or resume (never per client); volatile for {@link #waiting()}. */
    private volatile boolean pausedForLimit;
    /** Read by siblings handing clients over (volatile), written by the owner. */
    private volatile boolean closed;
    /** Where this listener's walk over its siblings stands ({@link ListenerGroup#pick}). Owner reactor. */
    private int nextSibling;
    /** Clients siblings handed over, waiting for this reactor (any thread offers, the owner polls). */
    private final ManyToOneConcurrentArrayQueue<HandedOver> incoming =
        new ManyToOneConcurrentArrayQueue<>(HAND_OVER_QUEUE);
    private final AtomicInteger handedOver = new AtomicInteger();
    private final CoalescedCommand adopt = new CoalescedCommand(r -> adoptHandedOver());

    /**
     * Opens and binds the socket (any thread, before the reactor runs it). {@code port} overrides the
     * configured port when the first reactor's socket bound an ephemeral one.
     */
    public Listener(final Reactor reactor, final Frontend frontend, final Acceptor acceptor, final BindConfig bind,
                    final int port, final ConnectionLimits limits, final FdBudget fds, final int backlog)
        throws IOException {
        this(reactor, frontend, acceptor, bind, ListenSockets.open(bind, port, backlog, UnixBindSettings.NONE), limits,
            fds, null, null, 0);
    }

    /**
     * Takes {@code channel}, the bound socket of {@code bind} ({@link #open}). {@code slots}: the bind's own
     * {@code maxconn}, shared by its listeners on every reactor (null: none); {@code counters}: the address's
     * counters under {@code option socket-stats}, built on {@code slots} and shared the same way (null: none).
     * {@code listenerId}: HAProxy's listener id, what its log shows as a Unix client's port ({@code unix:ID}).
     */
    Listener(final Reactor reactor, final Frontend frontend, final Acceptor acceptor, final BindConfig bind,
             final ServerSocketChannel channel, final ConnectionLimits limits, final FdBudget fds,
             final BindSlots slots, final ListenerCounters counters, final int listenerId) {
        this.reactor = reactor;
        this.limits = limits;
        this.fds = fds;
        this.unixId = bind.family() == BindConfig.Family.INET ? 0 : Math.max(1, listenerId);
        this.channel = channel;
        this.route = new ListenerRoute(reactor, frontend, acceptor, bind, slots, counters, limits, unixId != 0);
        SocketTuning.listener(channel, frontend.config().extras().options()); // tcp-smart-accept, inherited
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
                                 final BindSlots slots, final ListenerCounters counters, final int listenerId)
        throws IOException {
        return new Listener(reactor, frontend, acceptor, bind, ListenSockets.open(bind, port, backlog, unixBind),
            limits, fds, slots, counters, listenerId);
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
        return route.bind;
    }

    /** This reactor's acceptor for the frontend's mode (tests read its per-reactor state). */
    public Acceptor acceptor() {
        return route.acceptor;
    }

    public Frontend frontend() {
        return route.frontend;
    }

    /** The route accepted clients take now. Any thread. */
    public ListenerRoute route() {
        return route;
    }

    /**
     * A new route for the clients accepted from now on (a reload kept this socket). Owner reactor
     * ({@code ReactorProxy#reroute}), or before the reactor runs. A listener paused on the old route's limits looks
     * again under the new ones.
     */
    public void reroute(final ListenerRoute next) {
        assert next.reactor == reactor : next + " for " + this;
        this.route = next;
        SocketTuning.listener(channel, next.frontend.config().extras().options());
        if (pausedForLimit) {
            resumeIfRoom();
        }
    }

    public Reactor reactor() {
        return reactor;
    }

    /**
     * Whether accepting is paused until a frontend or process limit has room (HAProxy's limited listener, its
     * {@code WAITING} status). Any thread.
     */
    public boolean waiting() {
        return pausedForLimit && !closed;
    }

    /** Starts accepting. Owner reactor (or before it runs). */
    public void register() throws IOException {
        key = channel.register(reactor.selector(), SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onSelected(final SelectionKey selected, final int readyOps) {
        final ListenerRoute route = this.route;
        final Frontend frontend = route.frontend;
        final BindSlots slots = route.slots;
        final int batch = route.acceptBatch; // tune.maxaccept: then the reactor turns to other work
        for (int i = 0; i < batch && !closed; i++) {
            if (slots != null && !slots.tryClaim()) {
                pauseForLimit();
                return;
            }
            if (!limits.tryAcquire(frontend)) {
                releaseSlot(slots);
                pauseForLimit();
                return;
            }
            final SocketChannel client;
            try {
                client = channel.accept();
            } catch (final IOException e) {
                limits.release(frontend);
                releaseSlot(slots);
                if (fdPause.onAcceptFailure(e)) {
                    updateInterest();
                }
                return;
            }
            if (client == null) {
                limits.release(frontend);
                releaseSlot(slots);
                return;
            }
            fds.opened();
            final ListenerGroup g = route.group;
            if (g != null) {
                final Listener target = g.pick(this, nextSibling++);
                if (target != this && target.handOver(client, route)) {
                    continue;
                }
            }
            serve(client, route);
        }
    }

    /**
     * Serves {@code client}, accepted under {@code route} (whose frontend and bind slots it holds): the accept path,
     * in order, is the tcp-request connection rules, the PROXY header (accept-proxy), the TLS handshake (ssl), the
     * tcp-request session rules (ListenerRoute), the stream. Owner reactor.
     */
    private void serve(final SocketChannel client, final ListenerRoute route) {
        final Frontend frontend = route.frontend;
        frontend.countAccepted(frontend.currConns().get(), reactor.id(), reactor.nowNs());
        if (route.counters != null) {
            route.counters.accepted(reactor.id()); // its close runs route.onClose, the counters' run()
        }
        reactor.stats().accepts.increment();
        final SocketEndpoint endpoint = wrap(client, route);
        if (endpoint == null) {
            return;
        }
        if (!frontend.stickTables().isEmpty()) {
            endpoint.connectionCounters(new dev.baton.stick.StickCounters(frontend.stickTables()));
        }
        final int admitted = ConnectionRules.admit(frontend.config().extras().tcpRules().connection(), frontend,
            endpoint);
        if (admitted == ConnectionRules.REJECTED) {
            frontend.counters().increment(reactor.id(), dev.baton.counters.Counter.DENIED_CONNECTIONS);
            ListenerCounters.increment(route.counters, reactor.id(), dev.baton.counters.Counter.DENIED_CONNECTIONS);
            ConnectionRules.reject(frontend, endpoint, limits); // tcp-request connection reject: no log
            return;
        }
        final Acceptor next = route.tls == null ? route.sessionStep : route.tlsStep;
        if (route.bind.acceptProxy() || admitted == ConnectionRules.ADMITTED_WITH_PROXY_HEADER) {
            new ProxyHandshake(reactor, frontend, next, limits, endpoint, route.proxyFailures).start();
        } else {
            next.onAccept(frontend, endpoint);
        }
    }

    // ---------------------------------------------------------------- multi-queue accept (ListenerGroup)

    /** The group this listener spreads its clients over now, or null (tests). Any thread. */
    public ListenerGroup group() {
        return route.group;
    }

    /** Any thread. The streams this listener's reactor serves, plus the clients handed to it and not yet taken. */
    int load() {
        return reactor.live().size() + handedOver.get();
    }

    /**
     * Any thread (a sibling's reactor): queues {@code client}, accepted under {@code from} (whose frontend and bind
     * slots it holds), for this listener's reactor, and wakes it. False when the queue is full: the caller serves it.
     * One small object per client handed over (the queue's entry).
     */
    private boolean handOver(final SocketChannel client, final ListenerRoute from) {
        if (closed) {
            return false; // a reload closed it: the sender keeps the client
        }
        handedOver.incrementAndGet();
        if (!incoming.offer(new HandedOver(client, from))) {
            handedOver.decrementAndGet();
            return false;
        }
        reactor.executeCoalesced(adopt);
        return true;
    }

    /**
     * Owner reactor: serves the clients siblings handed over. The slots they hold were taken under the sender's route:
     * when a reload changed the route meanwhile, they move to this one's (as a reload moves a keep-alive client), and a
     * client that finds no room, or a listener closed meanwhile, is closed.
     */
    private void adoptHandedOver() {
        HandedOver h;
        while ((h = incoming.poll()) != null) {
            handedOver.decrementAndGet();
            final ListenerRoute now = route;
            if (!moveSlots(h.route, now)) {
                Channels.closeQuietly(h.client);
                fds.closed();
                continue;
            }
            serve(h.client, now);
        }
    }

    /** Moves a client's frontend and bind slots from {@code from} to {@code to}; false (and all given back) if full. */
    private boolean moveSlots(final ListenerRoute from, final ListenerRoute to) {
        if (closed || from.frontend != to.frontend && !limits.move(from.frontend, to.frontend)) {
            releaseSlot(from.slots);
            limits.release(from.frontend);
            return false;
        }
        if (from.slots != to.slots) {
            releaseSlot(from.slots);
            if (to.slots != null && !to.slots.tryClaim()) {
                limits.release(to.frontend);
                return false;
            }
        }
        return true;
    }

    /** A client accepted by a sibling, with the route whose slots it holds. */
    private record HandedOver(SocketChannel client, ListenerRoute route) {
    }

    /**
     * The accepted client as an endpoint (with SO_KEEPALIVE under {@code option clitcpka}) wanting reads on this reactor
     * (it joins the selector before the next selection if it still wants them), with no handler yet (the
     * acceptor's stream sets itself before the next selection). Null when that failed: the socket and the slot
     * are given back at once.
     */
    private SocketEndpoint wrap(final SocketChannel client, final ListenerRoute route) {
        final Frontend frontend = route.frontend;
        SocketEndpoint endpoint = null;
        try {
            endpoint = new SocketEndpoint(client, fds, null);
            endpoint.fromListener(unixId, route.onClose, reactor.nowNs());
            endpoint.listenerCounters(route.counters);
            if (route.keepAlive) {
                final TcpKeepAlive ka = frontend.config().tcpKeepAlive();
                KeepAlive.enable(client, ka.cliIdleS(), ka.cliIntvlS(), ka.cliCnt());
            }
            if (unixId == 0) {
                SocketTuning.client(client, frontend.config().extras().options()); // option nolinger
            }
            SocketTuning.buffers(client, route.clientBuffers); // tune.rcvbuf.client, tune.sndbuf.client
            endpoint.registerLazily(reactor, SelectionKey.OP_READ); // joins the selector only if it must wait
            return endpoint;
        } catch (final IOException e) {
            if (endpoint != null) {
                endpoint.close(); // gives the bind's slot back (and counts the client out)
            } else {
                Channels.closeQuietly(client);
                fds.closed();
                if (route.onClose != null) {
                    route.onClose.run(); // what the endpoint would have run: the slot back, the client counted out
                }
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
        route.terminateTls(context, retained);
    }

    /** This reactor's TLS record buffers of the current route, or null without TLS (tests check them for leaks). */
    public BufferPool tlsBuffers() {
        return route.tlsBuffers;
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
        final ListenerRoute r = route;
        return limits.hasRoom(r.frontend) && (r.slots == null || r.slots.hasRoom());
    }

    private static void releaseSlot(final BindSlots slots) {
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
        adoptHandedOver(); // clients a sibling handed over and this reactor had not taken yet: closed, slots given back
    }

    public boolean isPaused() {
        return pausedForLimit || fdPause.isPaused();
    }

    @Override
    public String toString() {
        return "listener[" + route.frontend.name() + " " + route.bind.display() + " on " + reactor + "]";
    }
}
