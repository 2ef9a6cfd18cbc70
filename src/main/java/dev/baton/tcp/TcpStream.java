package dev.baton.tcp;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.ProxyConfig;
import dev.baton.config.Timeouts;
import dev.baton.io.EndpointHandler;
import dev.baton.io.SocketEndpoint;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.log.RateLimit;
import dev.baton.log.TcpLogLine;
import dev.baton.reactor.FdBudget;
import dev.baton.reactor.Killable;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;
import dev.baton.stats.Counter;
import org.tinylog.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One {@code mode tcp} client and the server connection serving it, both on one reactor (DESIGN.md §1):
 * connect with retries and redispatch, then two {@link Pipe}s, with every timeout of the frontend and
 * backend enforced lazily by one timer. Reactor thread only.
 *
 * <p>Timeouts: while connecting, {@code timeout connect} (each attempt) and {@code timeout client};
 * once established, {@code timeout tunnel} when set (inactivity in both directions), else
 * {@code timeout client} / {@code timeout server} (inactivity of that side: nothing read from or written
 * to it); once either direction is half-closed, {@code client-fin} / {@code server-fin}, when set, replace
 * whichever applied on their own side only (HAProxy's rule). I/O only stamps activity times; the timer
 * re-reads them when it fires (DESIGN.md rule 5).
 *
 * <p>Accounting: the client's slot in {@link ConnectionLimits} and its socket in {@link FdBudget} were
 * taken by the listener and are given back in {@link #finish}, exactly once, as is the server's slot.
 */
final class TcpStream implements EndpointHandler, TimerHandler, Killable {
    private static final long NONE = LazyTimer.NONE;
    private static final RateLimit SOCKET_SHORTAGE_LOG = new RateLimit(1_000_000_000L);

    private final Reactor reactor;
    private final Frontend frontend;
    private final Backend backend;
    private final ConnectionLimits limits;
    private final FdBudget fds;
    private final Timeouts feTimeouts;
    private final Timeouts beTimeouts;
    private final SocketChannel clientChannel;
    private SocketEndpoint client;
    private SocketEndpoint server;
    private Pipe toServer;
    private Pipe toClient;

    private Server target;
    private boolean holdsServerSlot;
    private boolean connected;
    private boolean finished;
    private int retries;
    private boolean redispatched;
    private int clientHash;

    private final long acceptNs;
    private final long acceptEpochMs;
    private long attemptStartNs;
    private long connectedNs = -1;
    private long clientActivityNs;
    private long serverActivityNs;
    private final LazyTimer timer;
    private InetSocketAddress clientAddress;

    TcpStream(final Reactor reactor, final Frontend frontend, final ConnectionLimits limits, final FdBudget fds,
              final SocketChannel clientChannel) {
        this.reactor = reactor;
        this.timer = new LazyTimer(reactor.timers(), this);
        this.frontend = frontend;
        this.backend = frontend.defaultBackend();
        this.limits = limits;
        this.fds = fds;
        this.clientChannel = clientChannel;
        this.feTimeouts = frontend.config().timeouts();
        this.beTimeouts = backend.config().timeouts();
        this.acceptNs = reactor.nowNs();
        this.acceptEpochMs = System.currentTimeMillis();
        this.clientActivityNs = acceptNs;
    }

    void start() {
        backend.enter();
        frontend.counters().increment(reactor.id(), Counter.SESSIONS);
        backend.counters().increment(reactor.id(), Counter.SESSIONS);
        reactor.live().add(this);
        try {
            clientAddress = (InetSocketAddress) clientChannel.getRemoteAddress();
            clientHash = clientAddress == null ? 0 : clientAddress.getAddress().hashCode();
            client = new SocketEndpoint(clientChannel, fds, this);
            client.register(reactor, SelectionKey.OP_READ);
        } catch (final IOException e) {
            if (client == null) {
                closeUnwrapped();
            }
            finish('C', 'R');
            return;
        }
        toServer = new Pipe(reactor.buffers(), client);
        if (frontend.log().format() == dev.baton.log.TrafficLog.Format.CONNECT) {
            frontend.log().connect(clientAddress, localAddress(), frontend.name(), "TCP");
        }
        connect(null);
    }

    // ---------------------------------------------------------------- connecting

    /** Opens a connection to {@link #target}, or to a newly picked server when there is none. */
    private void connect(final Server avoid) {
        if (target == null && !pickServer(avoid)) {
            finish('S', 'C');
            return;
        }
        final SocketChannel channel;
        try {
            channel = SocketChannel.open();
        } catch (final IOException e) {
            // Most likely EMFILE: a resource shortage, not the server's fault; no retry would help now.
            if (SOCKET_SHORTAGE_LOG.shouldLog(reactor.nowNs())) {
                Logger.warn("backend '{}': cannot open a socket: {} (logged at most once a second)",
                    backend.name(), e.getMessage());
            }
            finish('R', 'C');
            return;
        }
        fds.opened();
        attemptStartNs = reactor.nowNs();
        count(Counter.CONNECTS);
        try {
            server = new SocketEndpoint(channel, fds, this);
            if (channel.connect(target.address())) {
                server.register(reactor, SelectionKey.OP_READ);
                onConnected();
            } else {
                server.register(reactor, SelectionKey.OP_CONNECT);
                timer.armBy(nextDeadlineNs());
            }
        } catch (final IOException e) {
            if (server == null) {
                closeQuietly(channel);
                fds.closed();
            }
            onConnectFailed();
        }
    }

    /** Picks a server with a free slot and claims it. */
    private boolean pickServer(final Server avoid) {
        target = backend.pickAndAcquire(reactor.id(), clientHash, avoid);
        holdsServerSlot = target != null;
        return holdsServerSlot;
    }

    private void finishConnect() {
        try {
            if (server.channel().finishConnect()) {
                server.interest(SelectionKey.OP_READ);
                onConnected();
            }
        } catch (final IOException e) {
            onConnectFailed();
        }
    }

    private void onConnected() {
        connected = true;
        target.counters().increment(reactor.id(), Counter.SESSIONS);
        connectedNs = reactor.nowNs();
        serverActivityNs = connectedNs;
        toClient = new Pipe(reactor.buffers(), server);
        try {
            toServer.connectDestination(server);
            toClient.connectDestination(client);
        } catch (final IOException e) {
            finish('S', 'D');
            return;
        }
        timer.armBy(nextDeadlineNs());
        finishIfDone();
    }

    /** A connect attempt failed or timed out: retry, on another server when redispatch applies. */
    private void onConnectFailed() {
        if (server != null) {
            server.close();
            server = null;
        }
        final Server failed = target;
        count(Counter.CONNECT_ERRORS);
        releaseServerSlot();
        final int maxRetries = backend.config().retries();
        if (retries >= maxRetries) {
            target = failed;
            finish('S', 'C');
            return;
        }
        retries++;
        count(Counter.RETRIES);
        if (backend.config().redispatch().appliesTo(retries, maxRetries)) {
            redispatched = true;
            count(Counter.REDISPATCHES);
            target = null;
            connect(failed);
            return;
        }
        target = failed.tryAcquire() ? failed : null;
        holdsServerSlot = target != null;
        connect(null);
    }

    // ---------------------------------------------------------------- data

    @Override
    public void onReady(final SocketEndpoint endpoint, final int readyOps) {
        if (finished) {
            return;
        }
        if (endpoint == server) {
            onServerReady(readyOps);
        } else {
            onClientReady(readyOps);
        }
        if (!finished) {
            finishIfDone();
        }
    }

    private void onServerReady(final int readyOps) {
        if (!connected) {
            if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                finishConnect();
            }
            return;
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !forward(toServer, 'S')) {
            return;
        }
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            final int n;
            try {
                n = toClient.read();
            } catch (final IOException e) {
                finish('S', 'D');
                return;
            }
            if (forward(toClient, 'C')) {
                onRead(n, 'S');
            }
        }
    }

    private void onClientReady(final int readyOps) {
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && connected && !forward(toClient, 'C')) {
            return;
        }
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            final int n;
            try {
                n = toServer.read();
            } catch (final IOException e) {
                finish('C', connected ? 'D' : 'C');
                return;
            }
            if (forward(toServer, 'S')) {
                onRead(n, 'C');
            }
        }
    }

    /**
     * Writes what {@code pipe} holds to its destination, side {@code 'C'} (client) or {@code 'S'} (server),
     * and stamps that side's activity if bytes went out. Before the server connection is up, this only keeps
     * the client's bytes. False when the write failed: the stream has then ended, blamed on that side (a
     * reset found while forwarding is the destination's failure, not the source's).
     */
    private boolean forward(final Pipe pipe, final char side) {
        final int written;
        try {
            written = pipe.flush();
        } catch (final IOException e) {
            finish(side, 'D');
            return false;
        }
        if (written > 0) {
            stampActivity(side);
        }
        return true;
    }

    /** After a read from {@code side}: stamps its activity, or re-arms the timer at its end of stream. */
    private void onRead(final int n, final char side) {
        if (n > 0) {
            stampActivity(side);
        } else if (n < 0) {
            // A direction is half-closed: fin timeouts may now apply, possibly earlier.
            timer.armBy(nextDeadlineNs());
        }
    }

    private void stampActivity(final char side) {
        if (side == 'C') {
            clientActivityNs = reactor.nowNs();
        } else {
            serverActivityNs = reactor.nowNs();
        }
    }

    private void finishIfDone() {
        if (connected && toServer.isDone() && toClient.isDone()) {
            finish('-', '-');
        } else if (!connected && toServer.srcEnded() && toServer.bytesRead() == 0) {
            // The client left before saying anything and before the server answered the connect.
            finish('C', 'C');
        }
    }

    // ---------------------------------------------------------------- timeouts

    @Override
    public void onTimer(final long nowNs, final long id) {
        if (!timer.fired(id) || finished) {
            return;
        }
        if (!connected) {
            if (beTimeouts.connectMs() > 0 && expired(attemptStartNs, beTimeouts.connectMs(), nowNs)) {
                onConnectTimeout();
                return;
            }
            if (feTimeouts.clientMs() > 0 && expired(clientActivityNs, feTimeouts.clientMs(), nowNs)) {
                finish('c', 'C');
                return;
            }
        } else if (tunnelApplies()) {
            if (expired(Math.max(clientActivityNs, serverActivityNs), feTimeoutTunnel(), nowNs)) {
                finish('c', 'D');
                return;
            }
        } else {
            final long clientMs = clientTimeoutMs();
            if (clientMs > 0 && expired(clientActivityNs, clientMs, nowNs)) {
                finish('c', 'D');
                return;
            }
            final long serverMs = serverTimeoutMs();
            if (serverMs > 0 && expired(serverActivityNs, serverMs, nowNs)) {
                finish('s', 'D');
                return;
            }
        }
        timer.armBy(nextDeadlineNs());
    }

    private void onConnectTimeout() {
        final int maxRetries = backend.config().retries();
        if (retries >= maxRetries) {
            finish('s', 'C');
            return;
        }
        onConnectFailed();
    }

    private static boolean expired(final long sinceNs, final long timeoutMs, final long nowNs) {
        return nowNs - (sinceNs + timeoutMs * 1_000_000L) >= 0;
    }

    private boolean halfClosed() {
        return toServer.srcEnded() || (toClient != null && toClient.srcEnded());
    }

    private long feTimeoutTunnel() {
        return beTimeouts.tunnelMs() > 0 ? beTimeouts.tunnelMs() : feTimeouts.tunnelMs();
    }

    private boolean tunnelApplies() {
        return feTimeoutTunnel() > 0 && !(halfClosed() && (clientFinMs() > 0 || serverFinMs() > 0));
    }

    private long clientFinMs() {
        return feTimeouts.clientFinMs();
    }

    private long serverFinMs() {
        return beTimeouts.serverFinMs();
    }

    /**
     * The client side's limit when the tunnel timeout does not cover both directions: once half-closed,
     * {@code client-fin} if set; else the tunnel timeout if set (a fin timeout replaces it only on its own
     * side); else {@code timeout client}.
     */
    private long clientTimeoutMs() {
        if (halfClosed() && clientFinMs() > 0) {
            return clientFinMs();
        }
        return feTimeoutTunnel() > 0 ? feTimeoutTunnel() : feTimeouts.clientMs();
    }

    /** The server side's limit, as {@link #clientTimeoutMs()} with {@code server-fin} and {@code timeout server}. */
    private long serverTimeoutMs() {
        if (halfClosed() && serverFinMs() > 0) {
            return serverFinMs();
        }
        return feTimeoutTunnel() > 0 ? feTimeoutTunnel() : beTimeouts.serverMs();
    }

    /** The earliest moment a timeout could expire given the current stamps, or NONE. */
    private long nextDeadlineNs() {
        long d = NONE;
        if (!connected) {
            if (beTimeouts.connectMs() > 0) {
                d = Math.min(d, attemptStartNs + beTimeouts.connectMs() * 1_000_000L);
            }
            if (feTimeouts.clientMs() > 0) {
                d = Math.min(d, clientActivityNs + feTimeouts.clientMs() * 1_000_000L);
            }
            return d;
        }
        if (tunnelApplies()) {
            return Math.max(clientActivityNs, serverActivityNs) + feTimeoutTunnel() * 1_000_000L;
        }
        if (clientTimeoutMs() > 0) {
            d = Math.min(d, clientActivityNs + clientTimeoutMs() * 1_000_000L);
        }
        if (serverTimeoutMs() > 0) {
            d = Math.min(d, serverActivityNs + serverTimeoutMs() * 1_000_000L);
        }
        return d;
    }

    // ---------------------------------------------------------------- ending

    @Override
    public void kill() {
        finish('K', connected ? 'D' : 'C');
    }

    /**
     * Ends the stream: closes both sockets, gives back buffers, slots and counters, logs. Idempotent.
     * A normal end ('-') closes with FIN; anything else aborts with RST so that peers see the failure.
     */
    private void finish(final char cause, final char state) {
        if (finished) {
            return;
        }
        finished = true;
        timer.cancel();
        final boolean abort = cause != '-';
        if (client != null) {
            closeEndpoint(client, abort && cause != 'C');
        }
        if (server != null) {
            closeEndpoint(server, abort && cause != 'S');
        }
        if (toServer != null) {
            toServer.release();
        }
        if (toClient != null) {
            toClient.release();
        }
        countEnd(cause, state);
        log(cause, state);
        releaseServerSlot();
        backend.currConns().decrementAndGet();
        limits.release(frontend);
        reactor.live().remove(this);
    }

    /** Counts {@code counter} on the backend and, when one is chosen, the server. */
    private void count(final Counter counter) {
        backend.counters().increment(reactor.id(), counter);
        if (target != null) {
            target.counters().increment(reactor.id(), counter);
        }
    }

    private void countEnd(final char cause, final char state) {
        final int r = reactor.id();
        final long in = toServer == null ? 0 : toServer.bytesRead();
        final long out = toClient == null ? 0 : toClient.bytesRead();
        frontend.counters().add(r, Counter.BYTES_IN, in);
        frontend.counters().add(r, Counter.BYTES_OUT, out);
        backend.counters().add(r, Counter.BYTES_IN, in);
        backend.counters().add(r, Counter.BYTES_OUT, out);
        if (target != null && connectedNs >= 0) {
            target.counters().add(r, Counter.BYTES_IN, in);
            target.counters().add(r, Counter.BYTES_OUT, out);
        }
        if (state == 'D' && cause == 'C') {
            count(Counter.CLIENT_ABORTS);
        } else if (state == 'D' && cause == 'S') {
            count(Counter.SERVER_ABORTS);
        }
    }

    private static void closeEndpoint(final SocketEndpoint endpoint, final boolean abort) {
        if (abort) {
            endpoint.abort();
        } else {
            endpoint.close();
        }
    }

    private void releaseServerSlot() {
        if (holdsServerSlot) {
            holdsServerSlot = false;
            target.release();
        }
    }

    /** The client channel failed before it was wrapped: close it and return its descriptor. */
    private void closeUnwrapped() {
        closeQuietly(clientChannel);
        fds.closed();
    }

    private static void closeQuietly(final SocketChannel channel) {
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing more to do
        }
    }

    private InetSocketAddress localAddress() {
        try {
            return (InetSocketAddress) clientChannel.getLocalAddress();
        } catch (final IOException e) {
            return null;
        }
    }

    private void log(final char cause, final char state) {
        if (frontend.log().format() != dev.baton.log.TrafficLog.Format.TCPLOG) {
            return;
        }
        final long now = reactor.nowNs();
        final TcpLogLine line = new TcpLogLine();
        line.client = clientAddress;
        line.acceptEpochMs = acceptEpochMs;
        line.frontend = frontend.name();
        line.backend = backend.name();
        line.server = target != null ? target.name() : "<NOSRV>";
        line.waitMs = 0;
        line.connectMs = connectedNs < 0 ? -1 : (connectedNs - attemptStartNs) / 1_000_000L;
        line.totalMs = (now - acceptNs) / 1_000_000L;
        line.bytesRead = toClient == null ? 0 : toClient.bytesRead();
        line.terminationCause = cause;
        line.terminationState = state;
        line.actconn = limits.globalCurrent();
        line.feconn = frontend.currConns().get();
        line.beconn = backend.currConns().get();
        line.srvconn = target != null ? target.currConns() : 0;
        line.retries = retries;
        line.redispatched = redispatched;
        frontend.log().tcplog(line);
    }

    /** The proxy config of the backend, for tests and diagnostics. */
    ProxyConfig backendConfig() {
        return backend.config();
    }

    @Override
    public String toString() {
        return "tcp-stream[" + frontend.name() + " " + clientAddress + " -> " + target + "]";
    }
}
