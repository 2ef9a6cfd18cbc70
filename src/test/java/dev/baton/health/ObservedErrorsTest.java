package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Observed;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
import dev.baton.config.PoolOptions;
import dev.baton.config.ServerConfig;
import dev.baton.config.ServerReactions;
import dev.baton.config.ServerReactions.Observe;
import dev.baton.config.ServerReactions.OnError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code observe}, {@code error-limit} and each {@code on-error} mode, HAProxy's health_adjust: reports made from
 * this (test) thread as a stream's reactor makes them, the action run by the check's reactor, driven by hand with
 * a hand clock. The server: inter 1 s, fastinter 200 ms, rise 2, fall 3 (health 0..4, passed once: 4),
 * error-limit 3.
 */
class ObservedErrorsTest {
    private static final long MS = StateRig.MS;

    private final List<AutoCloseable> closeLater = new ArrayList<>();
    private StateRig rig;
    private HealthCheck check;
    private Server server;

    @AfterEach
    void tearDown() throws Exception {
        if (check != null) {
            check.stop();
        }
        for (final AutoCloseable c : closeLater) {
            c.close();
        }
        if (rig != null) {
            rig.close();
            assertEquals(0, rig.fds.open());
        }
    }

    private void newServer(final Observe observe, final OnError onError, final int port) throws IOException {
        rig = new StateRig();
        final ServerReactions reactions = ServerReactions.DEFAULT.withObserve(observe).withErrorLimit(3)
            .withOnError(onError);
        server = StateRig.server(StateRig.backend("be", BalanceAlgorithm.ROUNDROBIN), "s1", port, 1, false,
            new CheckOptions(true, 1000, 200, 0, 2, 3, 0, null), reactions);
        check = new HealthCheck(server, server.address(), rig.reactor, rig.fds, 1000, rig.recorder);
        ObservedErrors.wire(check, check.events());
        server.applyCheck(new CheckReport(CheckStatus.L4OK, 0, null), rig.clock.nanoTime()); // full health: 4
        assertEquals(4, server.state().health());
    }

    /** HAProxy 2.6's line for s1 taken DOWN by its third consecutive error, the last one {@code last}. */
    private static String downLine(final String last) {
        return "Server be/s1 is DOWN, reason: Health analyze, info: \"Detected 3 consecutive errors, last one was: "
            + last + "\". 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.";
    }

    private void report(final Observed o, final int times) {
        for (int i = 0; i < times; i++) {
            server.passive().report(o);
        }
        rig.reactor.runOnce(false); // the check's reactor runs the action it was asked for
    }

    @Test
    void layer7CountsFiveHundredsButNot501Or505AndASuccessResets() throws IOException {
        newServer(Observe.LAYER7, OnError.FAIL_CHECK, 1);
        report(Observed.ofStatus(503), 2);
        assertEquals(2, server.passive().consecutiveErrors());
        report(Observed.ofStatus(501), 1);
        assertEquals(0, server.passive().consecutiveErrors(), "501 is the client's doing: a success");
        report(Observed.ofStatus(500), 2);
        report(Observed.ofStatus(505), 1);
        assertEquals(0, server.passive().consecutiveErrors(), "505 too");
        report(Observed.L4_OK, 1);
        report(Observed.ofStatus(502), 2);
        assertEquals(2, server.passive().consecutiveErrors(), "a connect success is nothing to layer7");
        assertEquals(4, server.state().health(), "below the limit: nothing happened");
        report(Observed.HTTP_READ_TIMEOUT, 1);
        assertEquals(0, server.passive().consecutiveErrors(), "the limit resets the count");
        assertEquals(1, server.passive().limitsReached());
        assertEquals(3, server.state().health(), "fail-check: one failed check");
        assertTrue(server.isRunning());
        assertEquals(new CheckReport(CheckStatus.HANA, -1,
            "Detected 3 consecutive errors, last one was: Read timeout (http)"), server.lastCheck());
        assertEquals(1, server.failedChecks());
        report(Observed.L4_ERR, 6);
        assertEquals(0, server.state().health(), "two more failed checks: health 3 -> 2 -> 0 (below rise)");
        assertFalse(server.isRunning());
        assertEquals(List.of(downLine("L4 unsuccessful connection")), rig.events);
    }

    @Test
    void layer4CountsConnectFailuresOnly() throws IOException {
        newServer(Observe.LAYER4, OnError.FAIL_CHECK, 1);
        report(Observed.ofStatus(503), 5);
        assertEquals(0, server.passive().consecutiveErrors(), "HTTP statuses are nothing to layer4");
        report(Observed.L4_ERR, 2);
        report(Observed.L4_OK, 1);
        assertEquals(0, server.passive().consecutiveErrors(), "an established connection resets");
        report(Observed.L4_ERR, 3);
        assertEquals(3, server.state().health());
    }

    @Test
    void markDownTakesTheServerDownAtOnce() throws IOException {
        newServer(Observe.LAYER7, OnError.MARK_DOWN, 1);
        report(Observed.ofStatus(503), 3);
        assertFalse(server.isRunning());
        assertEquals(0, server.state().health());
        assertEquals(1, server.downTransitions());
        assertEquals(List.of(downLine("Wrong http response")), rig.events);
    }

    @Test
    void suddenDeathLeavesOneFailureToGo() throws IOException {
        newServer(Observe.LAYER7, OnError.SUDDEN_DEATH, 1);
        report(Observed.HTTP_HDRRSP, 3);
        assertEquals(2, server.state().health(), "health 4 -> rise+1 (3) -> failure (2): UP, one failure from DOWN");
        assertTrue(server.isRunning());
        assertTrue(rig.events.isEmpty());
        report(Observed.HTTP_BROKEN_PIPE, 3);
        assertFalse(server.isRunning(), "the next limit takes it DOWN");
    }

    @Test
    void aPassedCheckClearsTheCount() throws IOException {
        newServer(Observe.LAYER7, OnError.MARK_DOWN, 1);
        report(Observed.ofStatus(503), 2);
        server.applyCheck(new CheckReport(CheckStatus.L7OK, 1, null, 200), rig.clock.nanoTime());
        assertEquals(0, server.passive().consecutiveErrors());
        report(Observed.ofStatus(503), 2);
        assertTrue(server.isRunning(), "2 + 2 errors with a passed check between: below the limit");
    }

    @Test
    void everyModeBringsTheNextCheckForwardToFastinter() throws IOException {
        final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        closeLater.add(listener);
        newServer(Observe.LAYER7, OnError.FASTINTER, listener.getLocalPort());
        check.start(0);
        turnUntilIdle();
        assertEquals(CheckStatus.L4OK, server.lastCheck().status());
        listener.close(); // the next check will be refused: its time shows
        rig.clock.advance(100 * MS);
        report(Observed.ofStatus(503), 3);
        assertEquals(4, server.state().health(), "fastinter changes no state");
        rig.clock.advance(190 * MS);
        turnUntilIdle();
        assertEquals(CheckStatus.L4OK, server.lastCheck().status(), "not before fastinter (200 ms after the limit)");
        rig.clock.advance(10 * MS);
        turnUntilIdle();
        assertEquals(CheckStatus.L4CON, server.lastCheck().status(), "the check ran 300 ms in, not at inter (1 s)");
    }

    @Test
    void anUncheckedServerOnlyCounts() throws IOException {
        newServer(Observe.LAYER7, OnError.MARK_DOWN, 1);
        final Server unchecked = new Server(server.backend(), 1, new ServerConfig("s2", "127.0.0.1", 1, 1, 0, false,
            false, PoolOptions.DEFAULT, CheckOptions.DEFAULT,
            ServerReactions.DEFAULT.withObserve(Observe.LAYER7).withErrorLimit(3), StateRig.WHERE), server.address());
        for (int i = 0; i < 3; i++) {
            unchecked.passive().report(Observed.ofStatus(503));
        }
        assertEquals(1, unchecked.passive().limitsReached());
        assertTrue(unchecked.isRunning(), "HAProxy's analysis needs the server's checks to act");
    }

    private void turnUntilIdle() {
        rig.reactor.runOnce(false);
        await().pollInSameThread().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
            .until(() -> {
                rig.reactor.runOnce(false);
                return !check.inProgress();
            });
    }
}
