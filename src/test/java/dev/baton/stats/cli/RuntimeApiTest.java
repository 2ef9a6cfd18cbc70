package dev.baton.stats.cli;

import dev.baton.StartupException;
import dev.baton.support.RunningDaemon;
import dev.baton.sys.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The line protocol of the runtime API, over real unix and TCP sockets of an in-process daemon. */
class RuntimeApiTest {
    private static final String HELP_FIRST_LINE = "The following commands are valid at this level:\n";
    private static final String UNKNOWN = "Unknown command: 'frobnicate'. Enter 'help' to list the commands valid "
        + "at this level.\n";

    @TempDir
    Path dir;

    @Test
    void oneLineIsAnsweredWithAnEmptyLineAfterItThenTheConnectionCloses() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            final String answer = CliClient.exchange(d.admin, "help");
            assertTrue(answer.startsWith(HELP_FIRST_LINE), answer);
            assertTrue(answer.contains("  help [<command>]                        : list matching or all commands\n"),
                answer);
            assertTrue(answer.endsWith("\n\n"), answer);
            assertEquals(1, answer.split("\n\n", -1).length - 1, "one empty line, at the end: " + answer);
        }
    }

    @Test
    void commandsSeparatedBySemicolonsAreEachAnswered() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            final String help = CliClient.exchange(d.admin, "help");
            assertEquals(help + help + UNKNOWN + "\n", CliClient.exchange(d.admin, "help;help ; frobnicate"));
        }
    }

    @Test
    void anUnknownCommandIsAnsweredAndTheConnectionKeptInInteractiveMode() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir); CliClient c = CliClient.unix(d.admin)) {
            assertEquals(UNKNOWN + "\n", CliClient.exchange(d.admin, "frobnicate"));
            c.send("prompt\n");
            assertEquals("\n> ", c.readUntilEndsWith("> "));
            c.send("frobnicate\n");
            assertEquals(UNKNOWN + "\n> ", c.readUntilEndsWith("> "));
            c.send("help\n");
            assertTrue(c.readUntilEndsWith("\n\n> ").startsWith(HELP_FIRST_LINE));
        }
    }

    @Test
    void promptSessionRunsLinesUntilQuit() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir); CliClient c = CliClient.unix(d.oper)) {
            final String help = CliClient.exchange(d.oper, "help");
            c.send("prompt\n");
            assertEquals("\n> ", c.readUntilEndsWith("> "));
            c.send("help\n");
            assertEquals(help + "> ", c.readUntilEndsWith("> "));
            c.send("help;help\n");
            assertEquals(help + help + "> ", c.readUntilEndsWith("> "));
            c.send("\n");
            assertEquals("\n> ", c.readUntilEndsWith("> "));
            c.send("help;quit;help\n");
            assertEquals(help, c.readToEnd());
            assertTrue(c.ended());
        }
    }

    @Test
    void interactiveModeWithoutPromptEndsWhenTheClientDoes() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir); CliClient c = CliClient.unix(d.user)) {
            final String help = CliClient.exchange(d.user, "help");
            c.send("prompt i\n");
            assertEquals("\n", c.readUntilEndsWith("\n"));
            c.send("help\r\n");
            assertEquals(help, c.readUntilEndsWith("\n\n"));
            c.send("help");
            c.shutdownOutput();
            assertEquals(help, c.readToEnd());
        }
    }

    @Test
    void promptTogglesBackToNonInteractive() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir); CliClient c = CliClient.unix(d.admin)) {
            c.send("prompt\n");
            assertEquals("\n> ", c.readUntilEndsWith("> "));
            c.send("prompt\n");
            assertEquals("\n", c.readToEnd());
            assertEquals("'prompt' expects n, i or p, got 'x'.\n\n", CliClient.exchange(d.admin, "prompt x"));
        }
    }

    @Test
    void anUnterminatedLineIsRunWhenTheClientEnds() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir); CliClient c = CliClient.unix(d.admin)) {
            c.send("frobnicate");
            c.shutdownOutput();
            assertEquals(UNKNOWN + "\n", c.readToEnd());
        }
    }

    @Test
    void aLineTooLongIsRefusedAndTheConnectionClosed() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            try (CliClient c = CliClient.unix(d.admin)) {
                c.send("help " + "x".repeat(CliSession.MAX_LINE) + "\n");
                assertEquals(CliSession.LINE_TOO_LONG, c.readToEnd());
            }
            // The longest line accepted: its one argument matches no command.
            assertEquals(HELP_FIRST_LINE + "\n", CliClient.exchange(d.admin, "help " + "x".repeat(CliSession.MAX_LINE - 5)));
        }
    }

    @Test
    void tooManyCommandsOnALineAreRefused() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            assertEquals(CliSession.TOO_MANY_COMMANDS, CliClient.exchange(d.admin, "help;".repeat(CliSession.MAX_COMMANDS + 1)));
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheStatsTimeout() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir, "stats timeout 300ms"); CliClient c = CliClient.unix(d.admin)) {
            c.send("prompt\n");
            assertEquals("\n> ", c.readUntilEndsWith("> "));
            final long start = System.nanoTime();
            assertEquals("", c.readToEnd());
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos(), "closed too early");
        }
    }

    @Test
    void acceptPausesAtStatsMaxconnAndResumesWhenAConnectionEnds() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir, "stats maxconn 1");
             CliClient first = CliClient.unix(d.admin);
             CliClient second = CliClient.unix(d.admin)) {
            first.send("prompt\n");
            assertEquals("\n> ", first.readUntilEndsWith("> "));
            second.send("help\n");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> second.poll().isEmpty());
            first.send("quit\n");
            assertTrue(second.readToEnd().startsWith(HELP_FIRST_LINE));
        }
    }

    @Test
    void tcpSocketServesTheSameProtocol() throws Exception {
        final int port = RunningDaemon.freePort();
        try (CliDaemon d = CliDaemon.start(dir, "stats socket 127.0.0.1:" + port + " level user");
             CliClient c = CliClient.tcp(port)) {
            c.send("help\n");
            assertEquals(CliClient.exchange(d.user, "help"), c.readToEnd());
        }
    }

    @Test
    void socatSpeaksToUnixAndTcpSockets() throws Exception {
        final int port = RunningDaemon.freePort();
        try (CliDaemon d = CliDaemon.start(dir, "stats socket ipv4@127.0.0.1:" + port)) {
            final String help = CliClient.exchange(d.oper, "help");
            assertEquals(help + help, Socat.run("UNIX-CONNECT:" + d.oper, "help;help\n"));
            assertEquals(help, Socat.run("TCP:127.0.0.1:" + port, "help\n"));
            assertEquals("\n> " + help + "> ", Socat.run("UNIX-CONNECT:" + d.oper, "prompt\nhelp\nquit\n"));
        }
    }

    @Test
    void unixSocketIsCreatedWithItsOwnerGroupAndMode() throws Exception {
        assumeTrue(Identity.currentUid() == 0, "chown to another user needs root");
        final Path sock = dir.resolve("owned.sock");
        final int nogroup = Identity.groupId("nogroup").orElse(65534);
        try (CliDaemon d = CliDaemon.start(dir, "stats socket " + sock + " mode 660 level admin user nobody group "
            + "nogroup")) {
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            assertEquals(Identity.userId("nobody").getAsInt(), Files.getAttribute(sock, "unix:uid"));
            assertEquals(nogroup, Files.getAttribute(sock, "unix:gid"));
            assertEquals(CliClient.exchange(d.admin, "help"), CliClient.exchange(sock, "help"));
        }
        try (CliDaemon d = CliDaemon.start(dir, "stats socket " + sock + " uid 4321 gid 4322 level admin")) {
            assertEquals(4321, Files.getAttribute(sock, "unix:uid"));
            assertEquals(4322, Files.getAttribute(sock, "unix:gid"));
            assertEquals(CliClient.exchange(d.admin, "help"), CliClient.exchange(sock, "help"));
        }
    }

    @Test
    void unixSocketGetsItsModeAndReplacesAStaleOneAndIsRemovedAtStop() throws Exception {
        final Path sock = dir.resolve("moded.sock");
        try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(sock));
        }
        assertTrue(Files.exists(sock), "a socket file is left behind by a closed listener");
        try (CliDaemon d = CliDaemon.start(dir, "stats socket " + sock + " mode 600 level admin")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sock)));
            assertEquals(CliClient.exchange(d.admin, "help"), CliClient.exchange(sock, "help"));
        }
        assertFalse(Files.exists(sock));
        assertFalse(Files.exists(dir.resolve("admin.sock")));
    }

    @Test
    void aPathHoldingSomethingElseThanASocketStopsTheStart() throws IOException {
        final Path file = dir.resolve("not-a-socket");
        Files.writeString(file, "keep me");
        final StartupException e = assertThrows(StartupException.class,
            () -> CliDaemon.start(dir, "stats socket " + file));
        assertEquals("test.cfg:6: cannot bind stats socket " + file + ": '" + file + "' exists and is not a socket",
            String.join("\n", e.problems()));
        assertEquals("keep me", Files.readString(file));
        assertFalse(Files.exists(dir.resolve("admin.sock")), "sockets bound before the failure are removed");
    }
}
