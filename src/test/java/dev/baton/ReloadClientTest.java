package dev.baton;

import dev.baton.support.Banners;
import dev.baton.support.DaemonProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TcpConfig;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code baton -S SOCKET} (HAProxy's master CLI flag: an admin runtime API socket of the process) and the client
 * the systemd unit's {@code ExecReload=} runs, {@code baton reload -S SOCKET}: against a real baton, a valid file
 * reloads (exit 0, what changed printed, the new frontend serves), an invalid one is refused (exit 1, the error as
 * {@code FILE:LINE}, the old configuration still serves); no daemon or no answer in time is exit 1 too.
 */
class ReloadClientTest {
    @TempDir
    Path dir;

    /** {@code baton reload ARGS} run in this JVM, its output captured. */
    private record Run(int exit, String out, String err) {
    }

    private static Run client(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final String[] all = new String[args.length + 1];
        all[0] = "reload";
        System.arraycopy(args, 0, all, 1, args.length);
        final int exit = Baton.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), all);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aGoodReloadExitsZeroAndABadOneExitsOneWithItsErrors() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final int port2 = RunningDaemon.freePort();
            final Path master = dir.resolve("master.sock");
            final String base = TcpConfig.of("hard-stop-after 2s", port, "server s1 " + Banners.hostPort(backend));
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), base);
            try (DaemonProcess baton = DaemonProcess.start(dir, "-S", master + ",mode,600", "-f", cfg.toString())) {
                baton.awaitAccepting(port);
                baton.awaitStderr("runtime API on " + master); // bound after the frontends' ports
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(master)),
                    "-S ...,mode,600 sets the socket file's mode");

                Files.writeString(cfg, base + "frontend fe2\n    bind 127.0.0.1:" + port2 + "\n    default_backend be\n");
                final Run good = client("-S", master.toString());
                assertEquals(0, good.exit, good.err);
                assertTrue(good.out.startsWith("reload done"), good.out);
                assertTrue(good.out.contains("fe2"), "what changed: " + good.out);
                assertEquals("", good.err);
                // the answer came once the reload was over: the new frontend serves at once, no wait
                assertEquals("s1", Banners.ask(null, port2), "the frontend the reload added serves");

                final int badLine = (int) base.lines().count() + 1;
                Files.writeString(cfg, base + "    bogus-keyword\n");
                final Run bad = client("-S", master.toString(), "-t", "30");
                assertEquals(1, bad.exit, bad.out + bad.err);
                assertEquals("", bad.out);
                assertTrue(bad.err.startsWith("reload refused; the running configuration stays:\n"), bad.err);
                assertTrue(bad.err.contains(cfg + ":" + badLine + ": ") && bad.err.contains("bogus-keyword"), bad.err);
                assertTrue(baton.isAlive());
                assertEquals("s1", Banners.ask(null, port), "the running configuration still serves");

                assertEquals(0, baton.stop());
                assertFalse(Files.exists(master), "the socket file is removed at the stop");
            }
        }
    }

    @Test
    void noDaemonOnTheSocketIsExitOne() {
        final Path nobody = dir.resolve("nobody.sock");
        final Run run = client("-S", nobody.toString());
        assertEquals(1, run.exit);
        assertTrue(run.err.startsWith("baton reload: " + nobody + ": "), run.err);
    }

    /** A daemon that takes the command and never answers: the client gives up after {@code -t} seconds. */
    @Test
    void noAnswerWithinTheTimeoutIsExitOne() throws Exception {
        final Path silent = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(silent));
            final long start = System.nanoTime();
            final Run run = client("-S", silent.toString(), "-t", "1");
            final long tookMs = (System.nanoTime() - start) / 1_000_000;
            try (SocketChannel accepted = server.accept()) {
                assertTrue(accepted.isOpen(), "the client had connected");
            }
            assertEquals(1, run.exit);
            assertTrue(run.err.contains("no answer within 1 s"), run.err);
            assertTrue(tookMs >= 1_000 && tookMs < 10_000, "waited " + tookMs + " ms");
        }
    }

    @Test
    void badCommandLinesAreExitTwo() {
        assertEquals(2, client().exit, "-S is required");
        final Run badAddress = client("-S", "nowhere");
        assertEquals(2, badAddress.exit);
        assertTrue(badAddress.err.contains("-S expects a socket path or HOST:PORT"), badAddress.err);
        assertEquals(2, client("-S", "/tmp/x.sock", "-t", "0").exit);
    }
}
