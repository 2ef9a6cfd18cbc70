package dev.baton.log;

import dev.baton.support.ExternalTool;
import dev.baton.support.RunningDaemon;
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
class SyslogUnixWriterTest {
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

    @Test
    void sendsRfc3164DatagramsWithFacilityAndSeverity() throws Exception {
        final Path socket = dir.resolve("log.sock");
        final Path out = dir.resolve("received");
        receiver(socket, out);
        final SyslogUnixWriter writer = new SyslogUnixWriter(Map.of("path", socket.toString(), "facility", "local2"));
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
        final SyslogUnixWriter writer = new SyslogUnixWriter(Map.of("path", socket.toString()));
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
        final SyslogUnixWriter writer = new SyslogUnixWriter(Map.of("path", bSocket.toString(), "facility", "local0"));
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
}
