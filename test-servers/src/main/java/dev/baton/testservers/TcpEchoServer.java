package dev.baton.testservers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * A TCP server that sends every byte back, on one selector thread with non-blocking sockets.
 *
 * <p>Each connection has one fixed buffer: the server reads only while it has room and writes while it
 * holds data, so a client that does not read is held back by TCP instead of filling memory. When the
 * client shuts down its output, the server finishes echoing what it has, then shuts down its own output
 * and closes: a proxy's propagation of half-closes can be observed end to end.
 */
public final class TcpEchoServer extends NioServer {
    static final int BUFFER_SIZE = 32 * 1024;

    private final byte[] banner;
    private volatile long bytesEchoed;

    private TcpEchoServer(final Options options) throws IOException {
        super("echo", options);
        this.banner = options.banner == null ? null : options.banner.getBytes(StandardCharsets.UTF_8);
    }

    /** Binds and starts serving; the port is bound when this returns. */
    public static TcpEchoServer start(final Options options) throws IOException {
        final TcpEchoServer server = new TcpEchoServer(options);
        server.startLoop();
        return server;
    }

    /** An echo server named {@code echo} without banner; port 0 for any free port. */
    public static TcpEchoServer start(final String host, final int port) throws IOException {
        return start(new Options().host(host).port(port));
    }

    /** Bytes sent back to clients since start, the banners not counted. */
    public long bytesEchoed() {
        return bytesEchoed;
    }

    @Override
    NioConnection accepted(final SocketChannel channel, final SelectionKey key, final long id) {
        return new EchoConnection(channel, key, id);
    }

    /** Settings of an echo server; every one is optional. Setters validate and return {@code this}. */
    public static final class Options extends ListenOptions<Options> {
        private String banner;

        /** Defaults: named {@code echo}, on an ephemeral port of 127.0.0.1, without banner. */
        public Options() {
            super("echo");
        }

        @Override
        Options self() {
            return this;
        }

        /** Text sent (UTF-8) to each client as soon as it connects, before any echo; null for none. */
        public Options bannerOnConnect(final String value) {
            if (value != null && value.getBytes(StandardCharsets.UTF_8).length > BUFFER_SIZE) {
                throw new IllegalArgumentException("banner longer than " + BUFFER_SIZE + " bytes");
            }
            banner = value;
            return this;
        }

        public String bannerOnConnect() {
            return banner;
        }
    }

    private final class EchoConnection extends NioConnection {
        /** Holds what was read and not yet written back, in write mode (filled from position 0). */
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
        /** Bytes at the head of the buffer that are the banner, not echo. */
        private int bannerLeft;
        private boolean inputClosed;

        EchoConnection(final SocketChannel channel, final SelectionKey key, final long id) {
            super(TcpEchoServer.this, channel, key, id);
        }

        @Override
        void start() throws IOException {
            if (banner != null) {
                buffer.put(banner);
                bannerLeft = banner.length;
            }
            onReady(0);
        }

        @Override
        void onReady(final int readyOps) throws IOException {
            if ((readyOps & SelectionKey.OP_READ) != 0 && buffer.hasRemaining() && !inputClosed) {
                inputClosed = channel.read(buffer) < 0;
            }
            if (buffer.position() > 0) {
                buffer.flip();
                final int n = channel.write(buffer);
                buffer.compact();
                final int fromBanner = Math.min(n, bannerLeft);
                bannerLeft -= fromBanner;
                bytesEchoed += n - fromBanner;
            }
            if (inputClosed && buffer.position() == 0) {
                // The client is done sending and has everything back: pass its FIN on, then close.
                channel.shutdownOutput();
                close();
                return;
            }
            interest((inputClosed || !buffer.hasRemaining() ? 0 : SelectionKey.OP_READ)
                    | (buffer.position() > 0 ? SelectionKey.OP_WRITE : 0));
        }

        @Override
        void onDeadline() {
            // The echo server sets no deadlines.
        }
    }
}
