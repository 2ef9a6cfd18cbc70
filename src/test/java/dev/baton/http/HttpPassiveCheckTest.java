package dev.baton.http;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.support.RawHttp;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Passive checks end to end ({@code observe}): the traffic's errors take a server DOWN while its active checks
 * still pass, with HAProxy 2.6's log line (compared with {@code haproxy -db} on the same configuration: one
 * reactor, so that the line's "sessions active" counts the stream that saw the last error, as HAProxy's does).
 */
class HttpPassiveCheckTest {
    private final HttpRig rig = new HttpRig();

    @AfterEach
    void close() throws Exception {
        if (rig.running() != null) {
            rig.daemon().healthChecks().stop();
        }
        rig.close();
    }

    private int get(final String path) throws Exception {
        try (RawHttp c = RawHttp.open(rig.port())) {
            return c.send(RawHttp.get(path, "Connection: close\r\n")).read().status;
        }
    }

    @Test
    void observeLayer7MarksAServerDownAfterErrorLimit503s() throws Exception {
        TrafficLogCapture.clear();
        final HttpBackend b1 = rig.backend(new HttpBackend.Options().name("s1"));
        final HttpBackend b2 = rig.backend(new HttpBackend.Options().name("s2"));
        rig.start(HttpConfigs.listen(1, "log global", "balance roundrobin",
            HttpConfigs.server("s1", b1.port(), "check inter 10s observe layer7 error-limit 3 on-error mark-down"),
            HttpConfigs.server("s2", b2.port())));
        final Server s1 = rig.server("s1");
        await("checked").atMost(Duration.ofSeconds(5)).until(() -> s1.lastCheck().status() == CheckStatus.L4OK);
        int sent = 0;
        while (s1.isRunning() && sent < 10) {
            assertEquals(503, get("/status/503"), "the server's own 503 is passed on");
            sent++;
        }
        assertFalse(s1.isRunning(), "DOWN by the traffic, its checks passing");
        assertEquals(3, b1.requestsReceived(), "after exactly error-limit errors of its own");
        TrafficLogCapture.awaitLine("of s1 DOWN", l -> l.equals("Server fe/s1 is DOWN, reason: Health analyze, info: "
            + "\"Detected 3 consecutive errors, last one was: Wrong http response\". 1 active and 0 backup servers "
            + "left. 1 sessions active, 0 requeued, 0 remaining in queue."));
        assertEquals(CheckStatus.HANA, s1.lastCheck().status());
        final long before = b1.requestsReceived();
        for (int i = 0; i < 4; i++) {
            assertEquals(200, get("/"));
        }
        assertEquals(before, b1.requestsReceived(), "no traffic for s1 while DOWN");
    }

    @Test
    void observeLayer4CountsRefusedConnectsWhileTheChecksOfAnotherPortPass() throws Exception {
        TrafficLogCapture.clear();
        final int refusing;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusing = s.getLocalPort();
        }
        final HttpBackend b2 = rig.backend(new HttpBackend.Options().name("s2"));
        try (ServerSocket checks = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            rig.start(HttpConfigs.listen(1, "log global", "balance roundrobin", "retries 0",
                HttpConfigs.server("s1", refusing, "check inter 10s port " + checks.getLocalPort()
                    + " observe layer4 error-limit 2 on-error mark-down"),
                HttpConfigs.server("s2", b2.port())));
            final Server s1 = rig.server("s1");
            await("checked").atMost(Duration.ofSeconds(5)).until(() -> s1.lastCheck().status() == CheckStatus.L4OK);
            int failed = 0;
            for (int i = 0; i < 10 && s1.isRunning(); i++) {
                if (get("/") == 503) {
                    failed++;
                }
            }
            assertFalse(s1.isRunning());
            assertEquals(2, failed, "two refused connects reach the limit");
            TrafficLogCapture.awaitLine("of s1 DOWN", l -> l.startsWith("Server fe/s1 is DOWN, reason: Health "
                + "analyze, info: \"Detected 2 consecutive errors, last one was: L4 unsuccessful connection\". "
                + "1 active and 0 backup servers left."));
            for (int i = 0; i < 4; i++) {
                assertEquals(200, get("/"), "only s2 from now on");
            }
            assertTrue(s1.lastCheck().status() == CheckStatus.HANA);
        }
    }
}
