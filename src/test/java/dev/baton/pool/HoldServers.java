package dev.baton.pool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Loopback servers that accept connections and hold them, all served by one thread: what arrives is read
 * and dropped, a connection the client closes is closed on this side too. A test finds the server side of a
 * client connection with {@link #peerOf} to write to it (an idle connection becomes readable) or close it (a
 * server-side close); both are safe from any thread.
 */
final class HoldServers implements AutoCloseable {
    private final Selector selector;
    private final ServerSocketChannel[] listeners;
    /** Server sides by the client's port (loopback: unique among open connections). */
    private final Map<Integer, SocketChannel> byClientPort = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ByteBuffer sink = ByteBuffer.allocate(4096);
    private final Thread thread;
    private volatile boolean closing;

    private HoldServers(final int count) throws IOException {
        selector = Selector.open();
        listeners = new ServerSocketChannel[count];
        for (int i = 0; i < count; i++) {
            listeners[i] = ServerSocketChannel.open();
            listeners[i].bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4096);
            listeners[i].configureBlocking(false);
            listeners[i].register(selector, SelectionKey.OP_ACCEPT);
        }
        thread = new Thread(this::loop, "hold-servers");
        thread.setDaemon(true);
        thread.start();
    }

    static HoldServers start(final int count) throws IOException {
        return new HoldServers(count);
    }

    InetSocketAddress address(final int server) {
        try {
            return (InetSocketAddress) listeners[server].getLocalAddress();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connections accepted so far, over every server. */
    int accepted() {
        return accepted.get();
    }

    /** Server sides open now. */
    int open() {
        return byClientPort.size();
    }

    /** The server sides open now (a snapshot). */
    List<SocketChannel> peers() {
        return new ArrayList<>(byClientPort.values());
    }

    /** The server side of {@code client}, once accepted (waits up to 5 s). */
    SocketChannel peerOf(final SocketChannel client) {
        final int port;
        try {
            port = ((InetSocketAddress) client.getLocalAddress()).getPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        await("server side of port " + port).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(1))
            .until(() -> byClientPort.containsKey(port));
        return byClientPort.get(port);
    }

    /** Writes one byte on the server side of {@code client}: the idle client side becomes readable. */
    void poke(final SocketChannel client) {
        try {
            peerOf(client).write(ByteBuffer.wrap(new byte[] {'x'}));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void loop() {
        while (!closing) {
            try {
                selector.select(50);
            } catch (final IOException e) {
                return;
            }
            for (final SelectionKey key : selector.selectedKeys()) {
                try {
                    if (key.isAcceptable()) {
                        acceptAll((ServerSocketChannel) key.channel());
                    } else if (key.isReadable()) {
                        drain(key);
                    }
                } catch (final CancelledKeyException e) {
                    // closed by another thread (a server-side close) since the selection
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private void acceptAll(final ServerSocketChannel listener) {
        try {
            SocketChannel ch;
            while ((ch = listener.accept()) != null) {
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ);
                byClientPort.put(((InetSocketAddress) ch.getRemoteAddress()).getPort(), ch);
                accepted.incrementAndGet();
            }
        } catch (final IOException e) {
            // a client gone before its accept: nothing to hold
        }
    }

    private void drain(final SelectionKey key) {
        final SocketChannel ch = (SocketChannel) key.channel();
        int n;
        try {
            sink.clear();
            n = ch.read(sink);
        } catch (final IOException e) {
            n = -1;
        }
        if (n < 0) {
            closeServerSide(ch);
        }
    }

    /** Closes a server side (the server closes the connection). Any thread. */
    void closeServerSide(final SocketChannel ch) {
        byClientPort.values().remove(ch);
        try {
            ch.close();
        } catch (final IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (final SocketChannel ch : peers()) {
            closeServerSide(ch);
        }
        for (final ServerSocketChannel l : listeners) {
            try {
                l.close();
            } catch (final IOException ignored) {
                // closing anyway
            }
        }
        try {
            selector.close();
        } catch (final IOException ignored) {
            // closing anyway
        }
    }
}
