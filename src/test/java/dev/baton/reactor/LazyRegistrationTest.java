package dev.baton.reactor;

import dev.baton.io.BufferPool;
import dev.baton.io.FdBudget;
import dev.baton.io.SocketEndpoint;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@link SocketEndpoint#registerLazily}, turns driven by hand: an accepted client joins the selector just before
 * the next selection only if it still wants an event then, or later when it asks for one; one that never does has no
 * key, and its close is a plain close at once (no deferred close waiting for a selection).
 */
class LazyRegistrationTest {
    private Reactor reactor;
    private ServerSocketChannel listener;
    private SocketChannel peer;
    private SocketChannel accepted;
    private final FdBudget fds = new FdBudget(100);
    private final List<Integer> events = new ArrayList<>();

    @BeforeEach
    void connect() throws IOException {
        reactor = new Reactor(0, SystemNanoClock.INSTANCE, new BufferPool(1024, 4));
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        peer = SocketChannel.open(listener.getLocalAddress());
        accepted = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        peer.close();
        accepted.close();
        listener.close();
        reactor.selector().close();
    }

    private SocketEndpoint lazyForReads() throws IOException {
        final SocketEndpoint e = new SocketEndpoint(accepted, fds, (endpoint, ops) -> events.add(ops));
        e.registerLazily(reactor, SelectionKey.OP_READ);
        return e;
    }

    @Test
    void aClientThatNoLongerWantsAnEventNeverJoinsTheSelectorAndClosesAtOnce() throws IOException {
        final SocketEndpoint e = lazyForReads();
        e.interest(0); // its request was read before the selection: it waits for the server, not for the client
        reactor.runOnce(false);
        assertNull(accepted.keyFor(reactor.selector()), "never registered");

        e.close();
        assertFalse(accepted.isOpen(), "closed at once: no key to drop first");
        assertEquals(0, reactor.closesPending());
    }

    @Test
    void aClientThatStillWantsReadsJoinsBeforeTheSelectionAndGetsItsEvent() throws IOException {
        final SocketEndpoint e = lazyForReads();
        assertNull(accepted.keyFor(reactor.selector()), "not before the selection");
        reactor.runOnce(false);
        assertNotNull(accepted.keyFor(reactor.selector()));

        peer.write(ByteBuffer.wrap(new byte[] {'x'}));
        for (int turn = 0; turn < 1000 && events.isEmpty(); turn++) {
            reactor.runOnce(false);
        }
        assertEquals(List.of(SelectionKey.OP_READ), events);
        e.close();
        assertFalse(accepted.isOpen());
    }

    @Test
    void aClientJoinsWhenItAsksForAnEventLater() throws IOException {
        final SocketEndpoint e = lazyForReads();
        e.interest(0);
        reactor.runOnce(false);
        assertNull(accepted.keyFor(reactor.selector()));

        e.interest(SelectionKey.OP_WRITE); // its answer did not fit in the socket
        final SelectionKey key = accepted.keyFor(reactor.selector());
        assertNotNull(key, "registered at once");
        assertEquals(SelectionKey.OP_WRITE, key.interestOps());
        for (int turn = 0; turn < 1000 && events.isEmpty(); turn++) {
            reactor.runOnce(false);
        }
        assertEquals(List.of(SelectionKey.OP_WRITE), events);
        e.close();
    }
}
