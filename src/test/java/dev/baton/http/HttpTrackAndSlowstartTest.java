package dev.baton.http;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.stats.StatsCollector;
import dev.baton.stats.render.StatCsv;
import dev.baton.support.RawHttp;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code track} and {@code slowstart} end to end: the checks look at a port the test closes and opens again,
 * the traffic goes to test-servers that stay up; {@code show stat} rows and log lines as HAProxy 2.6 gave them
 * on the same configuration.
 */
class HttpTrackAndSlowstartTest {
    private final HttpRig rig = new HttpRig();

    @AfterEach
    void close() throws Exception {
        if (rig.running() != null) {
            rig.daemon().healthChecks().stop();
        }
        rig.close();
    }

    private static ServerSocket bound(final int port) throws Exception {
        final ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        return s;
    }

    private String statRow(final String server) {
        final String csv = StatCsv.render(StatsCollector.collect(rig.daemon(), System.currentTimeMillis()), true);
        for (final String l : csv.split("\n")) {
            if (l.startsWith("fe," + server + ",")) {
                return l;
            }
        }
        throw new AssertionError("no row for " + server + " in " + csv);
    }

    /** The {@code status} and {@code weight} columns of {@code server}'s row, found by the header's names. */
    private String statusAndWeight(final String server) {
        final List<String> names = List.of(StatCsv.header().substring(2).split(",", -1));
        final String[] cols = statRow(server).split(",", -1);
        return cols[names.indexOf("status")] + "," + cols[names.indexOf("weight")];
    }

    private int get() throws Exception {
        try (RawHttp c = RawHttp.open(rig.port())) {
            return c.send(RawHttp.get("/", "Connection: close\r\n")).read().status;
        }
    }

    @Test
    void aTrackerFollowsItsServerDownUpAndIntoMaintenance() throws Exception {
        TrafficLogCapture.clear();
        final HttpBackend b1 = rig.backend(new HttpBackend.Options().name("s1"));
        final HttpBackend b2 = rig.backend(new HttpBackend.Options().name("s2"));
        final HttpBackend b3 = rig.backend(new HttpBackend.Options().name("s3"));
        ServerSocket checks = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final int checkPort = checks.getLocalPort();
        try {
            rig.start(HttpConfigs.listen(1, "log global",
                HttpConfigs.server("s1", b1.port(), "check inter 100 rise 1 fall 1 port " + checkPort),
                HttpConfigs.server("s2", b2.port(), "track s1"),
                HttpConfigs.server("s3", b3.port())));
            final Server s1 = rig.server("s1");
            final Server s2 = rig.server("s2");
            await("checked").atMost(Duration.ofSeconds(5)).until(() -> s1.lastCheck().status() == CheckStatus.L4OK);
            assertEquals("UP,1", statusAndWeight("s2"), "a tracker shows its server's status, not 'no check'");
            checks.close();
            await("s2 DOWN").atMost(Duration.ofSeconds(5)).until(() -> !s2.isRunning());
            TrafficLogCapture.awaitLine("of s2 DOWN via s1", l -> l.equals("Server fe/s2 is DOWN via fe/s1. 1 active "
                + "and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."));
            assertEquals("DOWN,1", statusAndWeight("s2"));
            final long before = b2.requestsReceived();
            for (int i = 0; i < 4; i++) {
                assertEquals(200, get());
            }
            assertEquals(before, b2.requestsReceived(), "no traffic for a tracker whose server is DOWN");
            checks = bound(checkPort);
            await("s2 UP").atMost(Duration.ofSeconds(5)).until(s2::isRunning);
            TrafficLogCapture.awaitLine("of s2 UP via s1", l -> l.equals("Server fe/s2 is UP via fe/s1. 3 active "
                + "and 0 backup servers online. 0 sessions requeued, 0 total in queue."));
            s1.disabled(true); // what 'disable server fe/s1' does
            assertEquals("MAINT (via fe/s1),1", statusAndWeight("s2"));
            assertEquals("MAINT,1", statusAndWeight("s1"));
            s1.disabled(false);
            assertFalse(s2.isDisabled());
        } finally {
            checks.close();
        }
    }

    @Test
    void aServerBackUpRampsItsWeightOverSlowstart() throws Exception {
        TrafficLogCapture.clear();
        final HttpBackend b1 = rig.backend(new HttpBackend.Options().name("s1"));
        final HttpBackend b2 = rig.backend(new HttpBackend.Options().name("s2"));
        ServerSocket checks = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final int checkPort = checks.getLocalPort();
        try {
            rig.start(HttpConfigs.listen(2, "log global",
                HttpConfigs.server("s1", b1.port(), "weight 32 slowstart 2s check inter 100 rise 1 fall 1 port "
                    + checkPort),
                HttpConfigs.server("s2", b2.port(), "weight 32")));
            final Server s1 = rig.server("s1");
            await("checked").atMost(Duration.ofSeconds(5)).until(() -> s1.lastCheck().status() == CheckStatus.L4OK);
            assertEquals("UP,32", statusAndWeight("s1"), "no slowstart at start-up");
            checks.close();
            await("s1 DOWN").atMost(Duration.ofSeconds(5)).until(() -> !s1.isRunning());
            checks = bound(checkPort);
            await("s1 UP").atMost(Duration.ofSeconds(5)).until(s1::isRunning);
            final String first = statusAndWeight("s1");
            assertTrue(first.equals("UP,2") || first.equals("UP,18"),
                "32 x 1/16 at once, 32 x 9/16 after a second: " + first);
            await("full weight after 2 s").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                .until(() -> statusAndWeight("s1").equals("UP,32"));
            assertEquals(200, get());
        } finally {
            checks.close();
        }
    }
}
