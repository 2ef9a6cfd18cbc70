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

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon under a file-descriptor limit far below what its {@code maxconn} needs (DESIGN.md §4): more
 * clients arrive than it has descriptors for. It must stay up, pause accept on EMFILE and say so once per
 * episode (not once per attempt), serve again once the clients go, and give every descriptor back.
 */
class FileDescriptorExhaustionTest {
    private static final int NOFILE = 128;
    private static final int CLIENTS = 200;
    /** How long the test keeps more clients queued than the daemon has descriptors for. */
    private static final Duration PRESSURE = Duration.ofMillis(1500);
    /** Warnings allowed for the whole run: the test makes one episode; a pause every 100 ms is not one each. */
    private static final int MAX_PAUSE_WARNINGS = 3;
    /** Descriptors the JVM may open for itself while loaded (class files, a lazily opened jar). */
    private static final int FD_SLACK = 8;

    @TempDir
    Path dir;

    private static String config(final String global, final int port, final String backend) {
        return TcpConfig.of("nbthread 1\nmaxconn 1000\nhard-stop-after 2s\n" + global, port, "server s1 " + backend);
    }

    @Test
    void survivesEmfileUnderShellUlimit() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config("", port, Banners.hostPort(backend)));
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
                config("ulimit-n " + NOFILE, port, Banners.hostPort(backend)));
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString());
            try {
                overloadAndRecover(baton, port);
                assertTrue(baton.stderr().contains(NOFILE + " file descriptors"), baton.stderr());
            } finally {
                baton.close();
            }
        }
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
