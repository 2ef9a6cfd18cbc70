package dev.baton.stats.cli;

import dev.baton.backend.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands that change the running daemon, their errors and the levels allowed to run them. */
class AdminCommandsTest {
    private static final String DENIED = "Permission denied\n\n";

    @TempDir
    Path dir;

    /** The s1 line of {@code show servers state}, from srv_op_state to srv_iweight. */
    private static String stateOfS1(final CliDaemon d) throws Exception {
        final String line = CliClient.exchange(d.admin, "show servers state be").split("\n")[2];
        final String[] f = line.split(" ");
        return String.join(" ", List.of(f[5], f[6], f[7], f[8]));
    }

    private static Server s1(final CliDaemon d) {
        return d.daemon.daemon().backend("be").servers().get(0);
    }

    @Test
    void setServerStateMovesBetweenReadyDrainAndMaint() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            assertEquals("2 0 1 1", stateOfS1(d));
            assertEquals("\n", CliClient.exchange(d.admin, "set server be/s1 state drain"));
            assertEquals(Server.AdminState.DRAIN, s1(d).adminState());
            assertEquals("2 8 1 1", stateOfS1(d));
            // HAProxy 2.6 keeps a drained server's weight (1) in show stat
            assertTrue(CliClient.exchange(d.admin, "show stat")
                .contains("\nbe,s1,0,0,0,0,,0,0,0,,0,,0,0,0,0,DRAIN,1,1,0,"));
            assertEquals("\n", CliClient.exchange(d.admin, "set server be/s1 state maint"));
            assertEquals(Server.AdminState.MAINT, s1(d).adminState());
            assertEquals("0 1 1 1", stateOfS1(d));
            assertTrue(CliClient.exchange(d.admin, "show stat")
                .contains("\nbe,s1,0,0,0,0,,0,0,0,,0,,0,0,0,0,MAINT,1,1,0,"));
            assertEquals("\n", CliClient.exchange(d.admin, "set server be/s1 state ready"));
            assertEquals(Server.AdminState.READY, s1(d).adminState());
            assertEquals("2 0 1 1", stateOfS1(d));
        }
    }

    @Test
    void disableAndEnableServerAreStateMaintAndReady() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            CliClient.exchange(d.admin, "set server be/s1 state drain");
            assertEquals("\n", CliClient.exchange(d.admin, "disable server be/s1"));
            assertEquals(Server.AdminState.MAINT, s1(d).adminState());
            assertEquals("\n", CliClient.exchange(d.admin, "enable server be/s1"));
            assertEquals(Server.AdminState.READY, s1(d).adminState(),
                "disable clears the drain and enable makes it ready, as HAProxy 2.6 (srv_adm_set_maint/ready)");
            assertEquals("'enable server' does not take 'x'. Usage: enable server <bk>/<srv>\n\n",
                CliClient.exchange(d.admin, "enable server be/s1 x"));
        }
    }

    @Test
    void setServerWeightTakesAbsoluteOrRelativeWeights() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            assertEquals("1 (initial 1)\n\n", CliClient.exchange(d.user, "get weight be/s1"));
            assertEquals("\n\n0 (initial 1)\n\n", CliClient.exchange(d.admin,
                "set server be/s1 weight 7;set server be/s2 weight 0;get weight be/s2"));
            assertEquals("7 (initial 1)\n\n", CliClient.exchange(d.user, "get weight be/s1"));
            CliClient.exchange(d.admin, "set server be/s1 weight 300%");
            assertEquals("3 (initial 1)\n\n", CliClient.exchange(d.user, "get weight be/s1"));
            CliClient.exchange(d.admin, "set server be/s1 weight 1000000%");
            assertEquals("256 (initial 1)\n\n", CliClient.exchange(d.user, "get weight be/s1"));
            // slim is the backend's fullconn, a tenth of the global maxconn the file limit gives
            assertTrue(Pattern.compile("\nbe,BACKEND,0,0,0,0,\\d+,0,0,0,0,0,,0,0,0,0,UP,256,1,0,")
                .matcher(CliClient.exchange(d.admin, "show stat")).find(),
                "backend weight: the eligible actives' (s2 has weight 0)");
            assertEquals(List.of(
                "Weight must be between 0 and 256 (or a positive percentage), got '257'.",
                "Weight must be between 0 and 256 (or a positive percentage), got '-1'.",
                "Weight must be an integer between 0 and 256 or a percentage such as 50%, got 'heavy'.",
                "Require <weight> or <weight%>.",
                "Weight must be between 0 and 256 (or a positive percentage), got '-5%'."),
                List.of(CliClient.exchange(d.admin, "set server be/s1 weight 257;set server be/s1 weight -1;"
                    + "set server be/s1 weight heavy;set server be/s1 weight;set server be/s1 weight -5%")
                    .split("\n\n")));
            assertEquals("256 (initial 1)\n\n", CliClient.exchange(d.user, "get weight be/s1"));
        }
    }

    @Test
    void staticRoundRobinOnlyTakesItsInitialWeightOrZero() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir, 1, 2, "static-rr")) {
            assertEquals("Backend 'be' uses static-rr, which only takes weights 0 and 1 (0% and 100%).\n\n",
                CliClient.exchange(d.admin, "set server be/s1 weight 2"));
            assertEquals("\n\n", CliClient.exchange(d.admin, "set server be/s1 weight 0%;set server be/s1 weight 1"));
        }
    }

    @Test
    void badTargetsAndArgumentsAreOneLineAndKeepTheSessionOpen() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir); CliClient c = CliClient.unix(d.admin)) {
            c.send("prompt\n");
            c.readUntilEndsWith("> ");
            c.send("set server be;set server nope/s1 state ready;set server be/nope state ready;"
                + "set server be/s1 state up;set server be/s1 colour blue;set server be/s1 state ready now;"
                + "disable server;get weight /s1\n");
            assertEquals("Require 'backend/server'.\n\nNo such backend.\n\nNo such server.\n\n"
                + "'set server <backend>/<server> state' expects 'ready', 'drain' or 'maint'.\n\n"
                + "usage: set server <backend>/<server> addr | agent | agent-addr | agent-port | agent-send | "
                + "check-port | fqdn | health | ssl | state | weight\n\n"
                + "Too many arguments: 'now'.\n\nRequire 'backend/server'.\n\nRequire 'backend/server'.\n\n> ",
                c.readUntilEndsWith("> "));
            c.send("get weight be/s2\n");
            assertEquals("1 (initial 1)\n\n> ", c.readUntilEndsWith("> "));
        }
    }

    @Test
    void levelsUserAndOperatorCannotChangeAnything() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            for (final Path socket : List.of(d.user, d.oper)) {
                for (final String command : List.of("set server be/s1 state maint", "set server be/s1 weight 0",
                    "disable server be/s1", "enable server be/s1", "set maxconn frontend fe 1",
                    "set maxconn server be/s1 5")) {
                    assertEquals(DENIED, CliClient.exchange(socket, command), command + " on " + socket);
                }
            }
            assertEquals(Server.AdminState.READY, s1(d).adminState());
            assertEquals(1, s1(d).weight());
            assertEquals(0, d.daemon.daemon().frontend("fe").maxconn());
            assertEquals(0, s1(d).maxconn());
            assertTrue(CliClient.exchange(d.user, "show stat;show info;show servers state;show servers conn;"
                + "get weight be/s1;help").split("\n\n").length == 6);
            assertTrue(CliClient.exchange(d.oper, "show activity").startsWith("thread_id: 1 (1..2)\n"));
        }
    }

    @Test
    void setMaxconnServerChangesTheLimitWithHaproxysMessages() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            assertEquals("\n", CliClient.exchange(d.admin, "set maxconn server be/s1 7"));
            assertEquals(7, s1(d).maxconn());
            assertEquals(7, s1(d).minconn(), "a static limit stays static");
            assertEquals(List.of("No such server.", "Require <maxconn>.", "maxconn string empty or preceded by garbage",
                    "Trailing garbage in maxconn string", "maxconn must not be negative (0: no limit)"),
                List.of(CliClient.exchange(d.admin, "set maxconn server be/nope 3;set maxconn server be/s1;"
                    + "set maxconn server be/s1 x3;set maxconn server be/s1 3x;set maxconn server be/s1 -2")
                    .split("\n\n")));
            assertEquals(7, s1(d).maxconn());
            assertEquals("\n", CliClient.exchange(d.admin, "set maxconn server be/s1 0"));
            assertEquals(0, s1(d).maxconn(), "0: no limit");
            assertTrue(CliClient.exchange(d.admin, "help").contains("set maxconn server <bk>/<srv>"));
        }
    }

    @Test
    void setMaxconnFrontendChangesTheLimitAndResumesAPausedListener() throws Exception {
        try (EchoPair echo = new EchoPair();
             CliDaemon d = CliDaemon.start(dir, echo.s1.port(), echo.s2.port(), "roundrobin")) {
            assertEquals("\n", CliClient.exchange(d.admin, "set maxconn frontend fe 1"));
            assertEquals(1, d.daemon.daemon().frontend("fe").maxconn());
            assertTrue(CliClient.exchange(d.admin, "show stat").contains("\nfe,FRONTEND,,,0,0,1,"));
            try (Socket held = EchoPair.open(d.frontendPort())) {
                // Served first, alone: with two reactors, two clients connecting together could take the one
                // slot in either order.
                EchoPair.greeting(held);
                try (Socket waiting = EchoPair.open(d.frontendPort())) {
                    // The second client is connected in the kernel's backlog, but the listener does not accept it.
                    waiting.setSoTimeout(300);
                    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                        .until(() -> waiting.getInputStream().available() == 0);
                    waiting.setSoTimeout(EchoPair.TIMEOUT_MS);
                    assertEquals("\n", CliClient.exchange(d.admin, "set maxconn frontend fe 2"));
                    assertTrue(List.of("s1", "s2").contains(EchoPair.greeting(waiting)));
                    assertEquals("ping", EchoPair.echo(waiting, "ping"));
                }
            }
            assertEquals(List.of("No such frontend.", "'set maxconn frontend' expects a frontend name and a "
                + "non-negative integer.", "'set maxconn frontend' expects a frontend name and a non-negative "
                + "integer.", "'set maxconn frontend' expects a frontend name and a non-negative integer."),
                List.of(CliClient.exchange(d.admin, "set maxconn frontend be 3;set maxconn frontend fe -1;"
                    + "set maxconn frontend fe many;set maxconn frontend fe").split("\n\n")));
            assertEquals("\n", CliClient.exchange(d.admin, "set maxconn frontend fe 0"));
            assertEquals(0, d.daemon.daemon().frontend("fe").maxconn());
        }
    }
}
