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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A registered endpoint closed on its running reactor: the channel is closed once the next selection dropped its key
 * (a plain close, see DeferredCloses), in the very next turn even when the reactor has nothing else to do (no timer,
 * no event: it would otherwise block for ever); the peer sees the FIN of a close and the RST of an abort.
 */
class ReactorDeferredCloseTest {
    private Reactor reactor;
    private Thread thread;
    private ServerSocketChannel listener;
    private SocketChannel peer;
    private SocketChannel accepted;
    private final FdBudget fds = new FdBudget(100);

    @BeforeEach
    void connect() throws IOException {
        reactor = new Reactor(0, SystemNanoClock.INSTANCE, new BufferPool(1024, 4));
        thread = new Thread(reactor, "deferred-close-reactor");
        thread.start();
        listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        peer = SocketChannel.open(listener.getLocalAddress());
        accepted = listener.accept();
    }

    @AfterEach
    void stop() throws Exception {
        reactor.requestStop();
        thread.join(5_000);
        peer.close();
        accepted.close();
        listener.close();
    }

    /** Registers the accepted socket on the reactor for reads and returns its endpoint. */
    private SocketEndpoint registered() throws Exception {
        final CompletableFuture<SocketEndpoint> done = new CompletableFuture<>();
        reactor.execute(r -> {
            try {
                final SocketEndpoint e = new SocketEndpoint(accepted, fds, (endpoint, ops) -> { });
                e.register(r, SelectionKey.OP_READ);
                done.complete(e);
            } catch (final IOException ex) {
                done.completeExceptionally(ex);
            }
        });
        return done.get(5, TimeUnit.SECONDS);
    }

    /** Runs {@code action} on the reactor; returns whether the channel was still open right after it. */
    private boolean openRightAfter(final Runnable action) throws Exception {
        final CompletableFuture<Boolean> openAfter = new CompletableFuture<>();
        reactor.execute(r -> {
            action.run();
            openAfter.complete(accepted.isOpen() && reactor.closesPending() == 1);
        });
        return openAfter.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aClosedEndpointClosesInTheNextTurnAndThePeerSeesEndOfStream() throws Exception {
        final SocketEndpoint endpoint = registered();
        assertTrue(openRightAfter(endpoint::close), "closed only once the selector dropped the key");
        assertTrue(endpoint.isClosed(), "the endpoint itself is closed at once");

        await().atMost(Duration.ofSeconds(2)).until(() -> !accepted.isOpen());
        assertFalse(accepted.isRegistered(), "closed after its key was dropped: a plain close");
        assertEquals(0, reactor.closesPending());
        peer.configureBlocking(true);
        assertEquals(-1, peer.read(ByteBuffer.allocate(16)), "the peer sees the FIN");
    }

    @Test
    void anAbortedEndpointStillResetsThePeer() throws Exception {
        final SocketEndpoint endpoint = registered();
        assertTrue(openRightAfter(endpoint::abort));

        await().atMost(Duration.ofSeconds(2)).until(() -> !accepted.isOpen());
        peer.configureBlocking(true);
        assertThrows(IOException.class, () -> peer.read(ByteBuffer.allocate(16)), "the peer sees the RST");
    }
}
