package dev.baton.sample;

import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code use_backend ... if COND} in a mode tcp frontend: chosen at session start from connection fetches. */
class TcpUseBackendTest {
    private RecordingBackend one;
    private RecordingBackend two;
    private RecordingBackend three;
    private RunningDaemon daemon;

    @AfterEach
    void stop() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
        for (final RecordingBackend b : new RecordingBackend[] {one, two, three}) {
            if (b != null) {
                b.close();
            }
        }
    }

    @Test
    void switchingRulesPickTheBackendByConnectionFetches() throws Exception {
        one = new RecordingBackend();
        two = new RecordingBackend();
        three = new RecordingBackend();
        final int p1 = RunningDaemon.freePort();
        final int p2 = RunningDaemon.freePort();
        final int p3 = RunningDaemon.freePort();
        daemon = RunningDaemon.start(String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode tcp",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + p1,
            "    bind 127.0.0.1:" + p2,
            "    bind 127.0.0.1:" + p3,
            "    acl second dst_port " + p2,
            "    acl loopback src 127.0.0.0/8",
            "    use_backend b2 if second loopback",
            "    use_backend b3 if { dst_port,add(0) " + p3 + " } { fe_name,upper FE }",
            "    use_backend b2 if { dst_port " + p3 + " }",
            "    default_backend b1",
            "backend b1",
            "    server s 127.0.0.1:" + one.port(),
            "backend b2",
            "    server s 127.0.0.1:" + two.port(),
            "backend b3",
            "    server s 127.0.0.1:" + three.port(),
            ""));
        send(p1, "/one");
        send(p2, "/two");
        send(p3, "/three");
        assertEquals("GET /one HTTP/1.1", firstLine(one));
        assertEquals("GET /two HTTP/1.1", firstLine(two));
        assertEquals("GET /three HTTP/1.1", firstLine(three), "the first rule that holds wins");
        assertNull(one.heads.poll(200, TimeUnit.MILLISECONDS));
        assertNull(two.heads.poll(200, TimeUnit.MILLISECONDS));
    }

    private static String firstLine(final RecordingBackend b) throws InterruptedException {
        final String head = b.heads.poll(10, TimeUnit.SECONDS);
        assertNotNull(head, "the backend got a request");
        return head.substring(0, head.indexOf("\r\n"));
    }

    private static void send(final int port, final String path) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            final byte[] reply = new byte[64];
            int got = 0;
            while (got < 40) {
                final int n = s.getInputStream().read(reply, got, reply.length - got);
                if (n < 0) {
                    break;
                }
                got += n;
            }
        }
    }
}
