package dev.baton.reactor;

import dev.baton.io.BufferPool;
import dev.baton.io.FdBudget;
import dev.baton.io.SocketEndpoint;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reactor whose selection keeps failing rebuilds its selector after a few failures in a row: its channels move
 * to the new selector with their interest set and attachment, their owners use the new keys, and events flow
 * again. Driven by hand; the first selector given to the reactor is a {@link FailingSelector}.
 */
class ReactorSelectorRebuildTest {
    private static final int MAX_TURNS = 50;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<Integer> readyOps = new ArrayList<>();
    private Reactor reactor;

    @AfterEach
    void tearDown() throws Exception {
        for (final AutoCloseable c : toClose) {
            c.close();
        }
        if (reactor != null) {
            reactor.runOnce(false);
            reactor.selector().close();
        }
    }

    /** A reactor opening the selectors of {@code selectors} in turn, then real ones. */
    private Reactor reactor(final Deque<Reactor.SelectorOpener> selectors) {
        clock.update(1_000_000_000L);
        reactor = new Reactor(0, clock, new BufferPool(1024, 4),
            () -> selectors.isEmpty() ? Selector.open() : selectors.poll().open());
        return reactor;
    }

    /** Two ends of a loopback TCP connection: [accepted side, client side]. */
    private SocketChannel[] connectedPair() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final SocketChannel client = SocketChannel.open(server.getLocalAddress());
            final SocketChannel accepted = server.accept();
            toClose.add(client);
            toClose.add(accepted);
            return new SocketChannel[] {accepted, client};
        }
    }

    /** Turns the reactor until {@link #readyOps} holds an entry matching {@code wanted}; the turns it took. */
    private int turnUntil(final IntPredicate wanted) {
        for (int turn = 1; turn <= MAX_TURNS; turn++) {
            reactor.runOnce(false);
            if (readyOps.stream().anyMatch(wanted::test)) {
                return turn;
            }
        }
        throw new AssertionError("no such event in " + MAX_TURNS + " turns; events: " + readyOps);
    }

    @Test
    void aSelectorThatKeepsFailingIsRebuiltAndItsChannelsGetEventsAgain() throws Exception {
        final FailingSelector broken = new FailingSelector();
        final Reactor r = reactor(new ArrayDeque<>(List.of(() -> broken)));
        final SocketChannel[] pair = connectedPair();
        final SocketEndpoint endpoint = new SocketEndpoint(pair[0], new FdBudget(100), (e, ops) -> readyOps.add(ops));
        endpoint.register(r, SelectionKey.OP_READ);
        pair[1].write(ByteBuffer.wrap(new byte[] {42}));

        final int turns = turnUntil(ops -> (ops & SelectionKey.OP_READ) != 0);

        assertTrue(turns <= Reactor.SELECT_FAILURES_BEFORE_REBUILD + 1, "rebuilt after the failures: " + turns);
        assertEquals(Reactor.SELECT_FAILURES_BEFORE_REBUILD, broken.selections(), "no selection after the rebuild");
        assertNotSame(broken, r.selector(), "selector() is the new selector");
        assertFalse(broken.isOpen(), "the broken selector is closed");
        final SelectionKey key = pair[0].keyFor(r.selector());
        assertTrue(key != null && key.isValid() && key.attachment() == endpoint, "moved with its attachment");

        // The endpoint changes interest on its new key: the old one is cancelled and would throw.
        endpoint.interest(SelectionKey.OP_WRITE);
        assertEquals(SelectionKey.OP_WRITE, key.interestOps());
        readyOps.clear();
        turnUntil(ops -> (ops & SelectionKey.OP_WRITE) != 0);
        endpoint.close();
    }

    @Test
    void whileNoSelectorCanBeOpenedTheReactorStillRunsCommandsAndRebuildsLater() throws Exception {
        final FailingSelector broken = new FailingSelector();
        final AtomicInteger refused = new AtomicInteger();
        final Reactor r = reactor(new ArrayDeque<>(List.of(() -> broken, () -> {
            refused.incrementAndGet();
            throw new IOException("Too many open files");
        })));
        final SocketChannel[] pair = connectedPair();
        final SocketEndpoint endpoint = new SocketEndpoint(pair[0], new FdBudget(100), (e, ops) -> readyOps.add(ops));
        endpoint.register(r, SelectionKey.OP_READ);
        final AtomicInteger commands = new AtomicInteger();
        for (int i = 0; i < Reactor.SELECT_FAILURES_BEFORE_REBUILD; i++) {
            assertTrue(r.execute(x -> commands.incrementAndGet()));
            r.runOnce(false);
        }
        assertEquals(1, refused.get(), "a rebuild was tried after the failures");
        assertEquals(Reactor.SELECT_FAILURES_BEFORE_REBUILD, commands.get(), "commands ran every turn");
        assertTrue(broken.isOpen(), "the old selector stays until a new one opens");

        pair[1].write(ByteBuffer.wrap(new byte[] {42}));
        turnUntil(ops -> (ops & SelectionKey.OP_READ) != 0);
        assertEquals(2 * Reactor.SELECT_FAILURES_BEFORE_REBUILD, broken.selections(), "rebuilt on the next try");
        assertFalse(broken.isOpen());
        endpoint.close();
    }
}
