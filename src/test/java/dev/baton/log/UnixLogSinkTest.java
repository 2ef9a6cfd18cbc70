package dev.baton.log;

import dev.baton.support.DaemonProcess;
import dev.baton.support.ExternalTool;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tinylog.Level;
import org.tinylog.core.LogEntry;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Syslog on a Unix datagram socket ({@code log unix@PATH}, {@code log /dev/log}): the receiver is
 * {@code socat -u UNIX-RECV:PATH -} (a child process, stopped by its process in the cleanup) writing each datagram
 * to a file. The datagrams are HAProxy 2.6's for the same target, byte for byte but the time and the tag
 * ({@code haproxy[PID]} there), and a receiver missing at start or at a send fails nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixLogSinkTest {
    /**
     * {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: message\n} (no host name, as HAProxy's default rfc3164 header): group 1
     * the priority, 2 the tag, 3 the message.
     */
    private static final Pattern RFC3164 =
        Pattern.compile("<(\\d+)>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d ([a-z]+)\\[\\d+\\]: (.*)");

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (final Process p : started) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    private static LogEntry entry(final String tag, final Level level, final String message) {
        return new LogEntry(null, null, Map.of(), null, null, null, 0, tag, level, message, null);
    }

    /** socat receiving on {@code socket}, its datagrams appended to {@code out}; returns once the socket exists. */
    private void receiver(final Path socket, final Path out) throws IOException {
        assumeTrue(ExternalTool.available("socat"), "socat is not installed (apt-get install socat)");
        final Process p = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + socket, "-")
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        started.add(p);
        await("socat bound to " + socket).atMost(Duration.ofSeconds(10)).until(() -> Files.exists(socket));
    }

    private static List<String> awaitLines(final Path out, final int n) {
        final List<String> lines = new ArrayList<>();
        await(n + " datagram(s) in " + out).atMost(Duration.ofSeconds(10)).until(() -> {
            lines.clear();
            if (Files.exists(out)) {
                lines.addAll(Files.readAllLines(out));
            }
            return lines.size() >= n;
        });
        return lines;
    }

    private static String awaitLine(final Path out, final String part) {
        final String[] found = new String[1];
        await("a datagram with '" + part + "' in " + out).atMost(Duration.ofSeconds(10)).until(() -> {
            if (Files.exists(out)) {
                for (final String l : Files.readAllLines(out)) {
                    if (l.contains(part)) {
                        found[0] = l;
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    @Test
    void sendsRfc3164DatagramsWithFacilityAndSeverity() throws Exception {
        final Path socket = dir.resolve("log.sock");
        final Path out = dir.resolve("received");
        receiver(socket, out);
        final TestDispatch writer = TestDispatch.to(TestDispatch.unix(socket.toString(), "local2"));
        try {
            writer.write(entry(TrafficLog.TAG, Level.INFO, "127.0.0.1:5000 [x] fe be/s1 0/1/2 10 -- 1/1/1/1/0 0/0"));
            writer.write(entry(TrafficLog.TAG, Level.ERROR, "an error line"));
            writer.write(entry(ServerEventLog.TAG_ALERT, Level.ERROR, "Server be/s1 is DOWN"));
        } finally {
            writer.close();
        }
        final List<String> lines = awaitLines(out, 3);
        final int[] priorities = {18 * 8 + 6, 18 * 8 + 3, 18 * 8 + 1};
        final String[] messages = {"127.0.0.1:5000 [x] fe be/s1 0/1/2 10 -- 1/1/1/1/0 0/0", "an error line",
            "Server be/s1 is DOWN"};
        for (int i = 0; i < 3; i++) {
            final Matcher m = RFC3164.matcher(lines.get(i));
            assertTrue(m.matches(), lines.get(i));
            assertEquals(priorities[i], Integer.parseInt(m.group(1)), lines.get(i));
            assertEquals("baton", m.group(2));
            assertEquals(messages[i], m.group(3));
        }
    }

    /** No receiver at start nor at the first line: nothing fails, that line is dropped; the next one arrives. */
    @Test
    void aReceiverMissingAtStartIsFoundLater() throws Exception {
        final Path socket = dir.resolve("late.sock");
        final Path out = dir.resolve("received");
        final TestDispatch writer = TestDispatch.to(TestDispatch.unix(socket.toString(), "local0"));
        try {
            writer.write(entry(TrafficLog.TAG, Level.INFO, "dropped: nobody listens"));
            receiver(socket, out);
            writer.write(entry(TrafficLog.TAG, Level.INFO, "received"));
        } finally {
            writer.close();
        }
        final List<String> lines = awaitLines(out, 1);
        assertEquals(1, lines.size(), lines.toString());
        final Matcher m = RFC3164.matcher(lines.get(0));
        assertTrue(m.matches() && m.group(3).equals("received") && m.group(1).equals("134"), lines.get(0));
    }

    /**
     * HAProxy 2.6 on {@code log unix@PATH local0} with {@code option log-separate-errors}, one tcplog stream that
     * fails to connect (an error: level err), next to the writer's datagram for the daemon's line of the same
     * failure: the same priority (131, local0.err), the same header, the same ending.
     */
    @Test
    void sameDatagramAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        final Path hSocket = dir.resolve("h.sock");
        final Path hOut = dir.resolve("h.received");
        receiver(hSocket, hOut);
        final int port = RunningDaemon.freePort();
        final Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
            global
                log unix@%s local0
            defaults
                mode tcp
                log global
                option tcplog
                option log-separate-errors
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            listen fe
                bind 127.0.0.1:%d
                server s 127.0.0.1:%d
            """.formatted(hSocket, port, RunningDaemon.freePort()));
        final Path log = dir.resolve("haproxy.out");
        final Process haproxy = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(haproxy);
        await("haproxy listening").atMost(Duration.ofSeconds(10)).until(() -> {
            if (!haproxy.isAlive()) {
                throw new AssertionError("haproxy exited: " + Files.readString(log));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("x".getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().read(); // the server is down: closed at once
                return true;
            } catch (final IOException e) {
                return false;
            }
        });
        final String fromHaproxy = awaitLines(hOut, 1).get(0);

        final Path bSocket = dir.resolve("b.sock");
        final Path bOut = dir.resolve("b.received");
        receiver(bSocket, bOut);
        final Matcher h = RFC3164.matcher(fromHaproxy);
        assertTrue(h.matches(), fromHaproxy);
        final TestDispatch writer = TestDispatch.to(TestDispatch.unix(bSocket.toString(), "local0"));
        try {
            writer.write(entry(TrafficLog.TAG, Level.ERROR, h.group(3))); // the same message text
        } finally {
            writer.close();
        }
        final Matcher b = RFC3164.matcher(awaitLines(bOut, 1).get(0));
        assertTrue(b.matches());
        assertEquals("131", h.group(1), "HAProxy's own priority: local0.err (" + fromHaproxy + ")");
        assertTrue(h.group(3).contains(" SC "), "HAProxy's line is the failure the test means: " + fromHaproxy);
        assertEquals(h.group(1), b.group(1), "priority");
        assertEquals(h.group(3), b.group(3), "message");
        assertEquals("haproxy", h.group(2));
        final byte[] hBytes = Files.readAllBytes(hOut);
        final byte[] bBytes = Files.readAllBytes(bOut);
        assertEquals('\n', hBytes[hBytes.length - 1], "HAProxy ends its datagram with a line feed");
        assertEquals('\n', bBytes[bBytes.length - 1], "so does the writer");
    }

    /**
     * The daemon itself (a child process) with {@code log unix@PATH local0} and {@code log PATH local1 err} (the
     * {@code /dev/log} form), {@code option log-separate-errors}: a 503 reaches both sockets at severity err, a 200
     * only the first (its level is info, above the second target's err).
     */
    @Test
    void theDaemonLogsToBothUnixForms() throws Exception {
        final Path first = dir.resolve("first.sock");
        final Path second = dir.resolve("second.sock");
        final Path firstOut = dir.resolve("first.received");
        final Path secondOut = dir.resolve("second.received");
        receiver(first, firstOut);
        receiver(second, secondOut);
        final int port = RunningDaemon.freePort();
        try (HttpBackend up = HttpBackend.start()) {
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), """
                global
                    log unix@%s local0
                    log %s local1 err
                defaults
                    mode http
                    log global
                    option httplog
                    option log-separate-errors
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%d
                    use_backend down if { path_beg /down }
                    default_backend up
                backend up
                    server s 127.0.0.1:%d
                backend down
                    server s 127.0.0.1:%d
                """.formatted(first, second, port, up.port(), RunningDaemon.freePort()));
            try (DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString())) {
                baton.awaitAccepting(port);
                for (final String path : new String[] {"/", "/down"}) {
                    try (RawHttp c = RawHttp.open(port)) {
                        c.send(RawHttp.get(path, "Connection: close\r\n"));
                        assertEquals(path.equals("/") ? 200 : 503, c.read().status);
                    }
                }
                // awaitAccepting's probe, a connection without a request, is a <BADREQ> line of its own
                final String okLine = awaitLine(firstOut, " fe up/s ");
                final String failedLine = awaitLine(firstOut, " fe down/s ");
                final String errLine = awaitLine(secondOut, " fe down/s ");
                final Matcher ok = RFC3164.matcher(okLine);
                final Matcher failed = RFC3164.matcher(failedLine);
                final Matcher err = RFC3164.matcher(errLine);
                assertTrue(ok.matches() && failed.matches() && err.matches(), okLine + "\n" + failedLine + "\n" + errLine);
                assertEquals("134", ok.group(1), "local0.info: " + okLine);
                assertTrue(ok.group(3).contains(" 200 "), okLine);
                assertEquals("baton", ok.group(2));
                assertEquals("131", failed.group(1), "local0.err: " + failedLine);
                assertTrue(failed.group(3).contains(" 503 "), failedLine);
                assertEquals("139", err.group(1), "local1.err: " + errLine);
                assertEquals(failed.group(3), err.group(3));
                assertEquals(0, baton.stop(), baton.stderr());
                assertTrue(Files.readAllLines(secondOut).stream().noneMatch(l -> l.contains(" fe up/s ")),
                    "the info line stays out of the err target");
            }
        }
    }
}
