package dev.baton.health;

import dev.baton.support.Sockets;
import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.io.BufferPool;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import dev.baton.testservers.AgentServer;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One server's {@link AgentCheck} on a reactor driven by hand with a hand clock, against test-servers' real
 * {@link AgentServer} on 127.0.0.1: replies, {@code agent-send}, timing ({@code agent-inter} after the end of
 * each check), connection failures that leave the server as it is, and the log lines of
 * {@code option log-health-checks}.
 */
class AgentCheckTest {
    private static final long MS = 1_000_000L;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final FdBudget fds = new FdBudget(1000);
    private final List<String> events = new ArrayList<>();
    private Reactor reactor;
    private AgentCheck check;
    private Server server;
    private AgentServer agent;

    @AfterEach
    void tearDown() throws Exception {
        if (check != null) {
            check.stop();
        }
        assertEquals(0, fds.open(), "the agent check's sockets are closed and uncounted");
        if (agent != null) {
            agent.close();
        }
        if (reactor != null) {
            reactor.selector().close();
        }
    }

    /** An agent check (agent-inter 500 ms) of a checked server whose agent listens on {@code port}. */
    private void newCheck(final int port, final boolean logHealthChecks) throws IOException {
        clock.update(1_000 * MS);
        reactor = new Reactor(0, clock, new BufferPool(1024, 4));
        server = AgentRig.server(BalanceAlgorithm.ROUNDROBIN, 10, true, port, logHealthChecks);
        check = new AgentCheck(server, new InetSocketAddress(InetAddress.getLoopbackAddress(), port), reactor, fds,
            500, new CheckEvents() {
                @Override
                public void serverDown(final Server s, final CheckReport report) {
                    events.add(CheckMessages.down(s, report));
                }

                @Override
                public void serverUp(final Server s, final CheckReport report) {
                    events.add(CheckMessages.up(s, report));
                }

                @Override
                public void serverStopping(final Server s, final CheckReport report) {
                    events.add("NOLB");
                }

                @Override
                public void serverUnusable(final Server s) {
                    events.add("unusable " + s);
                }

                @Override
                public void agentLogged(final Server s, final CheckReport report, final ServerState after) {
                    events.add(AgentMessages.check(s, report, after).replaceAll("duration: \\d+ms", "duration: Nms"));
                }
            });
        reactor.runOnce(false);
        check.start(0);
    }

    private void startAgent(final String reply) throws IOException {
        agent = AgentServer.start(new AgentServer.Options().reply(reply));
    }

    /** Advances the clock by {@code ms} and turns until the agent check that may have begun has its outcome. */
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
    void downThenUpFromTheAgentMoveTheServerAndLogAsHaproxy() throws IOException {
        startAgent("down");
        newCheck(agent.port(), false);
        advance(0);
        assertEquals(CheckStatus.L7STS, server.agent().last().status());
        assertEquals("via agent : down", server.agent().last().info());
        assertFalse(server.isRunning());
        assertEquals(1, events.size());
        assertTrue(events.get(0).matches("Server be/s1 is DOWN, reason: Layer7 wrong status, code: 0, info: "
            + "\"via agent : down\", check duration: \\d+ms\\. 0 active and 0 backup servers left\\. 0 sessions "
            + "active, 0 requeued, 0 remaining in queue\\."), events.get(0));
        agent.reply("up 50%");
        advance(500);
        assertTrue(server.isRunning());
        assertEquals(5, server.weight());
        assertTrue(events.get(1).matches("Server be/s1 is UP, reason: Layer7 check passed, code: 0, info: "
            + "\"via agent : up\", check duration: \\d+ms\\. 1 active and 0 backup servers online\\. 0 sessions "
            + "requeued, 0 total in queue\\."), events.get(1));
        assertEquals("hello\n", agent.lastReceived(), "agent-send is written once connected");
    }

    @Test
    void theNextCheckStartsAgentInterAfterTheEndOfThisOne() throws IOException {
        startAgent("75%");
        newCheck(agent.port(), false);
        advance(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.repliesSent() == 1); // counted just after the write
        assertEquals(CheckStatus.CHECKED, server.agent().last().status());
        assertEquals(7, server.weight());
        agent.reply("drain");
        advance(499);
        assertEquals(1, agent.repliesSent(), "no agent check before agent-inter (500 ms)");
        advance(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.repliesSent() == 2);
        assertEquals(Server.AdminState.DRAIN, server.adminState());
        assertEquals(List.of("unusable be/s1"), events, "no UP/DOWN change, only the end of its use");
    }

    @Test
    void anAgentSendChangedAtRunTimeIsWrittenByTheNextCheckAndAnEmptyOneWritesNothing() throws IOException {
        startAgent("up");
        newCheck(agent.port(), false);
        advance(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> "hello\n".equals(agent.lastReceived()));
        server.agent().send("bye\n");
        advance(500);
        await().atMost(Duration.ofSeconds(5)).until(() -> "bye\n".equals(agent.lastReceived()));
        server.agent().send("");
        advance(500);
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.repliesSent() == 3 && agent.lastReceived().isEmpty());
        assertEquals(CheckStatus.L7OK, server.agent().last().status(), "the reply is read with or without a send");
    }

    @Test
    void aLineFollowedByAResetIsStillReadAsHaproxyDoes() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            final CountDownLatch go = new CountDownLatch(1);
            final CountDownLatch reset = new CountDownLatch(1);
            final Thread agentThread = new Thread(() -> {
                try (Socket s = listener.accept()) {
                    go.await();
                    s.getOutputStream().write("down\n".getBytes(StandardCharsets.US_ASCII));
                    s.setSoLinger(true, 0); // the close resets the connection
                } catch (final IOException | InterruptedException e) {
                    // the assertions below tell
                }
                reset.countDown();
            });
            agentThread.start();
            try {
                newCheck(listener.getLocalPort(), false);
                server.agent().send(""); // nothing to write: the reset cannot fail a send
                await().pollInSameThread().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                    .until(() -> {
                        reactor.runOnce(false);
                        return check.awaitingResponse();
                    });
                go.countDown();
                assertTrue(reset.await(5, TimeUnit.SECONDS), "the agent wrote its line and reset");
                advance(0);
            } finally {
                go.countDown();
                agentThread.join(5_000);
            }
            assertEquals(CheckStatus.L7STS, server.agent().last().status(), "the line is judged, not a socket error");
            assertEquals("via agent : down", server.agent().last().info());
            assertFalse(server.isRunning());
        }
    }

    @Test
    void aRefusedAgentIsShownButLeavesTheServerAsItIs() throws IOException {
        newCheck(Sockets.unusedPort(), false);
        advance(0);
        assertEquals(CheckStatus.L4CON, server.agent().last().status());
        assertEquals("Connection refused", server.agent().last().info());
        assertTrue(server.isRunning());
        assertTrue(events.isEmpty());
        advance(500);
        assertEquals(CheckStatus.L4CON, server.agent().last().status(), "retried every agent-inter");
    }

    @Test
    void aDisabledAgentSkipsItsTurnsAndMaintenanceDoesNot() throws IOException {
        startAgent("maint");
        newCheck(agent.port(), false);
        advance(0);
        assertTrue(server.isDisabled());
        agent.reply("ready");
        advance(500);
        assertFalse(server.isDisabled(), "the agent runs in maintenance and can end it");
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.repliesSent() == 2);
        server.agent().enabled(false);
        agent.reply("down");
        advance(500);
        advance(500);
        assertEquals(2, agent.repliesSent(), "disabled: no connection");
        assertTrue(server.isRunning());
    }

    @Test
    void logHealthChecksLogsEachChangeOfTheAgentsStatus() throws IOException {
        startAgent("down # disk full");
        newCheck(agent.port(), true);
        advance(0);
        agent.reply("up");
        advance(500);
        advance(500);
        assertEquals(List.of(
            "Agent check for server be/s1 failed, reason: Layer7 wrong status, code: 0, info: "
                + "\"via agent : down (disk full)\", check duration: Nms, status: 0/1 DOWN.",
            "Server be/s1 is DOWN. 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining "
                + "in queue.",
            "Agent check for server be/s1 succeeded, reason: Layer7 check passed, code: 0, info: \"via agent : up\", "
                + "check duration: Nms, status: 1/1 UP.",
            "Server be/s1 is UP. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue."),
            events, "the second up is the same status: not logged");
    }

    @Test
    void aZeroWeightOrADrainIsReportedOnceWhenItEndsTheServersUse() throws IOException {
        startAgent("0%");
        newCheck(agent.port(), false);
        advance(0);
        assertEquals(List.of("unusable be/s1"), events);
        assertTrue(server.isRunning());
        advance(500);
        assertEquals(1, events.size(), "already unusable: no second report");
        agent.reply("100%");
        advance(500);
        agent.reply("drain");
        advance(500);
        assertEquals(List.of("unusable be/s1", "unusable be/s1"), events);
    }
}
