package dev.baton.tcp;

import dev.baton.support.RunningDaemon;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code option tcpka}, {@code clitcpka} and {@code srvtcpka} seen from the kernel: baton's two sockets of one
 * proxied connection (the one it accepted from the client, the one it opened to the server) are found in
 * {@code /proc/net/tcp} (or {@code tcp6}) by their ports, and the timer column says whether the keep-alive timer runs (2) or no
 * timer does (0) on the idle connection. {@code tcpka} in a frontend gives the client side only, in a backend
 * the server side only, in {@code defaults} both, as HAProxy's manual says.
 */
class TcpKeepAliveTest {
    /** {@code /proc/net/tcp}'s {@code tr} value while the keep-alive timer is pending. */
    private static final int KEEPALIVE_TIMER = 2;
    private static final int NO_TIMER = 0;
    /** The retransmission timer, pending until the peer acknowledges the echo: waited out. */
    private static final int RETRANSMIT_TIMER = 1;

    /** Which sockets had the keep-alive timer, client side then server side. */
    private record Sides(int client, int server) {
    }

    private static String config(final int fePort, final int serverPort, final String defaults,
                                 final String frontend, final String backend) {
        return String.join("\n",
            "defaults",
            "    timeout connect 2s",
            "    timeout client 30s",
            "    timeout server 30s",
            defaults,
            "frontend fe",
            "    bind 127.0.0.1:" + fePort,
            frontend,
            "    default_backend be",
            "backend be",
            backend,
            "    server s 127.0.0.1:" + serverPort,
            "");
    }

    /** One proxied connection, idle after an echo: the timer column of baton's client and server sockets. */
    private static Sides sides(final String defaults, final String frontend, final String backend) throws Exception {
        try (TcpEchoServer echo = TcpEchoServer.start("127.0.0.1", 0);
             RunningDaemon baton = RunningDaemon.start(
                 config(RunningDaemon.freePort(), echo.port(), defaults, frontend, backend));
             Socket client = new Socket()) {
            final int fePort = baton.port("fe");
            client.connect(new InetSocketAddress("127.0.0.1", fePort), 5_000);
            client.setSoTimeout(5_000);
            final byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            client.getOutputStream().write(ping);
            assertArrayEquals(ping, client.getInputStream().readNBytes(ping.length), "proxied both ways");
            final int clientPort = client.getLocalPort();
            // baton's accepted socket: local fe port, remote the client's port
            final int clientSide = await("baton's accepted socket, idle").atMost(Duration.ofSeconds(5))
                .until(() -> timer(fePort, clientPort, -1), t -> t != null && t != RETRANSMIT_TIMER);
            // baton's server socket: the one whose remote is the echo server and whose local port is not the echo's
            final int serverSide = await("baton's server socket, idle").atMost(Duration.ofSeconds(5))
                .until(() -> timer(-1, -1, echo.port()), t -> t != null && t != RETRANSMIT_TIMER);
            return new Sides(clientSide, serverSide);
        }
    }

    /**
     * The {@code tr} column of the established socket of /proc/net/tcp or tcp6 with local port {@code local} and
     * remote port {@code remote} (-1: any), or, with {@code remoteOnly} set, the one whose remote port is it.
     * Null when absent.
     */
    private static Integer timer(final int local, final int remote, final int remoteOnly) throws IOException {
        final String field = timerField(local, remote, remoteOnly);
        return field == null ? null : Integer.parseInt(field.substring(0, field.indexOf(':')), 16);
    }

    /** The whole {@code tr:tm->when} column of that socket ({@code when} in clock ticks), or null. */
    private static String timerField(final int local, final int remote, final int remoteOnly) throws IOException {
        final List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp")));
        final Path v6 = Path.of("/proc/net/tcp6"); // the JDK's sockets are dual-stack: 127.0.0.1 as ::ffff:127.0.0.1
        if (Files.exists(v6)) {
            lines.addAll(Files.readAllLines(v6));
        }
        for (final String line : lines) {
            final String[] f = line.trim().split("\\s+");
            if (f.length < 6 || !f[3].equals("01")) { // 01: ESTABLISHED (the header line has "st")
                continue;
            }
            final int lp = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
            final int rp = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
            final boolean match = remoteOnly >= 0 ? rp == remoteOnly : lp == local && rp == remote;
            if (match) {
                return f[5];
            }
        }
        return null;
    }

    /**
     * {@code clitcpka-idle} and {@code srvtcpka-idle} (seconds by default, or with a unit): the keep-alive timer of
     * each side fires within its proxy's idle time, not the kernel's two hours; /proc counts in clock ticks.
     */
    @Test
    void idleTimesAreEachSidesOwn() throws Exception {
        try (TcpEchoServer echo = TcpEchoServer.start("127.0.0.1", 0);
             RunningDaemon baton = RunningDaemon.start(config(RunningDaemon.freePort(), echo.port(),
                 "    option tcpka\n    clitcpka-idle 30\n    clitcpka-intvl 5\n    clitcpka-cnt 3",
                 "", "    srvtcpka-idle 1m\n    srvtcpka-cnt 4"));
             Socket client = new Socket()) {
            client.connect(new InetSocketAddress("127.0.0.1", baton.port("fe")), 5_000);
            client.setSoTimeout(5_000);
            client.getOutputStream().write('x');
            assertEquals('x', client.getInputStream().read());
            final long ticksPerSecond = 100; // USER_HZ, what /proc/net/tcp counts in
            final long clientWhen = await().atMost(Duration.ofSeconds(5))
                .until(() -> when(timerField(baton.port("fe"), client.getLocalPort(), -1)), w -> w != null && w >= 0);
            final long serverWhen = await().atMost(Duration.ofSeconds(5))
                .until(() -> when(timerField(-1, -1, echo.port())), w -> w != null && w >= 0);
            assertTrue(clientWhen <= 30 * ticksPerSecond && clientWhen > 20 * ticksPerSecond, "client " + clientWhen);
            assertTrue(serverWhen <= 60 * ticksPerSecond && serverWhen > 50 * ticksPerSecond, "server " + serverWhen);
        }
    }

    /** The ticks left before the keep-alive timer fires, or null when that timer is not the one pending. */
    private static Long when(final String field) {
        if (field == null || Integer.parseInt(field.substring(0, field.indexOf(':')), 16) != KEEPALIVE_TIMER) {
            return null;
        }
        return Long.parseLong(field.substring(field.indexOf(':') + 1), 16);
    }

    @Test
    void withoutOptionsNeitherSideProbes() throws Exception {
        assertEquals(new Sides(NO_TIMER, NO_TIMER), sides("", "", ""));
    }

    @Test
    void clitcpkaProbesTheClientSideOnly() throws Exception {
        assertEquals(new Sides(KEEPALIVE_TIMER, NO_TIMER), sides("", "    option clitcpka", ""));
    }

    @Test
    void srvtcpkaProbesTheServerSideOnly() throws Exception {
        assertEquals(new Sides(NO_TIMER, KEEPALIVE_TIMER), sides("", "", "    option srvtcpka"));
    }

    @Test
    void tcpkaAppliesToTheSideTheProxyHas() throws Exception {
        assertEquals(new Sides(KEEPALIVE_TIMER, NO_TIMER), sides("", "    option tcpka", ""), "in a frontend");
        assertEquals(new Sides(NO_TIMER, KEEPALIVE_TIMER), sides("", "", "    option tcpka"), "in a backend");
        assertEquals(new Sides(KEEPALIVE_TIMER, KEEPALIVE_TIMER), sides("    option tcpka", "", ""), "in defaults");
    }

    @Test
    void noOptionUndoesTheDefaults() throws Exception {
        assertEquals(new Sides(NO_TIMER, KEEPALIVE_TIMER),
            sides("    option tcpka", "    no option clitcpka", ""));
    }
}
