package dev.baton.log;

import dev.baton.support.DaemonProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which loggers get which lines, as HAProxy 2.6 sends them (the daemon as a child process, UDP receivers read by
 * the test): a stream's line goes to its frontend's loggers only, never to its backend's; a server going DOWN and
 * the backend left without a server go to the backend's loggers (at alert and emerg), never to the frontend's.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyLoggersTest {
    @TempDir
    Path dir;

    private final List<DatagramSocket> receivers = new ArrayList<>();

    @AfterEach
    void close() {
        receivers.forEach(DatagramSocket::close);
    }

    private DatagramSocket receiver() throws Exception {
        final DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        receivers.add(s);
        return s;
    }

    /**
     * The datagrams of {@code r} until {@code last} is among them (10 s at most), then until 300 ms of silence;
     * {@code last} null: until 300 ms of silence.
     */
    private static List<String> until(final DatagramSocket r, final String last) throws Exception {
        final List<String> got = new ArrayList<>();
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean seen = last == null;
        final byte[] buf = new byte[4096];
        while (true) {
            r.setSoTimeout(seen ? 300 : (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime())));
            final DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                r.receive(p);
            } catch (final SocketTimeoutException e) {
                return got;
            }
            final String d = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII);
            got.add(d);
            seen |= last == null || d.contains(last);
        }
    }

    @Test
    void streamLinesGoToTheFrontendsLoggersServerEventsToTheBackends() throws Exception {
        final DatagramSocket front = receiver();
        final DatagramSocket back = receiver();
        final int port = RunningDaemon.freePort();
        final Path cfg = Files.writeString(dir.resolve("baton.cfg"), """
            global
                nbthread 1
            defaults
                mode http
                option httplog
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend fe
                bind 127.0.0.1:%d
                log 127.0.0.1:%d format raw local0
                default_backend be
            backend be
                log 127.0.0.1:%d format short local1
                server s1 127.0.0.1:%d check inter 100 fall 1 rise 1
            """.formatted(port, front.getLocalPort(), back.getLocalPort(), RunningDaemon.freePort()));
        try (DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString())) {
            baton.awaitAccepting(port);
            final List<String> fromBackend = until(back, "has no server available!");
            try (RawHttp c = RawHttp.open(port)) {
                c.send(RawHttp.get("/", "Connection: close\r\n"));
                assertEquals(503, c.read().status);
            }
            // the probe that saw the port open has its line too (a connection closed without a request)
            final List<String> fromFrontend = until(front, " 503 ");
            assertEquals(1, fromFrontend.stream()
                .filter(l -> l.matches("127\\.0\\.0\\.1:\\d+ \\[.*] fe be/<NOSRV> .* 503 .*\n")).count(),
                fromFrontend.toString());
            assertTrue(fromFrontend.stream().allMatch(l -> l.startsWith("127.0.0.1:")), "no server event: "
                + fromFrontend);
            assertEquals(2, fromBackend.size(), fromBackend.toString());
            assertTrue(fromBackend.get(0).startsWith("<1>Server be/s1 is DOWN"), fromBackend.get(0));
            assertEquals("<0>backend be has no server available!\n", fromBackend.get(1));
            assertEquals(List.of(), until(back, null), "the 503's line is not the backend's");
        }
    }
}
