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
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How baton starts and stops as a process, per the global keywords HAProxy operators write: {@code strict-limits}
 * and {@code fd-hard-limit} (file-descriptor limits), {@code grace} with SIGUSR1 (soft stop), and {@code daemon} /
 * {@code -D} (the background). Each runs a real baton process.
 */
class ProcessStartStopTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private Path config(final String global, final int port, final TcpEchoServer backend) throws IOException {
        return Files.writeString(dir.resolve("baton.cfg"),
            TcpConfig.of("nbthread 1\nhard-stop-after 2s\n" + global, port, "server s1 " + Banners.hostPort(backend)));
    }

    @Test
    void strictLimitsRefuseAMaxconnTheDescriptorLimitCannotHold() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final Path cfg = config("maxconn 1000", RunningDaemon.freePort(), backend);
            final DaemonProcess baton = DaemonProcess.startWithFileLimit(dir, 256, "-f", cfg.toString());
            try {
                assertEquals(1, baton.awaitExit(), baton.stderr());
                assertTrue(baton.stderr().contains("FD limit (256) too low for maxconn=1000/maxsock="), baton.stderr());
                assertTrue(baton.stderr().contains("no strict-limits"), baton.stderr());
            } finally {
                baton.close();
            }
        }
    }

    @Test
    void ulimitNAboveFdHardLimitIsRefusedUnderStrictLimits() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final Path cfg = config("maxconn 100\nfd-hard-limit 500\nulimit-n 900", RunningDaemon.freePort(), backend);
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString());
            try {
                assertEquals(1, baton.awaitExit(), baton.stderr());
                assertTrue(baton.stderr().contains("Cannot raise FD limit to 900"), baton.stderr());
            } finally {
                baton.close();
            }
        }
    }

    @Test
    void fdHardLimitCapsTheLimitAndTheDerivedMaxconn() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final DaemonProcess baton = DaemonProcess.start(dir, "-f",
                config("fd-hard-limit 700", port, backend).toString());
            try {
                baton.awaitAccepting(port);
                assertEquals("s1", Banners.ask(port));
                assertEquals(Optional.of(700L), softOpenFileLimit(baton.pid()));
                final String started = baton.awaitStderr("baton started");
                assertTrue(started.contains("700 file descriptors"), started);
                assertEquals(0, baton.stop());
            } finally {
                baton.close();
            }
        }
    }

    /**
     * HAProxy's {@code grace}: after SIGUSR1 the listeners keep accepting for the grace time, then the soft stop
     * proceeds and the process exits 0 by itself.
     */
    @Test
    void graceKeepsServingAfterSigusr1ThenStops() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", config("grace 3s", port, backend).toString());
            try {
                baton.awaitAccepting(port);
                final long signalledNs = System.nanoTime();
                signal("USR1", baton.pid());
                baton.awaitStderr("listeners stay open for grace 3000 ms");
                assertEquals("s1", Banners.ask(port));
                assertEquals(0, baton.awaitExit());
                assertTrue(System.nanoTime() - signalledNs >= Duration.ofSeconds(3).toNanos());
            } finally {
                baton.close();
            }
        }
    }

    /**
     * {@code -D}: the launcher returns 0 once baton serves; the daemon is another process, in a session of its own,
     * whose pid is in the pidfile; it serves until SIGTERM.
     */
    @Test
    void dashDGoesToTheBackgroundAndWritesItsOwnPid() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final Path pidFile = dir.resolve("baton.pid");
            final DaemonProcess launcher = DaemonProcess.start(dir, "-D", "-f", config("", port, backend).toString(),
                "-p", pidFile.toString());
            long daemonPid = -1;
            try {
                assertEquals(0, launcher.awaitExit(), launcher.stderr());
                daemonPid = Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim());
                assertNotEquals(launcher.pid(), daemonPid);
                assertTrue(ProcessHandle.of(daemonPid).map(ProcessHandle::isAlive).orElse(false));
                assertEquals(daemonPid, sessionId(daemonPid), "the daemon leads a session of its own");
                assertEquals("s1", Banners.ask(port));
            } finally {
                launcher.close();
                stop(daemonPid);
            }
        }
    }

    /** The global {@code daemon} when baton cannot start: the launcher relays the error and exits 1. */
    @Test
    void daemonKeywordReportsAStartFailureThroughTheLauncher() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1");
             ServerSocket holder = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            final Path pidFile = dir.resolve("baton.pid");
            final DaemonProcess launcher = DaemonProcess.start(dir, "-f",
                config("daemon", holder.getLocalPort(), backend).toString(), "-p", pidFile.toString());
            try {
                assertEquals(1, launcher.awaitExit(), launcher.stderr());
                assertTrue(launcher.stderr().contains("cannot bind 127.0.0.1:" + holder.getLocalPort()),
                    launcher.stderr());
                assertTrue(Files.notExists(pidFile));
            } finally {
                launcher.close();
            }
        }
    }

    /** {@code -db} keeps a {@code daemon} configuration in the foreground (what the systemd unit passes). */
    @Test
    void dashDbKeepsTheDaemonKeywordInTheForeground() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final DaemonProcess baton = DaemonProcess.start(dir, "-db", "-f",
                config("daemon", port, backend).toString());
            try {
                baton.awaitAccepting(port);
                assertTrue(baton.isAlive());
                assertEquals("s1", Banners.ask(port));
                assertEquals(0, baton.stop());
            } finally {
                baton.close();
            }
        }
    }

    private static void stop(final long pid) {
        if (pid <= 0) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(p -> {
            p.destroy();
            await("background baton stops").atMost(WITHIN).until(() -> !p.isAlive());
        });
    }

    private static void signal(final String name, final long pid) throws IOException, InterruptedException {
        final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    /** Field 6 of /proc/PID/stat (after the parenthesised command name). */
    private static long sessionId(final long pid) throws IOException {
        final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII);
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[3]);
    }

    private static Optional<Long> softOpenFileLimit(final long pid) throws IOException {
        for (final String line : Files.readAllLines(Path.of("/proc/" + pid + "/limits"))) {
            if (line.startsWith("Max open files")) {
                return Optional.of(Long.parseLong(line.substring(26).trim().split("\\s+")[0]));
            }
        }
        return Optional.empty();
    }

    /**
     * {@code -Ws} (HAProxy's systemd mode): {@code daemon} is ignored, and systemd hears {@code READY=1} once baton
     * serves and {@code STOPPING=1} when it stops, on the datagram socket {@code $NOTIFY_SOCKET} names (received here
     * by socat, as systemd would).
     */
    @Test
    void dashWsNotifiesSystemdAndStaysInTheForeground() throws Exception {
        final Path notify = dir.resolve("notify.sock");
        final Path received = dir.resolve("received.txt");
        final Process socat = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + notify, "STDOUT")
            .redirectOutput(received.toFile()).redirectErrorStream(false).start();
        try (TcpEchoServer backend = Banners.start("s1")) {
            await("socat's socket").atMost(WITHIN).until(() -> Files.exists(notify));
            final int port = RunningDaemon.freePort();
            final DaemonProcess baton = DaemonProcess.startUnder(dir, java.util.List.of("env", "NOTIFY_SOCKET=" + notify),
                "-Ws", "-f", config("daemon", port, backend).toString());
            try {
                baton.awaitAccepting(port);
                assertTrue(baton.isAlive(), "-Ws keeps baton in the foreground despite 'daemon'");
                await("READY=1").atMost(WITHIN).until(() -> Files.readString(received).contains("READY=1"));
                assertEquals("s1", Banners.ask(port));
                assertEquals(0, baton.stop());
                await("STOPPING=1").atMost(WITHIN).until(() -> Files.readString(received).contains("STOPPING=1"));
            } finally {
                baton.close();
            }
        } finally {
            socat.destroy();
            socat.waitFor();
        }
    }
}
