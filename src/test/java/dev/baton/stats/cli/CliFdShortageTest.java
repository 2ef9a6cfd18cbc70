package dev.baton.stats.cli;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stats socket when the process runs out of file descriptors (DESIGN.md §4): a runtime API client waits in
 * the socket's backlog while every accept fails with EMFILE. Accepting pauses, as a frontend's listener does,
 * instead of retrying on every turn: the reactor (which serves the traffic too) stays nearly idle, the shortage
 * is logged once, and the waiting client is answered once descriptors free up.
 */
class CliFdShortageTest {
    private static final int NOFILE = 128;
    private static final int CLIENTS = 200;
    /** How long the reactor thread's CPU time is measured under the shortage. */
    private static final Duration WINDOW = Duration.ofSeconds(1);
    /** Most of the window the reactor may spend on CPU: a spin takes all of it, a pause every 100 ms almost none. */
    private static final double MAX_CPU_SHARE = 0.25;
    private static final long TICKS_PER_SECOND = 100;

    @TempDir
    Path dir;

    @Test
    void anAcceptFailingForLackOfDescriptorsPausesInsteadOfSpinning() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final int statsPort = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), TcpConfig.of("nbthread 1\n"
                // no strict-limits: maxconn 1000 needs more descriptors than the limit, which is the point here
                + "maxconn 1000\nno strict-limits\nhard-stop-after 2s\nstats socket ipv4@127.0.0.1:" + statsPort + " level operator\n",
                port, "server s1 " + Banners.hostPort(backend)));
            final DaemonProcess baton = DaemonProcess.startWithFileLimit(dir, NOFILE, "-f", cfg.toString());
            final List<Socket> clients = new ArrayList<>();
            try {
                baton.awaitAccepting(port);
                baton.awaitAccepting(statsPort);
                assertTrue(ask(statsPort).contains("loops"), "the runtime API answers");

                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(connect(port));
                }
                await("descriptors exhausted").atMost(Duration.ofSeconds(10))
                    .until(() -> baton.stderr().contains("pausing accept") || !baton.isAlive());
                try (Socket waiting = connect(statsPort)) {
                    waiting.getOutputStream().write("show activity\n".getBytes(StandardCharsets.US_ASCII));
                    await("the stats socket meets the shortage").atMost(Duration.ofSeconds(10))
                        .until(() -> statsShortageWarnings(baton) > 0 || !baton.isAlive());

                    final long cpuBefore = baton.threadCpuTicks("baton-reactor-1");
                    final long startNs = System.nanoTime();
                    await().pollDelay(WINDOW).atMost(WINDOW.multipliedBy(2)).until(() -> true);
                    final long cpuTicks = baton.threadCpuTicks("baton-reactor-1") - cpuBefore;
                    final double share = cpuTicks / (double) TICKS_PER_SECOND
                        / ((System.nanoTime() - startNs) / (double) TimeUnit.SECONDS.toNanos(1));
                    System.out.printf("stats socket under EMFILE: reactor thread on CPU %.0f%% of the time%n",
                        share * 100);
                    assertTrue(share < MAX_CPU_SHARE, "the reactor spins: on CPU " + Math.round(share * 100)
                        + "% of the time under the shortage");

                    for (final Socket s : clients) {
                        s.close();
                    }
                    clients.clear();
                    waiting.setSoTimeout(10_000);
                    final String answer = new String(waiting.getInputStream().readAllBytes(),
                        StandardCharsets.US_ASCII);
                    assertTrue(answer.contains("loops"), "the waiting client is answered once descriptors free:\n"
                        + answer);
                }
                assertTrue(ask(statsPort).contains("loops"), "the runtime API answers again");
                assertTrue(baton.isAlive());
                final long warnings = statsShortageWarnings(baton);
                assertTrue(warnings <= 2, warnings + " shortage warnings for the stats socket:\n" + baton.stderr());
                assertEquals(0, baton.stop(), baton.stderr());
            } finally {
                for (final Socket s : clients) {
                    s.close();
                }
                baton.close();
            }
        }
    }

    private static long statsShortageWarnings(final DaemonProcess baton) {
        return baton.stderr().lines().filter(l -> l.contains("stats socket") && l.contains("accept failed")).count();
    }

    private static String ask(final int statsPort) throws IOException {
        try (Socket s = connect(statsPort)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("show activity\n".getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static Socket connect(final int port) throws IOException {
        final Socket s = new Socket();
        s.setSoLinger(true, 0);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        return s;
    }
}
