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
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon under a file-descriptor limit far below what its {@code maxconn} needs (DESIGN.md §4): more
 * clients arrive than it has descriptors for. It must stay up, pause accept on EMFILE and say so once per
 * episode (not once per attempt), serve again once the clients go, and give every descriptor back.
 */
class FileDescriptorExhaustionTest {
    private static final int NOFILE = 128;
    /** Far above what {@link #NOFILE} descriptors allow (two a connection). */
    private static final String TOO_MANY = "maxconn 1000\nno strict-limits";
    private static final int CLIENTS = 200;
    /** How long the test keeps more clients queued than the daemon has descriptors for. */
    private static final Duration PRESSURE = Duration.ofMillis(1500);
    /** Warnings allowed for the whole run: the test makes one episode; a pause every 100 ms is not one each. */
    private static final int MAX_PAUSE_WARNINGS = 3;
    /** Descriptors the JVM may open for itself while loaded (class files, a lazily opened jar). */
    private static final int FD_SLACK = 8;

    @TempDir
    Path dir;

    /** One reactor, and {@code global} lines such as a maxconn the descriptor limit cannot honour. */
    private static String config(final String global, final int port, final TcpEchoServer backend) {
        return TcpConfig.of("nbthread 1\nhard-stop-after 2s\n" + global, port,
            "server s1 " + Banners.hostPort(backend));
    }

    @Test
    void survivesEmfileUnderShellUlimit() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config(TOO_MANY, port, backend));
            final DaemonProcess baton = DaemonProcess.startWithFileLimit(dir, NOFILE, "-f", cfg.toString());
            try {
                overloadAndRecover(baton, port);
            } finally {
                baton.close();
            }
        }
    }

    @Test
    void survivesEmfileUnderUlimitNKeyword() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"),
                config(TOO_MANY + "\nulimit-n " + NOFILE, port, backend));
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString());
            try {
                overloadAndRecover(baton, port);
                assertTrue(baton.stderr().contains(NOFILE + " file descriptors"), baton.stderr());
            } finally {
                baton.close();
            }
        }
    }

    /**
     * Without {@code maxconn}, baton derives it from the descriptor limit (DESIGN.md §4), so the same load
     * stops at maxconn: accept pauses on the connection limit, never on EMFILE, and nobody is reset.
     */
    @Test
    void derivedMaxconnKeepsClearOfTheDescriptorLimit() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config("", port, backend));
            final DaemonProcess baton = DaemonProcess.startWithFileLimit(dir, NOFILE, "-f", cfg.toString());
            final List<Socket> clients = new ArrayList<>();
            try {
                baton.awaitAccepting(port);
                final int maxconn = startedMaxconn(baton.awaitStderr("baton started"));
                assertTrue(maxconn > 0 && maxconn < NOFILE / 2, "derived maxconn " + maxconn);
                await("probe gone").atMost(Duration.ofSeconds(5)).until(() -> backend.openConnections() == 0);

                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(connect(port));
                }
                await("maxconn clients served").atMost(Duration.ofSeconds(10))
                    .until(() -> backend.openConnections() == maxconn);
                await("no more than maxconn").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                    .until(() -> backend.openConnections() <= maxconn && baton.isAlive());
                assertFalse(baton.stderr().contains("Too many open files"), baton.stderr());
            } finally {
                for (final Socket s : clients) {
                    s.close();
                }
                baton.close();
            }
        }
    }

    /** The maxconn announced in the "baton started" line. */
    private static int startedMaxconn(final String stderr) {
        final Matcher m = Pattern.compile("baton started: .*maxconn (\\d+)").matcher(stderr);
        assertTrue(m.find(), stderr);
        return Integer.parseInt(m.group(1));
    }

    private static void overloadAndRecover(final DaemonProcess baton, final int port) throws Exception {
        baton.awaitAccepting(port);
        assertEquals("s1", Banners.ask(port));
        // The probe's stream ends asynchronously: wait for a stable count before taking it as the baseline.
        final int baseline = stableFdCount(baton);
        final List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(connect(port));
            }
            await("accept paused on EMFILE").atMost(Duration.ofSeconds(10))
                .until(() -> pauseWarnings(baton) > 0 || !baton.isAlive());
            // Keep the pressure on for a while: clients are still queued, so every retry of accept meets the
            // shortage again. It is one episode, however long it lasts.
            await("stays up under sustained EMFILE").during(PRESSURE).atMost(PRESSURE.multipliedBy(2))
                .until(baton::isAlive);
        } finally {
            for (final Socket s : clients) {
                s.close();
            }
        }
        await("served again after the clients left").atMost(Duration.ofSeconds(10))
            .ignoreExceptions().until(() -> "s1".equals(Banners.ask(port)));
        await("descriptors back to the baseline " + baseline).atMost(Duration.ofSeconds(10))
            .until(() -> baton.openFileDescriptors() <= baseline + FD_SLACK);
        assertTrue(baton.isAlive());
        final int warnings = pauseWarnings(baton);
        assertTrue(warnings <= MAX_PAUSE_WARNINGS, warnings + " pause warnings:\n" + baton.stderr());
        assertEquals(0, baton.stop(), baton.stderr());
    }

    /** A client that has connected (the kernel completes the handshake whether or not baton accepts). */
    private static Socket connect(final int port) throws IOException {
        final Socket s = new Socket();
        s.setSoLinger(true, 0);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        return s;
    }

    private static int pauseWarnings(final DaemonProcess baton) {
        return (int) baton.stderr().lines()
            .filter(l -> l.contains("accept failed") && l.contains("pausing accept"))
            .count();
    }

    private static int stableFdCount(final DaemonProcess baton) {
        final int[] last = {-1};
        await("stable descriptor count").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
            .until(() -> {
                final int now = baton.openFileDescriptors();
                final boolean stable = now == last[0];
                last[0] = now;
                return stable;
            });
        return last[0];
    }
}
