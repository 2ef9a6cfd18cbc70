package dev.baton.tcp;

import dev.baton.support.BlockingServer;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A FIN travels through the daemon in each direction while the other direction keeps carrying data. */
class TcpHalfCloseTest {
    /** Larger than a reactor buffer, so the data after the FIN spans several reads. */
    private static final int PAYLOAD = 300 * 1024;

    private final TcpRig rig = new TcpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private void start(final BlockingServer backend) throws Exception {
        rig.start(TcpConfigs.listenFe(1, TcpConfigs.server("srv", backend.port())));
    }

    @Test
    void clientHalfClosesThenReadsTheWholeReply() throws Exception {
        final byte[] reply = pattern(PAYLOAD);
        final CompletableFuture<String> request = new CompletableFuture<>();
        final BlockingServer backend = rig.backend("reply-after-eof", socket -> {
            request.complete(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            socket.getOutputStream().write(reply);
        });
        start(backend);
        final Socket client = rig.client("fe");

        Sockets.write(client, "request");
        client.shutdownOutput();

        assertEquals("request", request.get(10, TimeUnit.SECONDS), "the backend saw the request, then EOF");
        assertArrayEquals(reply, Sockets.readToEof(client, PAYLOAD), "the reply, then end of stream");
        final String line = TrafficLogCapture.awaitTcplog(client.getLocalPort());
        assertTrue(line.contains(" " + PAYLOAD + " -- "), line);
    }

    @Test
    void serverHalfClosesAndTheClientCanStillSend() throws Exception {
        final CompletableFuture<byte[]> received = new CompletableFuture<>();
        final BlockingServer backend = rig.backend("fin-first", socket -> {
            socket.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            received.complete(socket.getInputStream().readAllBytes());
        });
        start(backend);
        final Socket client = rig.client("fe");

        assertEquals("hello", Sockets.readAscii(client, 5));
        assertEquals(-1, client.getInputStream().read(), "the backend's FIN reaches the client");
        final byte[] payload = pattern(PAYLOAD);
        client.getOutputStream().write(payload);
        client.shutdownOutput();

        assertArrayEquals(payload, received.get(10, TimeUnit.SECONDS), "sent after the server's FIN");
        final String line = TrafficLogCapture.awaitTcplog(client.getLocalPort());
        assertTrue(line.contains(" 5 -- "), line);
    }

    private static byte[] pattern(final int n) {
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8));
        }
        return b;
    }
}
