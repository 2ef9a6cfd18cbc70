package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
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

    private final CachedNanoClock clock = new CachedNanoClock();
    private final FdBudget fds = new FdBudget(1000);
    private final List<String> events = new ArrayList<>();
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private Reactor reactor;
    private HealthCheck check;
    private Server server;

    @AfterEach
    void tearDown() throws Exception {
        if (check != null) {
            check.stop();
        }
        assertEquals(0, fds.open(), "the check's sockets are closed and uncounted");
        for (final AutoCloseable c : closeLater) {
            c.close();
        }
        if (reactor != null) {
            reactor.selector().close();
        }
    }

    /** A check of a server at {@code port} with inter 1 s, fastinter 200 ms, downinter 5 s, rise 2, fall 3. */
    private void newCheck(final int port, final long timeoutMs) throws IOException {
        clock.update(1_000 * MS);
        reactor = new Reactor(0, clock, new BufferPool(1024, 4));
        final Backend backend = new Backend(new ProxyConfig("be", ProxyKind.BACKEND, Mode.TCP, List.of(), 0,
            Timeouts.NONE, null, BalanceAlgorithm.ROUNDROBIN, 3, Redispatch.OFF, false, false, List.of(),
            HttpOptions.DEFAULT, WHERE));
        final CheckOptions options = new CheckOptions(true, 1000, 200, 5000, 2, 3, 0, null);
        server = new Server(backend, 0, new ServerConfig("s1", "127.0.0.1", port, 1, 0, false, false,
            PoolOptions.DEFAULT, options, WHERE), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        backend.addServer(server);
        check = new HealthCheck(server, server.address(), reactor, fds, timeoutMs, new CheckEvents() {
            @Override
            public void serverDown(final Server s, final CheckReport report) {
                events.add("DOWN " + report.status());
            }

            @Override
            public void serverUp(final Server s, final CheckReport report) {
                events.add("UP " + report.status());
            }
        });
        reactor.runOnce(false);
        check.start(0);
    }

    /** A port where a connect is refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
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
        clock.advance(ms * MS);
        reactor.runOnce(false);
        await().pollInSameThread().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
            .until(() -> {
                reactor.runOnce(false);
                return !check.inProgress();
            });
    }

    @Test
    void refusedConnectIsL4conAndTakesAFreshServerDown() throws IOException {
        newCheck(closedPort(), 1000);
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
        final int port = closedPort();
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
        final int port = closedPort();
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
        newCheck(closedPort(), 1000);
        server.disabled(true);
        advance(0);
        advance(5_000);
        assertEquals(CheckStatus.INI, server.lastCheck().status());
        assertTrue(server.isRunning());
        assertTrue(events.isEmpty());
    }
}
