package dev.baton;

import dev.baton.support.Banners;
import dev.baton.support.DaemonProcess;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TcpConfig;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reload signals of a real baton under {@code -Ws}: SIGUSR2 reloads a valid file (a frontend added starts
 * serving) and systemd hears {@code RELOADING=1} with {@code MONOTONIC_USEC}, then {@code READY=1}; SIGHUP with an
 * invalid file changes nothing, the process keeps serving and says why ({@code FILE:LINE}) in its log and in its
 * {@code STATUS=} line; {@code show info} counts the one reload that switched. The datagrams are received by socat,
 * as systemd would receive them.
 */
class ReloadSignalsTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static void signal(final DaemonProcess baton, final String name) throws Exception {
        final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(baton.pid())).start();
        assertEquals(0, kill.waitFor(), "kill -" + name);
    }

    /** Adds frontend fe2 on {@code port2} to {@code cfg} ({@code base} plus it) and reloads by SIGUSR2: fe2 serves. */
    private static void addFrontendByUsr2(final DaemonProcess baton, final Path cfg, final String base,
                                          final int port2) throws Exception {
        Files.writeString(cfg, base + "frontend fe2\n    bind 127.0.0.1:" + port2 + "\n    default_backend be\n");
        signal(baton, "USR2");
        baton.awaitStderr("reload #1 done");
        baton.awaitAccepting(port2);
        assertEquals("s1", Banners.ask(null, port2), "the frontend the reload added serves");
    }

    @Test
    void usr2ReloadsAValidFileAndHupRefusesAnInvalidOne() throws Exception {
        final Path notify = dir.resolve("notify.sock");
        final Path received = dir.resolve("received.txt");
        final Path admin = dir.resolve("admin.sock");
        final Process socat = SystemdWatchdogTest.receiveNotifications(notify, received);
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final int port2 = RunningDaemon.freePort();
            final String base = TcpConfig.of("hard-stop-after 2s\nstats socket " + admin + " level admin", port,
                "server s1 " + Banners.hostPort(backend));
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), base);
            // SIGHUP at its default whatever this test inherited (a run under nohup ignores it, and an ignored
            // SIGHUP stays ignored in a JVM: ignoredSighupIsSaidAtStart)
            final DaemonProcess baton = DaemonProcess.startUnder(dir,
                List.of("env", "--default-signal=HUP", "NOTIFY_SOCKET=" + notify), "-Ws", "-f", cfg.toString());
            try {
                baton.awaitAccepting(port);
                await("READY=1").atMost(WITHIN).until(() -> SystemdWatchdogTest.count(received, "READY=1") == 1);

                addFrontendByUsr2(baton, cfg, base, port2);
                await("RELOADING then READY").atMost(WITHIN).until(() -> SystemdWatchdogTest.count(received, "READY=1") == 2);
                assertTrue(Files.readString(received).contains("RELOADING=1\nMONOTONIC_USEC="),
                    Files.readString(received));

                Files.writeString(cfg, base + "    bogus-keyword\n");
                signal(baton, "HUP");
                baton.awaitStderr("reload refused");
                assertTrue(baton.stderr().contains(cfg + ":"), "the error's FILE:LINE: " + baton.stderr());
                await("STATUS says it failed").atMost(WITHIN).until(() -> Files.readString(received)
                    .contains("STATUS=reload failed: 1 error(s)"));
                assertTrue(baton.isAlive(), "SIGHUP did not stop baton");
                assertEquals("s1", Banners.ask(null, port), "the running configuration still serves");
                assertEquals("s1", Banners.ask(null, port2), "including what the last good reload added");
                final String info = ask(admin, "show info\n");
                assertTrue(info.contains("Reloads: 1\n"), info);

                assertEquals(0, baton.stop());
            } finally {
                baton.close();
            }
        } finally {
            socat.destroy();
            socat.waitFor();
        }
    }

    /**
     * Started with SIGHUP ignored (as under {@code nohup}), the JVM cannot take SIGHUP over: baton says so at its start
     * and names the other ways to reload, and SIGUSR2 still reloads.
     */
    @Test
    void ignoredSighupIsSaidAtStart() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = RunningDaemon.freePort();
            final int port2 = RunningDaemon.freePort();
            final String base = TcpConfig.of("hard-stop-after 2s", port, "server s1 " + Banners.hostPort(backend));
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), base);
            final DaemonProcess baton = DaemonProcess.startUnder(dir, List.of("env", "--ignore-signal=HUP"),
                "-f", cfg.toString());
            try {
                baton.awaitAccepting(port);
                final String log = baton.awaitStderr("SIGHUP was ignored when baton started");
                assertTrue(log.contains("reload with SIGUSR2 or the runtime API's 'reload'"), log);
                addFrontendByUsr2(baton, cfg, base, port2);
                assertEquals(0, baton.stop());
            } finally {
                baton.close();
            }
        }
    }

    /**
     * Side by side with HAProxy 2.6 in master-worker mode (SIGUSR2 to its master): the same file, the same reloads,
     * the same outcome. A valid reload that adds a frontend makes it serve; an invalid file afterwards changes
     * nothing, both frontends still serve.
     */
    @Test
    void theSameReloadsAsHaproxyMasterWorkerGiveTheSameOutcome() throws Exception {
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int hPort = RunningDaemon.freePort();
            final int hPort2 = RunningDaemon.freePort();
            final Path hDir = Files.createDirectories(dir.resolve("haproxy"));
            final String hBase = TcpConfig.of("", hPort, "server s1 " + Banners.hostPort(backend));
            try (HaproxyProcess haproxy = HaproxyProcess.startMasterWorker(hDir, hBase, hPort)) {
                final Path hCfg = hDir.resolve("haproxy.cfg");
                Files.writeString(hCfg, hBase + "frontend fe2\n    bind 127.0.0.1:" + hPort2
                    + "\n    default_backend be\n");
                // the master prints "Loading success." at its start and after each reload; it may still be re-executing
                // itself (into its wait mode) when the port first accepts, so the signal is repeated until it takes
                await("HAProxy's reload").atMost(WITHIN).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    if (HaproxyProcess.listening(hPort2)) {
                        return true;
                    }
                    haproxy.reload();
                    return false;
                });
                assertEquals("s1", Banners.ask(null, hPort2), "HAProxy: the frontend the reload added serves");
                Files.writeString(hCfg, hBase + "    bogus-keyword\n");
                await("HAProxy's refusal").atMost(WITHIN).pollInterval(Duration.ofSeconds(2)).until(() -> {
                    if (haproxy.lines().stream().anyMatch(l -> l.contains("Loading failure!"))) {
                        return true;
                    }
                    haproxy.reload();
                    return false;
                });
                assertEquals("s1", Banners.ask(null, hPort), "HAProxy: the running configuration still serves");
                assertEquals("s1", Banners.ask(null, hPort2), "HAProxy: including what the last reload added");
            }

            final int port = RunningDaemon.freePort();
            final int port2 = RunningDaemon.freePort();
            final String base = TcpConfig.of("hard-stop-after 2s", port, "server s1 " + Banners.hostPort(backend));
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), base);
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString());
            try {
                baton.awaitStderr("baton started"); // the reload signals are trapped from then on
                addFrontendByUsr2(baton, cfg, base, port2);
                Files.writeString(cfg, base + "    bogus-keyword\n");
                signal(baton, "USR2");
                baton.awaitStderr("reload refused");
                assertEquals("s1", Banners.ask(null, port), "baton: the running configuration still serves");
                assertEquals("s1", Banners.ask(null, port2), "baton: including what the last reload added");
                assertEquals(0, baton.stop());
            } finally {
                baton.close();
            }
        }
    }

    /** Sends {@code line} on the runtime API socket; the answer, read until baton closes. */
    private static String ask(final Path socket, final String line) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII)));
            final StringBuilder answer = new StringBuilder();
            final ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf.clear()) >= 0) {
                answer.append(StandardCharsets.UTF_8.decode(buf.flip()));
            }
            return answer.toString();
        }
    }
}
