package dev.baton;

import dev.baton.support.Banners;
import dev.baton.support.DaemonProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TcpConfig;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.BeforeEach;
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
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
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
    /** The {@code -S} socket of the daemon a test starts. */
    private Path master;

    @BeforeEach
    void masterSocket() {
        master = dir.resolve("master.sock");
    }

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

    /** {@code baton -S DIR/master.sock OPTIONS -f cfg}, once it serves on {@code port} and its master socket. */
    private DaemonProcess startWithMaster(final Path cfg, final int port, final String options) throws Exception {
        final DaemonProcess baton = DaemonProcess.start(dir, "-S", master + options, "-f", cfg.toString());
        baton.awaitAccepting(port);
        baton.awaitStderr("runtime API on " + master); // bound after the frontends' ports
        return baton;
    }

    /** {@code base} with frontend fe2 on {@code port2} added. */
    private static String withFe2(final String base, final int port2) {
        return base + "frontend fe2\n    bind 127.0.0.1:" + port2 + "\n    default_backend be\n";
    }

    @Test
    void aGoodReloadExitsZeroAndABadOneExitsOneWithItsErrors() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final int port2 = RunningDaemon.freePort();
            final String base = TcpConfig.of("hard-stop-after 2s", port, "server s1 " + Banners.hostPort(backend));
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), base);
            try (DaemonProcess baton = startWithMaster(cfg, port, ",mode,600")) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(master)),
                    "-S ...,mode,600 sets the socket file's mode");

                Files.writeString(cfg, withFe2(base, port2));
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

    /**
     * A reload that takes longer than {@code stats timeout} (here: its file is a FIFO the test writes late) is still
     * answered: the connection waiting for it is not idle, the daemon is. Before, the inactivity timer closed it
     * after {@code stats timeout} and the client exited 1 with no answer while the reload went on.
     */
    @Test
    void aReloadLongerThanTheStatsTimeoutIsStillAnswered() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final int port2 = RunningDaemon.freePort();
            final String base = TcpConfig.of("stats timeout 1s", port, "server s1 " + Banners.hostPort(backend));
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), base);
            try (DaemonProcess baton = startWithMaster(cfg, port, "")) {
                Files.delete(cfg);
                final Process mkfifo = new ProcessBuilder("mkfifo", cfg.toString()).start();
                assertEquals(0, mkfifo.waitFor(), "mkfifo");
                final CompletableFuture<Run> reload = CompletableFuture.supplyAsync(
                    () -> client("-S", master.toString(), "-t", "30"));
                baton.awaitStderr("reload requested"); // the reload thread now waits for the FIFO's writer
                await("the client waits through three stats timeouts").during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5)).until(() -> !reload.isDone());
                Files.writeString(cfg, withFe2(base, port2));
                final Run run = reload.get(30, TimeUnit.SECONDS);
                assertEquals(0, run.exit, run.out + run.err);
                assertTrue(run.out.startsWith("reload done") && run.out.contains("fe2"), run.out);
                assertEquals("s1", Banners.ask(null, port2), "the frontend the reload added serves");
                assertEquals(0, baton.stop());
            }
        }
    }

    @Test
    void noDaemonOnTheSocketIsExitOne() throws Exception {
        final Path nobody = dir.resolve("nobody.sock");
        final Run run = client("-S", nobody.toString());
        assertEquals(1, run.exit);
        assertTrue(run.err.startsWith("baton reload: " + nobody + ": "), run.err);
        final String tcp = "127.0.0.1:" + RunningDaemon.freePort();
        final Run refused = client("-S", tcp);
        assertEquals(1, refused.exit);
        assertTrue(refused.err.startsWith("baton reload: " + tcp + ": Connection refused"), refused.err);
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
