package dev.baton.health;

import dev.baton.support.Sockets;
import dev.baton.backend.Backend;
import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
import dev.baton.config.CheckRuleset;
import dev.baton.config.HttpCheckConfig;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.PoolOptions;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.ServerConfig;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;
import dev.baton.io.BufferPool;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import dev.baton.support.SynDroppingServer;
import dev.baton.testservers.HttpBackend;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One server's {@link HealthCheck} on a reactor driven by hand ({@code runOnce(false)}) with a hand clock, against
 * real sockets on 127.0.0.1: outcomes, rise/fall counting, and the fastinter/downinter/inter timing.
 */
class HealthCheckTest {
    private static final long MS = 1_000_000L;
    private static final SourceLocation WHERE = new SourceLocation("test", 1);

    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private CheckRig rig;
    private CachedNanoClock clock;
    private List<String> events = new ArrayList<>();
    private Reactor reactor;
    private HealthCheck check;
    private Server server;
    /** {@code option log-health-checks} in the next {@link #newCheck}'s backend. */
    private boolean logHealthChecks;

    @AfterEach
    void tearDown() throws Exception {
        if (rig != null) {
            rig.close(); // checks that the check's sockets are closed and uncounted
        }
        for (final AutoCloseable c : closeLater) {
            c.close();
        }
    }

    /** A check of a server at {@code port} with inter 1 s, fastinter 200 ms, downinter 5 s, rise 2, fall 3. */
    private void newCheck(final int port, final long timeoutMs) throws IOException {
        newCheck(port, timeoutMs, null);
    }

    /** {@link #newCheck(int, long)} as an HTTP check ({@code http} not null: {@code option httpchk}). */
    private void newCheck(final int port, final long timeoutMs, final HttpCheckConfig http) throws IOException {
        newCheck(port, timeoutMs, http, Timeouts.NONE);
    }

    /** {@link #newCheck(int, long, HttpCheckConfig)} in a backend with {@code timeouts}. */
    private void newCheck(final int port, final long timeoutMs, final HttpCheckConfig http, final Timeouts timeouts)
        throws IOException {
        rig = new CheckRig(http == null ? null : CheckRuleset.http(http), port, timeoutMs, timeouts, logHealthChecks);
        clock = rig.clock;
        reactor = rig.reactor;
        server = rig.server;
        check = rig.check;
        events = rig.events;
    }

    private ServerSocket listener(final int port) throws IOException {
        final ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        closeLater.add(s);
        return s;
    }

    /** Advances the clock by {@code ms} and turns until the check that may have begun has its outcome. */
    private void advance(final long ms) {
        rig.advance(ms);
    }

    @Test
    void refusedConnectIsL4conAndTakesAFreshServerDown() throws IOException {
        newCheck(Sockets.unusedPort(), 1000);
        advance(0);
        final CheckReport r = server.lastCheck();
        assertEquals(CheckStatus.L4CON, r.status());
        assertEquals("Connection refused", r.info());
        assertFalse(server.isRunning());
        assertFalse(server.isEligible());
        assertEquals(List.of("DOWN L4CON"), events);
        assertEquals(1, server.failedChecks());
        assertEquals(1, server.downTransitions());
    }

    @Test
    void downServerIsCheckedEveryDowninterThenFastinterWhileRising() throws IOException {
        final int port = Sockets.unusedPort();
        newCheck(port, 1000);
        advance(0);
        assertEquals(List.of("DOWN L4CON"), events);
        listener(port);
        advance(4_990);
        assertEquals(CheckStatus.L4CON, server.lastCheck().status(), "no check before downinter (5 s)");
        advance(10);
        assertEquals(CheckStatus.L4OK, server.lastCheck().status(), "checked at downinter");
        assertFalse(server.isRunning(), "one pass of rise 2");
        assertEquals(1, server.state().health());
        advance(190);
        assertEquals(1, server.state().health(), "no check before fastinter (200 ms)");
        advance(10);
        assertTrue(server.isRunning(), "second pass, at fastinter");
        assertEquals(List.of("DOWN L4CON", "UP L4OK"), events);
        assertEquals(4, server.state().health());
    }

    @Test
    void upServerIsCheckedEveryInterThenFastinterWhileFailing() throws IOException {
        final int port = Sockets.unusedPort();
        final ServerSocket l = listener(port);
        newCheck(port, 1000);
        advance(0);
        assertEquals(CheckStatus.L4OK, server.lastCheck().status());
        assertEquals(4, server.state().health(), "a pass from the start health (rise) goes to the top");
        assertTrue(events.isEmpty(), "already UP: no transition");
        l.close();
        advance(990);
        assertEquals(CheckStatus.L4OK, server.lastCheck().status(), "no check before inter (1 s)");
        advance(10);
        assertEquals(CheckStatus.L4CON, server.lastCheck().status());
        assertEquals(3, server.state().health());
        assertTrue(server.isRunning());
        advance(200);
        assertEquals(2, server.state().health(), "fastinter while failing");
        assertTrue(server.isRunning());
        advance(200);
        assertFalse(server.isRunning(), "third failure: fall 3");
        assertEquals(List.of("DOWN L4CON"), events);
        assertEquals(3, server.failedChecks());
    }

    @Test
    void connectThatNeverCompletesIsL4toutAfterTheTimeout() throws IOException {
        final SynDroppingServer dropping = SynDroppingServer.open();
        closeLater.add(dropping);
        Assumptions.assumeTrue(dropping.isDroppingSyns(), "this kernel does not drop SYNs of a full accept queue");
        newCheck(dropping.port(), 300);
        clock.advance(0);
        reactor.runOnce(false);
        assertTrue(check.inProgress(), "connect pending");
        assertTrue(server.checkInProgress(), "shown as under way");
        clock.advance(290 * MS);
        reactor.runOnce(false);
        assertTrue(check.inProgress(), "not before the timeout");
        advance(20);
        assertEquals(CheckStatus.L4TOUT, server.lastCheck().status());
        assertFalse(server.checkInProgress());
        assertNull(server.lastCheck().info());
        assertTrue(server.lastCheck().durationMs() >= 300, "duration " + server.lastCheck().durationMs());
        assertEquals(List.of("DOWN L4TOUT"), events);
    }

    @Test
    void serverInMaintenanceIsNotChecked() throws IOException {
        newCheck(Sockets.unusedPort(), 1000);
        server.disabled(true);
        advance(0);
        advance(5_000);
        assertEquals(CheckStatus.INI, server.lastCheck().status());
        assertTrue(server.isRunning());
        assertTrue(events.isEmpty());
    }

    @Test
    void disabledHealthSkipsTheChecksAndKeepsTheStateUntilEnabled() throws IOException {
        newCheck(Sockets.unusedPort(), 1000);
        server.checkEnabled(false);
        advance(0);
        advance(5_000);
        assertEquals(CheckStatus.INI, server.lastCheck().status());
        assertTrue(server.isRunning(), "disable health leaves the server in its state");
        server.checkEnabled(true);
        advance(1_000);
        assertEquals(CheckStatus.L4CON, server.lastCheck().status());
        assertFalse(server.isRunning());
    }

    @Test
    void checkPortMovesTheNextChecksToAnotherPort() throws IOException {
        final int port = Sockets.unusedPort();
        newCheck(port, 1000);
        final ServerSocket other = listener(0);
        server.checkPort(other.getLocalPort());
        advance(0);
        assertEquals(CheckStatus.L4OK, server.lastCheck().status());
        server.checkPort(0);
        advance(1_000);
        assertEquals(CheckStatus.L4CON, server.lastCheck().status(), "0: back to the configured check address");
    }

    @Test
    void logHealthChecksLogsEveryCheckThatMovesTheHealthAsHaproxy() throws IOException {
        logHealthChecks = true;
        final int port = Sockets.unusedPort();
        newCheck(port, 1000);
        advance(0);
        advance(5_000);
        final String refused = "reason: Layer4 connection problem, info: \"Connection refused\", check duration: 0ms";
        assertEquals(List.of("Health check for server be/s1 failed, " + refused + ", status: 0/2 DOWN.",
            "DOWN L4CON"), events, "a failure at health 0 is not logged again");
        assertEquals("Server be/s1 is DOWN. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 "
            + "remaining in queue.", CheckMessages.down(server, server.lastCheck()), "the reason is in the check line");
        events.clear();
        listener(port);
        advance(5_000);
        advance(200);
        advance(1_000);
        final String passed = "reason: Layer4 check passed, check duration: 0ms";
        assertEquals(List.of("Health check for server be/s1 succeeded, " + passed + ", status: 1/2 DOWN.",
            "Health check for server be/s1 succeeded, " + passed + ", status: 3/3 UP.", "UP L4OK"), events,
            "a pass at full health is not logged");
    }

    /** {@code option httpchk GET /health}, with {@code more} applied. */
    private static HttpCheckConfig getHealth() {
        return HttpCheckConfig.DEFAULT.withRequestLine("GET", "/health", null);
    }

    private HttpBackend httpBackend() throws IOException {
        final HttpBackend b = HttpBackend.start(new HttpBackend.Options().name("s1"));
        closeLater.add(b);
        return b;
    }

    @Test
    void healthy200IsL7okWithItsCode() throws IOException {
        newCheck(httpBackend().port(), 1000, getHealth());
        advance(0);
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, null, 200), server.lastCheck());
        assertTrue(server.isRunning());
        assertTrue(events.isEmpty());
    }

    @Test
    void status503IsL7stsWithTheReasonAndTakesTheServerDownAfterFall() throws IOException {
        final HttpBackend b = httpBackend();
        newCheck(b.port(), 1000, getHealth());
        advance(0);
        assertEquals(4, server.state().health(), "UP at the top");
        b.health("/status/503");
        advance(1_000);
        assertEquals(new CheckReport(CheckStatus.L7STS, 0, "Service Unavailable", 503), server.lastCheck());
        assertTrue(server.isRunning(), "one failure of fall 3");
        advance(200);
        advance(200);
        assertFalse(server.isRunning());
        assertEquals(List.of("DOWN L7STS"), events);
        assertEquals("Server be/s1 is DOWN, reason: Layer7 wrong status, code: 503, info: \"Service Unavailable\", "
            + "check duration: 0ms. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining "
            + "in queue.", CheckMessages.down(server, server.lastCheck()));
        b.health("");
        advance(5_000);
        advance(200);
        assertTrue(server.isRunning());
        assertEquals(List.of("DOWN L7STS", "UP L7OK"), events);
        assertEquals("Server be/s1 is UP, reason: Layer7 check passed, code: 200, check duration: 0ms. 1 active and "
            + "0 backup servers online. 0 sessions requeued, 0 total in queue.", CheckMessages.up(server,
            server.lastCheck()));
    }

    /** Turns the reactor, the clock held, until the check's connection is established. */
    private void awaitConnected() {
        rig.awaitConnected();
    }

    @Test
    void timeoutCheckBoundsTheReadingInsteadOfTheConnectTimeout() throws IOException {
        final HttpBackend b = httpBackend();
        b.health("/delay/3000");
        newCheck(b.port(), 100, getHealth(), Timeouts.NONE.withConnectMs(100).withCheckMs(500));
        awaitConnected();
        clock.advance(400 * MS);
        reactor.runOnce(false);
        assertTrue(check.inProgress(), "the connect's 100 ms no longer count once connected");
        advance(110);
        assertEquals(CheckStatus.L7TOUT, server.lastCheck().status());
        assertTrue(server.lastCheck().durationMs() >= 500, "duration " + server.lastCheck().durationMs());
    }

    @Test
    void slowResponseIsL7toutWhenTheIntervalRunsOut() throws IOException {
        final HttpBackend b = httpBackend();
        b.health("/delay/3000");
        newCheck(b.port(), 300, getHealth());
        awaitConnected();
        clock.advance(290 * MS);
        reactor.runOnce(false);
        assertTrue(check.inProgress(), "not before the timeout");
        advance(20);
        assertEquals(CheckStatus.L7TOUT, server.lastCheck().status());
        assertEquals(0, server.lastCheck().code());
        assertTrue(server.lastCheck().durationMs() >= 300, "duration " + server.lastCheck().durationMs());
    }

    @Test
    void resetWhileReadingIsASocketErrorAsInHaproxy() throws IOException {
        final HttpBackend b = httpBackend();
        b.health("/misbehave/reset");
        newCheck(b.port(), 1000, getHealth());
        advance(0);
        assertEquals(new CheckReport(CheckStatus.SOCKERR, 0, "Connection reset by peer", 0), server.lastCheck());
    }

    @Test
    void expectStringLooksAtTheBody() throws IOException {
        final HttpBackend b = httpBackend();
        newCheck(b.port(), 1000, getHealth().withExpect(new HttpCheckConfig.Expect(false,
            HttpCheckConfig.ExpectKind.STRING, "s1", List.of(), null)));
        b.health("/status/503");
        advance(0);
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, null, 503), server.lastCheck(), "any status, body matches");
        rig.close();
        newCheck(b.port(), 1000, getHealth().withExpect(new HttpCheckConfig.Expect(false,
            HttpCheckConfig.ExpectKind.RSTRING, "nope+", List.of(), Pattern.compile("nope+"))));
        advance(0);
        assertEquals(new CheckReport(CheckStatus.L7RSP, 0, "HTTP content check did not match", 0),
            server.lastCheck());
    }

    @Test
    void disableOn404PutsAnUpServerInNolbAndA200BringsItBack() throws IOException {
        final HttpBackend b = httpBackend();
        newCheck(b.port(), 1000, getHealth().withDisableOn404(true));
        advance(0);
        assertTrue(server.isEligible());
        b.health("/status/404");
        advance(1_000);
        assertEquals(new CheckReport(CheckStatus.L7OKC, 0, null, 404), server.lastCheck());
        assertTrue(server.isRunning(), "still UP for the connections it has");
        assertTrue(server.state().stopping());
        assertFalse(server.isEligible(), "no new traffic");
        assertEquals(List.of("NOLB L7OKC"), events);
        assertEquals("Server be/s1 is stopping, reason: Layer7 check conditionally passed, code: 404, check duration: "
            + "0ms. 0 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
            CheckMessages.stopping(server, server.lastCheck()));
        b.health("");
        advance(1_000);
        assertTrue(server.isEligible());
        assertEquals(List.of("NOLB L7OKC", "UP L7OK"), events);
    }

    @Test
    void disableOn404DoesNotRaiseADownServer() throws IOException {
        final HttpBackend b = httpBackend();
        b.health("/status/503");
        newCheck(b.port(), 1000, getHealth().withDisableOn404(true));
        advance(0);
        advance(200);
        advance(200);
        assertFalse(server.isRunning());
        b.health("/status/404");
        advance(5_000);
        assertEquals(new CheckReport(CheckStatus.L7STS, 0, "Not Found", 404), server.lastCheck());
        assertFalse(server.isRunning());
    }
}
