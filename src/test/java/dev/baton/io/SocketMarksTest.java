package dev.baton.io;

import dev.baton.sys.NativeSockets;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code set-tos} and {@code set-mark} leave on a real loopback socket, read back from the kernel: the TOS byte,
 * and the mark when the process may set one (root or CAP_NET_ADMIN; otherwise the endpoint says it could not). And
 * what {@code silent-drop} leaves the peer: an established connection with nothing to read (TCP repair mode, when
 * allowed) or a reset, never an orderly end of stream.
 */
class SocketMarksTest {
    @Test
    void tosAndMarkAreSetOnTheSocket() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                 SocketChannel accepted = server.accept()) {
                final SocketEndpoint e = new SocketEndpoint(accepted, new FdBudget(10), (endpoint, ops) -> { });
                assertTrue(e.setTos(0x20));
                assertEquals(0x20, accepted.getOption(StandardSocketOptions.IP_TOS));
                final boolean marked = e.setMark(7);
                final int fd = NativeSockets.fd(accepted);
                assertEquals(marked ? 7 : 0, NativeSockets.getInt(fd, NativeSockets.SOL_SOCKET, NativeSockets.SO_MARK));
                assertTrue(client.isConnected());
            }
        }
    }

    @Test
    void silentDropNeverEndsTheStreamInOrder() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress())) {
                final SocketChannel accepted = server.accept();
                final SocketEndpoint e = new SocketEndpoint(accepted, new FdBudget(10), (endpoint, ops) -> { });
                client.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                e.silentDrop();
                assertTrue(e.isClosed());
                assertFalse(accepted.isOpen());
                client.socket().setSoTimeout(300);
                String seen;
                try {
                    seen = client.socket().getInputStream().read() < 0 ? "eof" : "data";
                } catch (final java.net.SocketTimeoutException t) {
                    seen = "silence";
                } catch (final java.net.SocketException reset) {
                    seen = "reset";
                }
                final boolean repairAllowed = "silence".equals(seen);
                assertTrue(repairAllowed || "reset".equals(seen), seen);
            }
        }
    }
}
