package dev.baton.tcp;

import dev.baton.counters.Counter;
import dev.baton.support.BlockingServer;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tcp-request connection|session|content} rules and {@code tcp-request inspect-delay} in mode tcp, end to end:
 * content rules wait for bytes until the delay ends, the switching rules that follow read the same bytes (a dynamic
 * {@code use_backend %[...]} too, an unknown name going to {@code default_backend}), rejects close the client at the
 * level each rule set works at.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TcpContentRulesTest {
    private static final String HEAD = String.join("\n",
        "global",
        "    nbthread 1",
        "defaults",
        "    mode tcp",
        "    log global",
        "    option tcplog",
        "    timeout connect 2s",
        "    timeout client 10s",
        "    timeout server 10s",
        "");

    @TempDir
    Path dir;

    private final RecordingBackend one;
    private final RecordingBackend two;
    private RunningDaemon daemon;

    TcpContentRulesTest() throws IOException {
        one = new RecordingBackend();
        two = new RecordingBackend();
    }

    @AfterEach
    void stop() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
        one.close();
        two.close();
    }

    private String backends() {
        return String.join("\n",
            "backend b1",
            "    server s 127.0.0.1:" + one.port(),
            "backend b2",
            "    server s 127.0.0.1:" + two.port(),
            "");
    }

    /** Starts the daemon with frontend {@code fe} on a free port (returned): its bind, then {@code lines}. */
    private int startFrontend(final String... lines) throws Exception {
        final int port = RunningDaemon.freePort();
        daemon = RunningDaemon.start(HEAD + "frontend fe\n    bind 127.0.0.1:" + port + "\n" + String.join("\n", lines)
            + "\n" + backends());
        return port;
    }

    private static String firstLine(final RecordingBackend b) throws InterruptedException {
        final String head = b.heads.poll(10, TimeUnit.SECONDS);
        assertNotNull(head, "the backend got the request");
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** Connects and sends {@code first}; returns the client's socket, still open. */
    private static Socket send(final int port, final String first) throws IOException {
        final Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        write(s, first);
        return s;
    }

    private static void write(final Socket s, final String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Reads once: -1 for a FIN, -2 for a reset, else the first byte that came. */
    private static int end(final Socket s) {
        try {
            final InputStream in = s.getInputStream();
            return in.read();
        } catch (final IOException e) {
            return -2;
        }
    }

    @Test
    void contentRulesWaitForBytesUntilTheInspectDelayEnds() throws Exception {
        final int port = startFrontend(
            "    tcp-request inspect-delay 700ms",
            "    tcp-request content accept if { req.payload(0,4) -m str PING }",
            "    use_backend b2 if { req.payload(0,3) -m str GET }",
            "    default_backend b1");
        // whole at once: the rule cannot match ("GET " is not PING) and does not wait; the switching rule matches
        final long start = System.nanoTime();
        try (Socket s = send(port, "GET /at-once HTTP/1.1\r\n\r\n")) {
            assertEquals("GET /at-once HTTP/1.1", firstLine(two));
            assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(650), "no wait for the delay");
            assertEquals('H', end(s), "the server's answer comes back");
        }
        // two bytes, then nothing: the rules wait for the delay, then run on "GE": the switching rule finds too
        // few bytes and the connection goes to default_backend with what it sent, then the rest (had the rest come
        // before the delay ended, the switching rule would have sent it to b2)
        final int client;
        try (Socket s = send(port, "GE")) {
            client = s.getLocalPort();
            assertNull(one.heads.poll(900, TimeUnit.MILLISECONDS), "nothing reached a server yet");
            write(s, "T /late HTTP/1.1\r\n\r\n");
            assertEquals("GET /late HTTP/1.1", firstLine(one));
            assertEquals('H', end(s));
        }
        final String line = TrafficLogCapture.awaitTcplog(client);
        assertTrue(line.contains(" fe b1/s "), line);
        final long tw = Long.parseLong(line.split(" ")[4].split("/")[0]);
        assertTrue(tw >= 700 && tw < 900, "Tw counts the inspect delay, as in HAProxy: " + line);
        assertNull(two.heads.poll(100, TimeUnit.MILLISECONDS));
    }

    @Test
    void aRejectingContentRuleEndsTheStreamWithAnPrLine() throws Exception {
        final int port = startFrontend(
            "    tcp-request inspect-delay 5s",
            "    tcp-request content reject if { req.len gt 20 }",
            "    tcp-request content accept if { req.payload(0,4) -m str \"GET \" }",
            "    default_backend b1");
        try (Socket s = send(port, "GET /a-request-long-enough-to-be-refused HTTP/1.1\r\n\r\n")) {
            assertEquals(-1, end(s), "closed with a FIN, as HAProxy does");
            final String line = TrafficLogCapture.awaitTcplog(s.getLocalPort());
            assertTrue(line.contains(" fe fe/<NOSRV> -1/-1/"), line);
            assertTrue(line.contains(" 0 PR "), line);
        }
        // short: req.len may still grow, so the reject rule waits (and the accept after it is not reached) until
        // the client says the rest; the stream then goes through
        try (Socket s = send(port, "GET /xyz")) {
            assertNull(one.heads.poll(300, TimeUnit.MILLISECONDS), "waiting: req.len may still grow past 20");
            write(s, " HTTP/1.1\r\n\r\n");
            assertEquals(-1, end(s), "21 bytes: rejected once the rest came");
        }
        try (Socket s = send(port, "GET")) {
            assertNull(one.heads.poll(300, TimeUnit.MILLISECONDS), "waiting");
            write(s, " /y\r\n\r\n");
            s.shutdownOutput(); // the client is done: inspection ends with 10 bytes, the reject rule fails
            assertEquals("GET /y", firstLine(one).trim());
        }
        assertEquals(2, daemon.daemon().frontend("fe").counters().get(Counter.DENIED_REQUESTS));
    }

    @Test
    void aDynamicUseBackendNamesTheBackendFromTheBytes() throws Exception {
        final int port = startFrontend(
            "    tcp-request inspect-delay 5s",
            "    tcp-request content accept if { req.len ge 2 }",
            "    use_backend %[req.payload(0,2),lower]",
            "    use_backend b2",
            "    default_backend b1");
        try (Socket s = send(port, "B2 / HTTP/1.1\r\n\r\n")) {
            assertEquals("B2 / HTTP/1.1", firstLine(two));
            assertEquals('H', end(s));
        }
        try (Socket s = send(port, "ZZ / HTTP/1.1\r\n\r\n")) {
            assertEquals("ZZ / HTTP/1.1", firstLine(one), "an unknown name ends the rules: default_backend");
            assertEquals('H', end(s));
        }
    }

    @Test
    void connectionAndSessionRejectsResetWithoutALogLine() throws Exception {
        final Path blocked = Files.writeString(dir.resolve("blocked.lst"), "# test\n127.0.0.1\n");
        final int conn = RunningDaemon.freePort();
        final int sess = RunningDaemon.freePort();
        final int open = RunningDaemon.freePort();
        daemon = RunningDaemon.start(HEAD + String.join("\n",
            "frontend byconnection",
            "    bind 127.0.0.1:" + conn,
            "    tcp-request connection reject if { src -f " + blocked + " }",
            "    default_backend b1",
            "frontend bysession",
            "    bind 127.0.0.1:" + sess,
            "    tcp-request session accept if { dst_port " + open + " }",
            "    tcp-request session reject",
            "    default_backend b1",
            "frontend accepted",
            "    bind 127.0.0.1:" + open,
            "    tcp-request connection accept if { src -f " + blocked + " }",
            "    tcp-request connection reject",
            "    default_backend b1",
            "") + backends());
        for (final int port : new int[] {conn, sess}) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                assertEquals(-2, end(s), "reset");
                assertEquals(0, TrafficLogCapture.count(l -> l.startsWith("127.0.0.1:" + s.getLocalPort() + " ")));
            }
        }
        try (Socket s = send(open, "GET /in HTTP/1.1\r\n\r\n")) {
            assertEquals("GET /in HTTP/1.1", firstLine(one), "accepted before the reject rule");
            assertEquals('H', end(s));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> daemon.daemon().liveStreams() == 0);
    }

    @Test
    void responseRulesHoldTheServersBytesUntilTheyDecide() throws Exception {
        try (BlockingServer echo = BlockingServer.start("echo", BlockingServer.echo())) {
            final int port = RunningDaemon.freePort();
            daemon = RunningDaemon.start(HEAD + String.join("\n",
                "listen li",
                "    bind 127.0.0.1:" + port,
                "    tcp-response inspect-delay 5s",
                "    tcp-response content reject if { res.payload(0,4) -m str QUIT }",
                "    tcp-response content accept if { res.len ge 5 }",
                "    server s 127.0.0.1:" + echo.port(),
                ""));
            try (Socket s = send(port, "HELLO world")) {
                assertEquals("HELLO world", read(s, 11), "accepted: the echo comes back");
            }
            try (Socket s = send(port, "abc")) {
                s.setSoTimeout(400);
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read(),
                    "3 bytes: res.payload(0,4) and res.len may change, the echo is held");
                s.setSoTimeout(10_000);
                write(s, "de");
                assertEquals("abcde", read(s, 5));
            }
            try (Socket s = send(port, "QUIT now")) {
                assertEquals(-1, end(s), "rejected: closed without the echo");
                final String line = TrafficLogCapture.awaitTcplog(s.getLocalPort());
                assertTrue(line.contains(" li li/s ") && line.contains(" PD "), line);
            }
            assertEquals(1, daemon.daemon().frontend("li").counters().get(Counter.DENIED_RESPONSES));
        }
    }

    private static String read(final Socket s, final int n) throws IOException {
        final byte[] b = s.getInputStream().readNBytes(n);
        return new String(b, StandardCharsets.US_ASCII);
    }
}
