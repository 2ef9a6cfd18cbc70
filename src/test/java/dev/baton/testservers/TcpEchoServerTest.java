package dev.baton.testservers;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TcpEchoServerTest {

    private static Socket connect(final TcpEchoServer server) throws IOException {
        final Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5_000);
        socket.setSoTimeout(5_000);
        return socket;
    }

    @Test
    void echoesEightMebibytesIntact() throws Exception {
        final int total = 8 * 1024 * 1024;
        try (TcpEchoServer server = TcpEchoServer.start("127.0.0.1", 0); Socket socket = connect(server)) {
            final CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
                final CRC32 crc = new CRC32();
                final Random random = new Random(42);
                final byte[] chunk = new byte[64 * 1024];
                try {
                    final OutputStream out = socket.getOutputStream();
                    for (int written = 0; written < total; written += chunk.length) {
                        random.nextBytes(chunk);
                        crc.update(chunk);
                        out.write(chunk);
                    }
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
                return crc.getValue();
            });
            final CRC32 crc = new CRC32();
            long received = 0;
            final InputStream in = socket.getInputStream();
            final byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
                received += n;
            }
            assertEquals(total, received);
            assertEquals(sent.get(10, TimeUnit.SECONDS), crc.getValue());
            assertEquals(total, server.bytesEchoed());
            assertEquals(1, server.connectionsAccepted());
        }
    }

    @Test
    void halfCloseIsPassedOnOnceEverythingIsEchoed() throws Exception {
        try (TcpEchoServer server = TcpEchoServer.start("127.0.0.1", 0); Socket socket = connect(server)) {
            final OutputStream out = socket.getOutputStream();
            final InputStream in = socket.getInputStream();
            out.write("ping".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("ping".getBytes(StandardCharsets.US_ASCII), in.readNBytes(4));
            // Still open both ways until the client half-closes.
            assertEquals(1, server.openConnections());
            out.write("last words".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertEquals("last words", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 0);
            assertEquals(14, server.bytesEchoed());
        }
    }

    @Test
    void bannerIsSentOnConnectAndNotCountedAsEcho() throws Exception {
        try (TcpEchoServer server = TcpEchoServer.start(
                new TcpEchoServer.Options().name("e1").bannerOnConnect("e1\n"));
             Socket socket = connect(server)) {
            socket.getOutputStream().write("hi\n".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            assertEquals("e1\nhi\n", new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            assertEquals(3, server.bytesEchoed());
            assertEquals("e1", server.name());
        }
    }

    @Test
    void closeClosesConnectionsAndFreesThePort() throws Exception {
        final TcpEchoServer server = TcpEchoServer.start("127.0.0.1", 0);
        try (Socket a = connect(server); Socket b = connect(server)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 2);
            server.close();
            server.close();
            assertEquals(-1, a.getInputStream().read());
            assertEquals(-1, b.getInputStream().read());
            assertEquals(2, server.connectionsAccepted());
        }
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port()).close());
    }
}
