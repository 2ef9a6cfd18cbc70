package dev.baton.sample;

import dev.baton.support.DaemonProcess;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code balance hash EXPR} in a mode tcp backend, where the expression sees the connection's fetches: the server
 * chosen for each destination port ({@code balance hash dst_port}, consistent) is the one HAProxy 2.6 chooses on the
 * same configuration. Each connection carries its port in an HTTP-looking line, so the recording servers tell which
 * port reached them.
 */
class TcpHashBalanceSameAsHaproxyTest {
    private static final int BINDS = 12;

    @TempDir
    Path dir;

    private static String config(final int[] binds, final RecordingBackend[] servers) {
        final StringBuilder c = new StringBuilder(String.join("\n", "global", "    nbthread 1", "defaults",
            "    mode tcp", "    timeout connect 2s", "    timeout client 5s", "    timeout server 5s", "listen l", ""));
        for (final int b : binds) {
            c.append("    bind 127.0.0.1:").append(b).append('\n');
        }
        c.append("    balance hash dst_port\n    hash-type consistent\n");
        for (int i = 0; i < servers.length; i++) {
            c.append("    server s").append(i).append(" 127.0.0.1:").append(servers[i].port()).append(" weight ")
                .append(i + 1).append('\n');
        }
        return c.toString();
    }

    /** For each bind in order, the index of the server that got its connection. */
    private static List<Integer> route(final int[] binds, final RecordingBackend[] servers) throws Exception {
        final List<Integer> out = new ArrayList<>();
        for (final int b : binds) {
            send(b);
            out.add(RecordingBackend.whichGot(servers, "GET /" + b + " "));
        }
        return out;
    }

    @Test
    void eachDestinationPortReachesTheServerHaproxyPicks() throws Exception {
        final RecordingBackend[] servers = {new RecordingBackend(), new RecordingBackend(), new RecordingBackend()};
        try {
            // the same ports for both, one after the other: the key is the port
            final int[] binds = new int[BINDS];
            for (int i = 0; i < BINDS; i++) {
                binds[i] = RunningDaemon.freePort();
            }
            final List<Integer> fromHaproxy;
            final HaproxyProcess haproxy = HaproxyProcess.start(dir, config(binds, servers), binds[BINDS - 1]);
            try {
                fromHaproxy = route(binds, servers);
            } finally {
                haproxy.close();
            }
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config(binds, servers));
            final List<Integer> fromBaton;
            try (DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString())) {
                baton.awaitAccepting(binds[BINDS - 1]);
                for (final RecordingBackend s : servers) {
                    s.heads.clear(); // the probe connection of awaitAccepting sent nothing, but be sure
                }
                fromBaton = route(binds, servers);
            }
            assertTrue(fromHaproxy.stream().distinct().count() > 1, "the ports spread over servers: " + fromHaproxy);
            assertEquals(fromHaproxy, fromBaton);
        } finally {
            for (final RecordingBackend s : servers) {
                s.close();
            }
        }
    }

    private static void send(final int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /" + port + " HTTP/1.1\r\nHost: x\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            RecordingBackend.readAnswerStart(s);
        }
    }
}
