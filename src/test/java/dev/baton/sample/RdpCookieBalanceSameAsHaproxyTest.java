package dev.baton.sample;

import dev.baton.log.Haproxy26;
import dev.baton.support.DaemonProcess;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
 * {@code balance rdp-cookie} behind {@code tcp-request content accept if RDP_COOKIE}: each RDP connection request
 * (a TPKT/X.224 header, then {@code Cookie: mstshash=USER}) reaches the server HAProxy 2.6 picks for that user on the
 * same configuration. The recording servers see the request (a blank line ends it for them) and tell who got whom.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RdpCookieBalanceSameAsHaproxyTest {
    private static final int USERS = 12;

    @TempDir
    Path dir;

    private static String config(final String global, final int port, final RecordingBackend[] servers) {
        final StringBuilder c = new StringBuilder(String.join("\n", "global", global, "defaults",
            "    mode tcp", "    timeout connect 2s", "    timeout client 5s", "    timeout server 5s", "listen rdp",
            "    bind 127.0.0.1:" + port, "    tcp-request inspect-delay 5s",
            "    tcp-request content accept if RDP_COOKIE", "    balance rdp-cookie", ""));
        for (int i = 0; i < servers.length; i++) {
            c.append("    server s").append(i).append(" 127.0.0.1:").append(servers[i].port()).append('\n');
        }
        return c.toString();
    }

    /** For each user in order, the index of the server that got its connection request. */
    private static List<Integer> route(final int port, final RecordingBackend[] servers) throws Exception {
        final List<Integer> out = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            final String user = "user" + u;
            send(port, user);
            out.add(RecordingBackend.whichGot(servers, "mstshash=" + user + "\r\n"));
        }
        return out;
    }

    /** An RDP connection request for {@code user}, sent in two parts so that the rules wait for the cookie. */
    private static void send(final int port, final String user) throws IOException {
        final byte[] cookie = ("Cookie: mstshash=" + user + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        final int length = 11 + cookie.length;
        final byte[] header = {3, 0, (byte) (length >> 8), (byte) length, (byte) (length - 5), (byte) 0xE0, 0, 0, 0,
            0, 0};
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(header);
            s.getOutputStream().flush();
            s.getOutputStream().write(cookie);
            RecordingBackend.readAnswerStart(s);
        }
    }

    @Test
    void eachUserReachesTheServerHaproxyPicks() throws Exception {
        Haproxy26.assumeInstalled();
        final RecordingBackend[] servers = {new RecordingBackend(), new RecordingBackend(), new RecordingBackend()};
        try {
            final int hPort = RunningDaemon.freePort();
            final List<Integer> fromHaproxy;
            final HaproxyProcess haproxy = HaproxyProcess.start(dir, config("", hPort, servers), hPort);
            try {
                fromHaproxy = route(hPort, servers);
            } finally {
                haproxy.close();
            }
            final int bPort = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config("    nbthread 1", bPort, servers));
            final List<Integer> fromBaton;
            try (DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString())) {
                baton.awaitAccepting(bPort);
                fromBaton = route(bPort, servers);
            }
            assertTrue(fromHaproxy.stream().distinct().count() > 1, "the users spread over servers: " + fromHaproxy);
            assertEquals(fromHaproxy, fromBaton);
        } finally {
            for (final RecordingBackend s : servers) {
                s.close();
            }
        }
    }
}
