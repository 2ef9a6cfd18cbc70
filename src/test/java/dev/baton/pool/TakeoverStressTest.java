package dev.baton.pool;

import dev.baton.config.IdlePoolTuning;
import dev.baton.config.PoolOptions;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import dev.baton.io.Selectable;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Four running reactors share twenty servers' idle pools while a driver thread submits random work to each,
 * as commands between selections or from inside a selection as a stream works (take an idle connection, which
 * steals when the reactor has none; open a new one after FD-pressure relief; release to the pool or close;
 * relieve FD pressure), the servers close idle connections behind the pool's
 * back, and the purge runs every 20 ms. Checked all along: a connection is never in use by two reactors, never
 * closed under its user, never reported to a reactor that does not use it, and no counter goes negative. At
 * quiescence: the counters equal the lists, and every socket is closed exactly once.
 *
 * <p>{@code -Dbaton.stress.seconds=N} sets the duration (8 s by default; the {@code slow} variant, 120 s).
 */
class TakeoverStressTest {
    private static final int REACTORS = 4;
    private static final int SERVERS = 20;
    /** Low band 40 sockets, high band 50: the load crosses both. */
    private static final int MAXSOCK = 200;
    private static final int MAX_IN_USE = 12;
    private static final int MAX_PENDING = 32;
    private static final PoolOptions OPTIONS = PoolOptions.DEFAULT.withPoolPurgeDelayMs(20).withPoolLowConn(2);

    @Test
    void randomWorkKeepsOwnershipAndCountersRight() throws Exception {
        run(Integer.getInteger("baton.stress.seconds", 8));
    }

    @Test
    @Tag("slow")
    void randomWorkKeepsOwnershipAndCountersRightForLong() throws Exception {
        run(Integer.getInteger("baton.stress.seconds", 120));
    }

    /**
     * One reactor's side of the test: touched by that reactor's thread only, but for {@link #submit}. Work
     * arrives as commands (run between selections) or through {@link #events}, a pipe whose readiness runs
     * the queued work inside the selection, where a stream runs it.
     */
    private final class Worker implements Selectable {
        final int id;
        final ReactorPool pool;
        final Reactor reactor;
        final List<ServerConnection> inUse = new ArrayList<>();
        final SplittableRandom random;
        final ByteBuffer buffer = ByteBuffer.allocate(64);
        final Pipe events;
        final ConcurrentLinkedQueue<Runnable> eventWork = new ConcurrentLinkedQueue<>();

        Worker(final int id, final SplittableRandom random) throws IOException {
            this.id = id;
            this.pool = rig.pools[id];
            this.reactor = rig.reactors[id];
            this.random = random;
            this.events = Pipe.open();
            events.source().configureBlocking(false);
            events.source().register(reactor.selector(), SelectionKey.OP_READ, this);
        }

        /** Any thread: runs {@code work} on this reactor, inside a selection or not; false if not queued. */
        boolean submit(final Runnable work, final boolean insideSelection) {
            if (!insideSelection) {
                return reactor.execute(r -> work.run());
            }
            eventWork.add(work);
            try {
                events.sink().write(ByteBuffer.wrap(new byte[] {1}));
                return true;
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void rekeyed(final SelectionKey newKey) {
            // never rebuilt in this test
        }

        @Override
        public void onSelected(final SelectionKey key, final int readyOps) {
            try {
                buffer.clear();
                while (events.source().read(buffer) > 0) {
                    buffer.clear();
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            Runnable work;
            while ((work = eventWork.poll()) != null) {
                work.run();
            }
        }

        void closeEvents() throws IOException {
            events.sink().close();
            events.source().close();
        }

        void get(final int server, final boolean safeOnly) {
            final ServerConnection c = pool.takeIdle(rig.servers[server], safeOnly);
            if (c != null) {
                use(c);
            }
        }

        void open(final int server, final SocketChannel channel) {
            pool.relieveFdPressure(rig.servers[server]);
            final ServerConnection c = rig.adopt(id, server, channel);
            all.add(c);
            use(c);
        }

        private void use(final ServerConnection c) {
            final AtomicInteger user = users.computeIfAbsent(c, k -> new AtomicInteger());
            if (!user.compareAndSet(0, id + 1)) {
                violation("reactor " + id + " got " + c + " in use by reactor " + (user.get() - 1));
                return;
            }
            if (c.isClosed() || c.owner() != pool) {
                violation("reactor " + id + " got " + c + " closed=" + c.isClosed() + " owner=" + c.owner());
            }
            for (final Reactor other : rig.reactors) {
                final SelectionKey k = c.endpoint().channel().keyFor(other.selector());
                if ((other == reactor) != (k != null && k.isValid())) {
                    violation(c + " has key " + k + " on " + other + ", used by " + reactor);
                }
            }
            c.handler((endpoint, ops) -> onEvent(c, ops));
            inUse.add(c);
        }

        /** An event on a connection in use: the server closed it (the hold servers never send). */
        private void onEvent(final ServerConnection c, final int ops) {
            final AtomicInteger user = users.get(c);
            if (user.get() != id + 1 || !inUse.contains(c)) {
                violation("event for " + c + " on reactor " + id + ", in use by " + (user.get() - 1));
                return;
            }
            int n;
            try {
                buffer.clear();
                n = c.endpoint().read(buffer);
            } catch (final IOException e) {
                n = -1;
            }
            if (n < 0) {
                inUse.remove(c);
                user.set(0);
                pool.closeUsed(c, true);
            }
        }

        void release(final boolean keep) {
            if (inUse.isEmpty()) {
                return;
            }
            final ServerConnection c = inUse.remove(random.nextInt(inUse.size()));
            if (c.isClosed()) {
                violation(c + " closed under its user, reactor " + id);
            }
            if (!users.get(c).compareAndSet(id + 1, 0)) {
                violation("reactor " + id + " released " + c + " in use by " + (users.get(c).get() - 1));
            }
            if (keep) {
                if (random.nextBoolean()) {
                    c.countServed();
                }
                c.countServed();
                if (pool.offerIdle(c, false)) {
                    return;
                }
            }
            pool.closeUsed(c, random.nextBoolean());
        }

        void releaseAll() {
            while (!inUse.isEmpty()) {
                release(random.nextBoolean());
            }
        }
    }

    private PoolRig rig;
    private final Map<ServerConnection, AtomicInteger> users = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<ServerConnection> all = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    private void violation(final String what) {
        if (violations.size() < 20) {
            violations.add(what);
        }
    }

    private void run(final int seconds) throws Exception {
        final int socketsBefore = openTcpSockets();
        final FdBudget fds = new FdBudget(MAXSOCK);
        final long seed = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(seed);
        rig = new PoolRig(REACTORS, SERVERS, OPTIONS, fds, IdlePoolTuning.DEFAULT, new SystemNanoClock());
        final Worker[] workers = new Worker[REACTORS];
        final AtomicInteger[] pending = new AtomicInteger[REACTORS];
        for (int r = 0; r < REACTORS; r++) {
            workers[r] = new Worker(r, random.split());
            pending[r] = new AtomicInteger();
        }
        final int[] fewestFds = {0};
        try {
            rig.startThreads();
            final long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            long operations = 0;
            while (System.nanoTime() - endNs < 0 && violations.isEmpty()) {
                final int r = random.nextInt(REACTORS);
                if (pending[r].get() >= MAX_PENDING) {
                    LockSupport.parkNanos(20_000);
                    continue;
                }
                submit(workers[r], pending[r], random);
                operations++;
                if (operations % 64 == 0) {
                    closeAServerSide(random);
                }
                if (operations % 4 == 0) {
                    checkNotNegative();
                    fewestFds[0] = Math.min(fewestFds[0], fds.open());
                }
            }
            assertEquals(List.of(), List.copyOf(violations), "seed " + seed);

            // Quiescence: every reactor gives back what it uses, then all four stop at once for the count.
            for (final Worker w : workers) {
                w.reactor.execute(rr -> w.releaseAll());
            }
            await("commands drained").atMost(Duration.ofSeconds(10)).until(() -> allDrained(pending));
            checkAtQuiescence();
            assertEquals(List.of(), List.copyOf(violations), "seed " + seed);
            assertTrue(fewestFds[0] >= 0, "open sockets went negative: " + fewestFds[0]);
            final String activity = activity();
            assertTrue(sum(p -> p.reactor().stats().fdTakeovers.get()) > 0, activity);
            assertTrue(sum(p -> p.reactor().stats().killsDone.get()) > 0, activity);
            assertTrue(sum(p -> p.stats().closedByServer.get()) > 0, activity);
            assertTrue(sum(p -> p.stats().purged.get()) > 0, activity);
            System.out.println("stress " + seconds + " s, seed " + seed + ": " + operations + " operations, " + activity);
        } finally {
            rig.close();
            for (final Worker w : workers) {
                if (w != null) {
                    w.closeEvents();
                }
            }
        }
        for (final ServerConnection c : all) {
            assertTrue(c.isClosed() && !c.endpoint().channel().isOpen(), c + " not closed");
        }
        assertEquals(0, fds.open(), "every socket closed exactly once (seed " + seed + ")");
        await("TCP sockets in /proc/self/fd back to " + socketsBefore).atMost(Duration.ofSeconds(10))
            .until(() -> openTcpSockets() <= socketsBefore);
    }

    private void submit(final Worker w, final AtomicInteger pending, final SplittableRandom random) {
        final int server = random.nextInt(SERVERS);
        final int pick = random.nextInt(10);
        final SocketChannel fresh = pick == 0 ? rig.connect(server) : null;
        final boolean keep = random.nextInt(4) != 0;
        final boolean safeOnly = random.nextInt(4) == 0;
        pending.incrementAndGet();
        final boolean queued = w.submit(() -> {
            try {
                if (fresh != null) {
                    w.open(server, fresh);
                } else if (pick <= 4 && w.inUse.size() < MAX_IN_USE) {
                    w.get(server, safeOnly);
                } else if (pick <= 8) {
                    w.release(keep);
                } else {
                    w.pool.relieveFdPressure(rig.servers[server]);
                }
            } finally {
                pending.decrementAndGet();
            }
        }, random.nextBoolean());
        if (!queued) {
            pending.decrementAndGet();
            if (fresh != null) {
                closeQuietly(fresh);
                rig.fds.closed();
            }
        }
    }

    /** The server closes one of its connections, idle or in use, as a server's keep-alive timeout would. */
    private void closeAServerSide(final SplittableRandom random) {
        final List<SocketChannel> peers = rig.backends.peers();
        if (!peers.isEmpty()) {
            rig.backends.closeServerSide(peers.get(random.nextInt(peers.size())));
        }
    }

    private void checkNotNegative() {
        for (int s = 0; s < SERVERS; s++) {
            final ServerPool p = rig.pool(s);
            final int[] values = {p.currIdleConns(), p.currIdleNb(), p.currSafeNb(), p.currUsedConns(),
                p.currIdleOn(0), p.currIdleOn(1), p.currIdleOn(2), p.currIdleOn(3)};
            for (final int v : values) {
                if (v < 0) {
                    violation("server " + s + " has a negative counter: idle " + p.currIdleConns() + " idleNb "
                        + p.currIdleNb() + " safeNb " + p.currSafeNb() + " used " + p.currUsedConns() + " per reactor "
                        + p.currIdleOn(0) + "/" + p.currIdleOn(1) + "/" + p.currIdleOn(2) + "/" + p.currIdleOn(3));
                    return;
                }
            }
        }
    }

    private static boolean allDrained(final AtomicInteger[] pending) {
        for (final AtomicInteger p : pending) {
            if (p.get() != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Holds every reactor inside a command at the same time (so none is halfway through a pool operation)
     * and compares each server's counters with the lists.
     */
    private void checkAtQuiescence() throws InterruptedException {
        final CountDownLatch parked = new CountDownLatch(REACTORS);
        final CountDownLatch resume = new CountDownLatch(1);
        for (final Reactor r : rig.reactors) {
            r.execute(rr -> {
                parked.countDown();
                try {
                    resume.await(30, TimeUnit.SECONDS);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertTrue(parked.await(10, TimeUnit.SECONDS), "reactors did not pause");
            for (int s = 0; s < SERVERS; s++) {
                checkServer(s);
            }
        } finally {
            resume.countDown();
        }
    }

    private void checkServer(final int s) {
        final ServerPool p = rig.pool(s);
        int idle = 0;
        int safe = 0;
        for (int r = 0; r < REACTORS; r++) {
            final ServerPool.Slice slice = p.slice(r);
            final int[] sizes = rig.listSizes(r, s);
            assertEquals(sizes[0] + sizes[1], p.currIdleOn(r), "server " + s + " reactor " + r + " currIdleThr");
            idle += sizes[0];
            safe += sizes[1];
            checkLinked(slice.idle, r, ServerConnection.ACCOUNTED_IDLE);
            checkLinked(slice.safe, r, ServerConnection.ACCOUNTED_SAFE);
        }
        assertEquals(idle + safe, p.currIdleConns(), "server " + s + " currIdleConns");
        assertEquals(idle, p.currIdleNb(), "server " + s + " currIdleNb");
        assertEquals(safe, p.currSafeNb(), "server " + s + " currSafeNb");
        assertEquals(0, p.currUsedConns(), "server " + s + " currUsedConns with nothing in use");
    }

    private void checkLinked(final IdleList list, final int r, final int accounted) {
        for (ServerConnection c = list.head(); c != null; c = c.next) {
            assertTrue(c.owner() == rig.pools[r] && c.accounted == accounted && !c.isClosed() && c.running.get() == 0,
                c + " in reactor " + r + "'s list: accounted " + c.accounted + " closed " + c.isClosed());
            final SelectionKey k = c.endpoint().channel().keyFor(rig.reactors[r].selector());
            assertTrue(k != null && k.isValid(), c + " idle on reactor " + r + " without a valid key there");
        }
    }

    private long sum(final java.util.function.ToLongFunction<ReactorPool> counter) {
        long n = 0;
        for (final ReactorPool p : rig.pools) {
            n += counter.applyAsLong(p);
        }
        return n;
    }

    private String activity() {
        return "takeovers " + sum(p -> p.reactor().stats().fdTakeovers.get())
            + ", takeover failures " + sum(p -> p.reactor().stats().takeoverFailures.get())
            + ", busy siblings " + sum(p -> p.stats().takeoverLockBusy.get())
            + ", reused " + sum(p -> p.stats().reused.get())
            + ", kept " + sum(p -> p.stats().kept.get())
            + ", kills requested " + sum(p -> p.reactor().stats().killsRequested.get())
            + ", kills done " + sum(p -> p.reactor().stats().killsDone.get())
            + ", purged " + sum(p -> p.stats().purged.get())
            + ", closed by server " + sum(p -> p.stats().closedByServer.get())
            + ", connections " + all.size();
    }

    /**
     * TCP sockets this process holds open, from {@code /proc/self/fd} (the JVM and the test runner may
     * open other descriptors, such as jars and local sockets, at any time).
     */
    private static int openTcpSockets() throws IOException {
        final Set<String> tcp = new HashSet<>();
        for (final String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
            final List<String> lines = Files.readAllLines(Path.of(table));
            for (final String line : lines.subList(1, lines.size())) {
                tcp.add("socket:[" + line.trim().split("\\s+")[9] + "]");
            }
        }
        int n = 0;
        try (var entries = Files.list(Path.of("/proc/self/fd"))) {
            for (final Path fd : (Iterable<Path>) entries::iterator) {
                try {
                    if (tcp.contains(Files.readSymbolicLink(fd).toString())) {
                        n++;
                    }
                } catch (final IOException e) {
                    // closed while listing
                }
            }
        }
        return n;
    }

    private static void closeQuietly(final SocketChannel ch) {
        try {
            ch.close();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
