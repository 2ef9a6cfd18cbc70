package dev.baton;

import dev.baton.support.Banners;
import dev.baton.support.DaemonProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TcpConfig;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon as an operator runs it: a separate JVM started with {@code -f} and {@code -p}, stopped with
 * SIGTERM. Covers the pidfile's life, the exit codes, a port that is already taken, and traffic.
 */
class DaemonProcessTest {
    private static final String GLOBAL = "nbthread 2\nhard-stop-after 2s\n";

    @TempDir
    Path dir;

    private static String config(final int port, final String serverAddress) {
        return TcpConfig.of(GLOBAL, port, "server s1 " + serverAddress);
    }

    @Test
    void servesTrafficWritesPidfileAndStopsCleanlyOnSigterm() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config(port, Banners.hostPort(backend)));
            final Path pidFile = dir.resolve("baton.pid");
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString(), "-p", pidFile.toString());
            try {
                baton.awaitAccepting(port);
                await("pidfile").atMost(Duration.ofSeconds(5)).until(() -> Files.exists(pidFile));
                assertEquals(baton.pid() + "\n", Files.readString(pidFile, StandardCharsets.US_ASCII));

                for (int i = 0; i < 5; i++) {
                    assertEquals("s1", Banners.ask(port));
                }

                assertEquals(0, baton.stop(), baton.stderr());
                assertFalse(Files.exists(pidFile), "pidfile left behind after SIGTERM");
                assertTrue(baton.stderr().contains("baton started"), baton.stderr());
                assertTrue(baton.stderr().contains("stopped"), baton.stderr());
            } finally {
                baton.close();
            }
        }
    }

    @Test
    void sigtermWithAClientConnectedStillExitsZeroWithinHardStopAfter() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config(port, Banners.hostPort(backend)));
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString());
            try (Socket held = new Socket()) {
                baton.awaitAccepting(port);
                held.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
                assertEquals("s1", Banners.readName(held));

                assertEquals(0, baton.stop(), baton.stderr());
                assertTrue(baton.stderr().contains("hard-stop-after reached"), baton.stderr());
                assertTrue(endedByPeer(held), "the held client was left hanging");
            } finally {
                baton.close();
            }
        }
    }

    /** True if the peer closed or reset {@code s} (read gives EOF or a reset) within two seconds. */
    private static boolean endedByPeer(final Socket s) throws IOException {
        s.setSoTimeout(2_000);
        try {
            return s.getInputStream().read() < 0;
        } catch (final SocketTimeoutException e) {
            return false;
        } catch (final SocketException reset) {
            return true;
        }
    }

    /**
     * baton binds with SO_REUSEPORT, but Linux grants a shared port only when every socket on it set the
     * option (and belongs to the same user): a plain listening socket keeps the port to itself, so baton
     * must fail with EADDRINUSE, name the bind line, and exit 1 without leaving a pidfile.
     */
    @Test
    void portHeldByAPlainListeningSocketFailsStartWithExitOne() throws Exception {
        try (ServerSocket holder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            final int port = holder.getLocalPort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config(port, "127.0.0.1:9"));
            final Path pidFile = dir.resolve("baton.pid");
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString(), "-p", pidFile.toString());
            try {
                assertEquals(1, baton.awaitExit(), baton.stderr());
                final String err = baton.stderr();
                assertTrue(err.contains(cfg + ":" + TcpConfig.bindLine(GLOBAL)
                    + ": frontend 'fe': cannot bind 127.0.0.1:" + port + ": Address already in use"), err);
                assertFalse(Files.exists(pidFile));
                assertFalse(err.contains("baton started"), err);
            } finally {
                baton.close();
            }
        }
    }

    /**
     * The other side of SO_REUSEPORT, as with HAProxy: a second baton (same user) on a port a first one
     * serves does start, and the kernel then spreads new clients over both. Recorded here so that it is a
     * known behaviour, not a surprise.
     */
    @Test
    void secondDaemonOnTheSamePortSharesItThroughReuseport() throws Exception {
        try (TcpEchoServer a = Banners.start("a"); TcpEchoServer b = Banners.start("b");
             RunningDaemon first = RunningDaemon.start(config(0, Banners.hostPort(a)))) {
            final int port = first.port("fe");
            try (RunningDaemon second = RunningDaemon.start(config(port, Banners.hostPort(b)))) {
                assertEquals(port, second.port("fe"));
                boolean sawA = false;
                boolean sawB = false;
                for (int i = 0; i < 200 && !(sawA && sawB); i++) {
                    final String name = Banners.ask(port);
                    sawA |= name.equals("a");
                    sawB |= name.equals("b");
                }
                assertTrue(sawA && sawB, "both daemons should get clients");
            }
        }
    }

    @Test
    void unwritablePidfileIsAStartupErrorExitingOne() throws Exception {
        final int port = RunningDaemon.freePort();
        final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config(port, "127.0.0.1:9"));
        final Path pidFile = dir.resolve("no-such-dir").resolve("baton.pid");
        final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString(), "-p", pidFile.toString());
        try {
            assertEquals(1, baton.awaitExit(), baton.stderr());
            assertTrue(baton.stderr().contains("cannot write pidfile " + pidFile), baton.stderr());
        } finally {
            baton.close();
        }
    }

    /**
     * As HAProxy ("No enabled listener found"): a configuration that binds nothing, such as an empty conf.d,
     * passes {@code -c} but must not start a daemon that serves nothing while its supervisor sees it up.
     */
    @Test
    void configurationWithoutListenerRefusesToStart() throws Exception {
        final Path conf = Files.createDirectories(dir.resolve("conf.d"));
        final DaemonProcess baton = DaemonProcess.start(dir, "-f", conf.toString());
        try {
            assertEquals(1, baton.awaitExit(), baton.stderr());
            assertTrue(baton.stderr().contains("no listener"), baton.stderr());
        } finally {
            baton.close();
        }
    }

    /** HAProxy counts a stats socket as a listener: a configuration with only that starts and serves it. */
    @Test
    void configurationWhoseOnlyListenerIsAStatsSocketStarts() throws Exception {
        final int port = RunningDaemon.freePort();
        final Path cfg = Files.writeString(dir.resolve("baton.cfg"), String.join("\n",
            "global",
            "    nbthread 1",
            "    stats socket 127.0.0.1:" + port + " level admin",
            "backend be",
            "    timeout connect 1s",
            "    timeout server 5s",
            "    server s1 127.0.0.1:9",
            ""));
        final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString());
        try {
            baton.awaitAccepting(port);
            assertEquals(0, baton.stop(), baton.stderr());
        } finally {
            baton.close();
        }
    }

    @Test
    void invalidConfigurationExitsOneWithoutStarting() throws IOException, InterruptedException {
        final Path cfg = Files.writeString(dir.resolve("baton.cfg"), "global\n    nbthread lots\n");
        final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString());
        try {
            assertEquals(1, baton.awaitExit(), baton.stderr());
            assertTrue(baton.stderr().startsWith(cfg + ":2: "), baton.stderr());
            assertEquals("", baton.stdout());
        } finally {
            baton.close();
        }
    }
}
