package dev.baton.pool;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.IdlePoolTuning;
import dev.baton.config.PoolOptions;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.ServerConfig;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;
import dev.baton.io.BufferPool;
import dev.baton.io.SocketEndpoint;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.NanoClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reactors with their pools, linked as the daemon links them, over servers that are real loopback
 * {@link HoldServers}. The reactors are not started unless {@link #startThreads()} is called: then the
 * test thread acts as each reactor in turn and drives its turns with {@link #turn(int)}.
 */
final class PoolRig implements AutoCloseable {
    private static final SourceLocation WHERE = new SourceLocation("pool-rig", 1);

    final FdBudget fds;
    final Reactor[] reactors;
    final ReactorPool[] pools;
    final Server[] servers;
    final ServerPools serverPools;
    final HoldServers backends;
    private final List<Thread> threads = new ArrayList<>();
    /** Connections made by {@link #open} (test thread only), closed by {@link #close()} if still open. */
    private final List<ServerConnection> opened = new ArrayList<>();

    PoolRig(final int reactorCount, final int serverCount, final PoolOptions options, final FdBudget fds,
            final IdlePoolTuning tuning, final NanoClock clock) throws IOException {
        this(reactorCount, serverCount, options, fds, tuning, r -> new Reactor(r, clock, new BufferPool(1024, 4)));
    }

    /** With the reactors {@code newReactor} makes, given their ids. */
    PoolRig(final int reactorCount, final int serverCount, final PoolOptions options, final FdBudget fds,
            final IdlePoolTuning tuning, final IntFunction<Reactor> newReactor) throws IOException {
        this.fds = fds;
        this.backends = HoldServers.start(serverCount);
        final Backend backend = new Backend(new ProxyConfig("be", ProxyKind.BACKEND, Mode.HTTP, List.of(), 0,
            Timeouts.NONE, null, BalanceAlgorithm.ROUNDROBIN, 3, Redispatch.OFF, false, false, List.of(),
            HttpOptions.DEFAULT, WHERE));
        servers = new Server[serverCount];
        final Map<Server, ServerPool> byServer = new IdentityHashMap<>();
        for (int i = 0; i < serverCount; i++) {
            final ServerConfig sc = new ServerConfig("s" + i, "127.0.0.1", backends.address(i).getPort(), 1, 0, false,
                false, options, WHERE);
            servers[i] = new Server(backend, i, sc, backends.address(i));
            byServer.put(servers[i], new ServerPool(reactorCount, options.poolMaxConn(), options.poolLowConn(),
                options.poolPurgeDelayMs(), options.maxReuse()));
            backend.addServer(servers[i]);
        }
        serverPools = new ServerPools(byServer);
        reactors = new Reactor[reactorCount];
        pools = new ReactorPool[reactorCount];
        for (int r = 0; r < reactorCount; r++) {
            reactors[r] = newReactor.apply(r);
            pools[r] = new ReactorPool(reactors[r], fds, tuning, serverPools);
        }
        ReactorPool.link(pools);
    }

    ServerPool pool(final int server) {
        return serverPools.of(servers[server]);
    }

    /** A blocking connect to server {@code server}, counted in the FD budget. Any thread. */
    SocketChannel connect(final int server) {
        try {
            final SocketChannel ch = SocketChannel.open(backends.address(server));
            fds.opened();
            return ch;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * On reactor {@code reactor}'s thread: wraps a connected channel as the pool's callers do for a new
     * connection (registered for reads, counted as used).
     */
    ServerConnection adopt(final int reactor, final int server, final SocketChannel ch) {
        try {
            final ServerConnection c = new ServerConnection(servers[server], pool(server), new SocketEndpoint(ch, fds, null),
                pools[reactor]);
            c.register(pools[reactor], SelectionKey.OP_READ);
            pools[reactor].countNew(c);
            return c;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new connection of reactor {@code reactor} to {@code server}, in use; as that reactor. */
    ServerConnection open(final int reactor, final int server) {
        final ServerConnection c = adopt(reactor, server, connect(server));
        opened.add(c);
        return c;
    }

    /** As {@code c}'s owner: marks {@code served} requests answered and parks it, which must be accepted. */
    void park(final ServerConnection c, final int served) {
        for (int i = c.requestsServed(); i < served; i++) {
            c.countServed();
        }
        assertTrue(c.owner().offerIdle(c, false), "pool refused " + c);
    }

    /** {@code count} connections of reactor {@code reactor} to {@code server}, opened first, then parked. */
    List<ServerConnection> parkNew(final int reactor, final int server, final int count, final int served) {
        final List<ServerConnection> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(open(reactor, server));
        }
        for (final ServerConnection c : out) {
            park(c, served);
        }
        return out;
    }

    /** One turn of reactor {@code r}, without blocking; the caller acts as that reactor. */
    void turn(final int r) {
        reactors[r].runOnce(false);
    }

    void turnAll() {
        for (int r = 0; r < reactors.length; r++) {
            turn(r);
        }
    }

    /** Sizes of the lists of reactor {@code r} for {@code server}, read under its lock: {idle, safe}. */
    int[] listSizes(final int r, final int server) {
        final ServerPool.Slice s = pool(server).slice(r);
        pools[r].idleConnsLock.lock();
        try {
            return new int[] {s.idle.size(), s.safe.size()};
        } finally {
            pools[r].idleConnsLock.unlock();
        }
    }

    /** Runs every reactor on a thread of its own from now on. */
    void startThreads() {
        for (final Reactor r : reactors) {
            final Thread t = new Thread(r, "rig-" + r);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /**
     * Closes every pooled connection (as each reactor), stops the reactors or closes their selectors, and
     * closes the servers.
     */
    @Override
    public void close() throws IOException {
        if (threads.isEmpty()) {
            for (final ReactorPool p : pools) {
                p.closeAll();
            }
            for (final ServerConnection c : opened) {
                c.abort();
            }
            turnAll();
            for (final Reactor r : reactors) {
                r.selector().close();
            }
        } else {
            final CountDownLatch closed = new CountDownLatch(pools.length);
            for (final ReactorPool p : pools) {
                p.reactor().execute(r -> {
                    p.closeAll();
                    closed.countDown();
                });
            }
            try {
                closed.await(5, TimeUnit.SECONDS);
                for (final Reactor r : reactors) {
                    r.requestStop();
                }
                for (final Thread t : threads) {
                    t.join(5_000);
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        backends.close();
    }
}
