package dev.baton.http;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.support.RawHttp;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server changes the runtime API makes have the consequences a check's transition has, end to end through
 * the admin socket of a running daemon: idle server connections closed, trackers following with HAProxy's lines,
 * slowstart ramping (checked or not, tracker or not), and {@code show stat}'s {@code hanafail}. Every expected
 * line and figure was read from HAProxy 2.6.12 on the same configuration.
 */
class HttpRuntimeTransitionsTest {
    private final HttpRig rig = new HttpRig();

    @TempDir
    Path dir;

    @AfterEach
    void close() throws Exception {
        if (rig.running() != null) {
            rig.daemon().healthChecks().stop();
        }
        rig.close();
    }

    /** {@code listen fe} with {@code lines}, a {@code log global} and an admin socket in {@link #dir}. */
    private void start(final int nbthread, final String... lines) throws Exception {
        final List<String> all = new ArrayList<>(List.of(lines));
        all.add(0, "log global");
        TrafficLogCapture.clear();
        rig.start(HttpConfigs.listen(nbthread, all.toArray(new String[0])).replaceFirst("\n",
            "\n    stats socket " + dir.resolve("admin.sock") + " level admin\n"));
    }

    private String ask(final String command) throws IOException {
        return Sockets.stats(dir.resolve("admin.sock"), command);
    }

    /** The column {@code name} of {@code fe/server} in {@code show stat}, found by the header's names. */
    private String column(final String server, final String name) throws IOException {
        final String[] lines = ask("show stat").split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(",", -1));
        for (final String l : lines) {
            if (l.startsWith("fe," + server + ",")) {
                return l.split(",", -1)[header.indexOf(name)];
            }
        }
        throw new AssertionError("no row fe/" + server);
    }

    /** The captured lines about the servers of fe, in the order they were logged. */
    private static List<String> serverLines() {
        return TrafficLogCapture.lines(l -> l.startsWith("Server fe/"));
    }

    /** Waits for {@code line}, then checks it came right after {@code previous} among the server lines. */
    private static void lineAfter(final String previous, final String line) {
        TrafficLogCapture.awaitLine(line, line::equals);
        final List<String> lines = serverLines();
        final int at = lines.lastIndexOf(line);
        assertTrue(at > 0 && lines.get(at - 1).equals(previous), "expected after '" + previous + "': " + lines);
    }

    /**
     * {@code server}, of weight 32 and {@code slowstart 2s}, has just come UP: it shows 32 x 1/16 (or 32 x 9/16
     * if a second passed), then its full weight within the 2 s.
     */
    private void assertRamps(final String server) throws IOException {
        final String first = column(server, "weight");
        assertTrue(first.equals("2") || first.equals("18"), server + " ramps from 1/16: " + first);
        await("full weight").atMost(Duration.ofSeconds(5)).until(() -> column(server, "weight").equals("32"));
    }

    private void getAll(final int n) throws Exception {
        final List<RawHttp> clients = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            clients.add(rig.client().send(RawHttp.get("/delay/20")));
        }
        for (final RawHttp c : clients) {
            assertEquals(200, c.read().status);
            c.close();
        }
    }

    @Test
    void setServerHealthDownAndDisableServerCloseTheIdleConnectionsOnEveryReactor() throws Exception {
        final HttpBackend b1 = rig.backend(new HttpBackend.Options().name("s1"));
        start(2, HttpConfigs.server("s1", b1.port()));
        // several clients at once, so that both reactors most likely hold idle connections to s1
        getAll(6);
        await("idle connections to s1").atMost(Duration.ofSeconds(5)).until(() -> rig.pool("s1").currIdleConns() > 0);
        assertEquals("\n", ask("set server fe/s1 health down"));
        await("idle connections closed on health down").atMost(Duration.ofSeconds(5))
            .until(() -> rig.pool("s1").currIdleConns() == 0);
        TrafficLogCapture.awaitLine("of s1 DOWN", l -> l.equals("Server fe/s1 is DOWN, changed from CLI. 0 active "
            + "and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue."));
        assertEquals("\n", ask("set server fe/s1 health up"));
        getAll(6);
        await("idle connections again").atMost(Duration.ofSeconds(5)).until(() -> rig.pool("s1").currIdleConns() > 0);
        assertEquals("\n", ask("disable server fe/s1"));
        await("idle connections closed on maintenance").atMost(Duration.ofSeconds(5))
            .until(() -> rig.pool("s1").currIdleConns() == 0);
        assertEquals("\n", ask("enable server fe/s1"));
        getAll(2);
    }

    @Test
    void aTrackerFollowsTheRuntimeApiWithHaproxysLinesAndRampsWithItsOwnSlowstart() throws Exception {
        final HttpBackend b1 = rig.backend(new HttpBackend.Options().name("s1"));
        final HttpBackend b2 = rig.backend(new HttpBackend.Options().name("s2"));
        final HttpBackend b3 = rig.backend(new HttpBackend.Options().name("s3"));
        // the checks look at s1's own port and pass; one every 10 s: none after the first while the test runs
        start(1, HttpConfigs.server("s1", b1.port(), "check inter 10s"),
            HttpConfigs.server("s2", b2.port(), "track s1 weight 32 slowstart 2s"),
            HttpConfigs.server("s3", b3.port()));
        final Server s1 = rig.server("s1");
        final Server s2 = rig.server("s2");
        await("checked").atMost(Duration.ofSeconds(5)).until(() -> s1.lastCheck().status() == CheckStatus.L4OK);
        assertEquals("32", column("s2", "weight"), "no slowstart at start-up");

        assertEquals("\n", ask("disable server fe/s1"));
        lineAfter("Server fe/s1 is going DOWN for maintenance. 2 active and 0 backup servers left. 0 sessions "
            + "active, 0 requeued, 0 remaining in queue.", "Server fe/s2 is going DOWN for maintenance via fe/s1. "
            + "1 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.");
        assertEquals("MAINT (via fe/s1)", column("s2", "status"));
        assertEquals("\n", ask("enable server fe/s1"));
        lineAfter("Server fe/s1 is UP/READY (leaving forced maintenance).",
            "Server fe/s2 is UP/READY (leaving maintenance).");
        assertRamps("s2");

        assertEquals("\n", ask("set server fe/s1 health down"));
        lineAfter("Server fe/s1 is DOWN, changed from CLI. 2 active and 0 backup servers left. 0 sessions active, "
            + "0 requeued, 0 remaining in queue.", "Server fe/s2 is DOWN via fe/s1. 1 active and 0 backup servers "
            + "left. 0 sessions active, 0 requeued, 0 remaining in queue.");
        assertFalse(s2.isRunning());
        final long before = b2.requestsReceived();
        for (int i = 0; i < 4; i++) {
            try (RawHttp c = rig.client()) {
                assertEquals(200, c.send(RawHttp.get("/", "Connection: close\r\n")).read().status);
            }
        }
        assertEquals(before, b2.requestsReceived(), "no traffic for a tracker whose server was forced DOWN");
        assertEquals("\n", ask("set server fe/s1 health up"));
        lineAfter("Server fe/s1 is UP, changed from CLI. 2 active and 0 backup servers online. 0 sessions requeued, "
            + "0 total in queue.", "Server fe/s2 is UP via fe/s1. 3 active and 0 backup servers online. 0 sessions "
            + "requeued, 0 total in queue.");
        assertRamps("s2");
    }

    @Test
    void aServerWithoutChecksRampsAfterEnableServerAndAfterSetServerHealthUp() throws Exception {
        final HttpBackend b1 = rig.backend(new HttpBackend.Options().name("s1"));
        final HttpBackend b2 = rig.backend(new HttpBackend.Options().name("s2"));
        start(2, HttpConfigs.server("s1", b1.port(), "weight 32 slowstart 2s"), HttpConfigs.server("s2", b2.port()));
        assertEquals("32", column("s1", "weight"), "no slowstart at start-up");
        assertEquals("\n", ask("disable server fe/s1"));
        assertEquals("\n", ask("enable server fe/s1"));
        assertRamps("s1");
        assertEquals("\n", ask("set server fe/s1 health down"));
        assertEquals("\n", ask("set server fe/s1 health up"));
        assertRamps("s1");
    }

    @Test
    void hanafailCountsTheTimesObserveReachedItsErrorLimit() throws Exception {
        final HttpBackend b2 = rig.backend(new HttpBackend.Options().name("s2"));
        final int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        // s1's traffic is refused while its checks (on s2's port) pass; s2 stays in maintenance
        start(1, "retries 0",
            HttpConfigs.server("s1", closed, "check inter 10s port " + b2.port()
                + " observe layer4 error-limit 2 on-error fastinter"),
            HttpConfigs.server("s2", b2.port(), "check inter 10s"));
        final Server s1 = rig.server("s1");
        await("checked").atMost(Duration.ofSeconds(5)).until(() -> s1.lastCheck().status() == CheckStatus.L4OK);
        assertEquals("\n", ask("disable server fe/s2"));
        assertEquals("0", column("s1", "hanafail"));
        assertEquals("", column("s2", "hanafail"), "empty without observe");
        for (int i = 0; i < 5; i++) {
            try (RawHttp c = rig.client()) {
                assertEquals(503, c.send(RawHttp.get("/", "Connection: close\r\n")).read().status);
            }
        }
        assertEquals("2", column("s1", "hanafail"), "5 refused connections, a limit every 2 errors");
        assertEquals("L4OK", column("s1", "check_status"), "fastinter only: the state stays");
        assertEquals("\n", ask("enable server fe/s2"));
    }
}
