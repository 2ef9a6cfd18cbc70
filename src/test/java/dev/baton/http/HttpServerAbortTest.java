package dev.baton.http;

import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.SocketException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A server that stops in the middle of its response: the client gets every byte the server sent, then FIN
 * (a short body it can detect), never a reset that would drop bytes still in flight; the log says SD.
 */
class HttpServerAbortTest {
    private static final int SENT = 50_000;
    private static final int ANNOUNCED = 100_000;

    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void aTruncatedResponseIsForwardedWholeThenClosedWithFin() throws Exception {
        TrafficLogCapture.clear();
        final byte[] body = new byte[SENT];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        final BlockingServer b = rig.rawBackend("truncating", socket -> {
            RawBackends.readHead(socket.getInputStream());
            final OutputStream out = socket.getOutputStream();
            RawBackends.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + ANNOUNCED + "\r\n\r\n");
            out.write(body);
            out.flush();
            socket.close(); // FIN half way through the announced body
        });
        rig.start(HttpConfigs.listen(1, "log global", "option httplog", HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();

        final RawHttp.Response head = c.send(RawHttp.get("/")).readHead();
        assertEquals(200, head.status);
        final byte[] got;
        try {
            got = c.readToEnd();
        } catch (final SocketException e) {
            fail("the client was reset instead of getting the bytes and a FIN: " + e);
            return;
        }

        assertEquals(SENT, got.length, "every byte the server sent");
        assertArrayEquals(body, got);
        final String line = TrafficLogCapture.awaitLine("the httplog line",
            l -> l.contains(":" + c.localPort() + " "));
        assertTrue(line.contains(" SD"), "a server abort in the data phase: " + line);
    }
}
