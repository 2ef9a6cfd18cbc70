package dev.baton;

import dev.baton.support.Banners;
import dev.baton.support.DaemonProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TcpConfig;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The systemd watchdog under {@code -Ws}: with {@code $WATCHDOG_USEC} set, baton sends {@code WATCHDOG=1} while
 * every reactor turns its loop, stops when one is stuck (here reactor 0, stalled on purpose by HAProxy's expert
 * command {@code debug dev loop}), and resumes when it turns again. The datagrams are received by socat, as systemd
 * would receive them.
 */
class SystemdWatchdogTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);
    /** systemd's watchdog time: baton ticks every 200 ms (half of it). */
    private static final String WATCHDOG_USEC = "400000";

    @TempDir
    Path dir;

    /**
     * A socat that receives the datagrams sent to {@code notify} (as systemd would) into {@code received}, once its
     * socket exists; the caller destroys it.
     */
    static Process receiveNotifications(final Path notify, final Path received) throws IOException {
        final Process socat = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + notify, "STDOUT")
            .redirectOutput(received.toFile()).start();
        await("socat's socket").atMost(WITHIN).until(() -> Files.exists(notify));
        return socat;
    }

    /** How many times {@code what} occurs in the datagrams received so far. */
    static int count(final Path received, final String what) throws IOException {
        final String all = Files.readString(received);
        int n = 0;
        for (int i = all.indexOf(what); i >= 0; i = all.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void pingsStopWhileAReactorIsStuckAndResumeAfter() throws Exception {
        final Path notify = dir.resolve("notify.sock");
        final Path received = dir.resolve("received.txt");
        final Path admin = dir.resolve("admin.sock");
        final Process socat = receiveNotifications(notify, received);
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), TcpConfig.of(
                "nbthread 2\nhard-stop-after 2s\nstats socket " + admin + " level admin", port,
                "server s1 " + Banners.hostPort(backend)));
            final DaemonProcess baton = DaemonProcess.startUnder(dir, List.of("env", "NOTIFY_SOCKET=" + notify,
                "WATCHDOG_USEC=" + WATCHDOG_USEC), "-Ws", "-f", cfg.toString());
            try {
                baton.awaitAccepting(port);
                await("READY=1").atMost(WITHIN).until(() -> count(received, "READY=1") == 1);
                await("watchdog pings").atMost(WITHIN).until(() -> count(received, "WATCHDOG=1") >= 3);
                assertTrue(baton.stderr().contains("systemd watchdog: 400 ms"), baton.stderr());

                final CompletableFuture<Void> stall = CompletableFuture.runAsync(() -> ask(admin,
                    "expert-mode on; debug dev loop 2500\n"));
                baton.awaitStderr("reactor 0 has not turned its loop");
                final int duringStall = count(received, "WATCHDOG=1");
                baton.awaitStderr("reactor 0 turns its loop again");
                stall.join();
                final int afterStall = count(received, "WATCHDOG=1");
                assertTrue(afterStall - duringStall <= 1, "no ping while reactor 0 was stuck for 2.5 s (ticks every "
                    + "200 ms): " + duringStall + " before, " + afterStall + " after");
                await("pings resume").atMost(WITHIN).until(() -> count(received, "WATCHDOG=1") >= afterStall + 3);

                assertEquals(0, baton.stop());
                await("STOPPING=1 and a status").atMost(WITHIN).until(() -> Files.readString(received)
                    .contains("STOPPING=1\nSTATUS=stopping: "));
            } finally {
                baton.close();
            }
        } finally {
            socat.destroy();
            socat.waitFor();
        }
    }

    @Test
    void watchdogTimeIsHonouredOnlyForThisProcess() {
        assertEquals(400_000_000L, SystemdSupervision.watchdogNs("400000", null, 42));
        assertEquals(400_000_000L, SystemdSupervision.watchdogNs("400000", "42", 42));
        assertEquals(0, SystemdSupervision.watchdogNs("400000", "41", 42), "inherited from another process");
        assertEquals(0, SystemdSupervision.watchdogNs(null, null, 42));
        assertEquals(0, SystemdSupervision.watchdogNs("0", null, 42));
        assertEquals(0, SystemdSupervision.watchdogNs("soon", null, 42));
    }

    /** Sends {@code line} on the runtime API socket and reads until the answer ends (baton closes). */
    private static void ask(final Path socket, final String line) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            try (OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(line.getBytes(StandardCharsets.US_ASCII));
                final ByteBuffer buf = ByteBuffer.allocate(4096);
                while (ch.read(buf.clear()) >= 0) {
                    // drains the answer until the non-interactive connection closes
                }
            }
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
