package dev.baton;

import dev.baton.support.Banners;
import dev.baton.support.DaemonProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TcpConfig;
import dev.baton.testservers.HttpBackend;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code user}/{@code group}: a real baton process started as root binds a port below 1024 and its stats
 * socket, then every one of its threads runs as nobody:nogroup with no supplementary group (read from
 * {@code /proc/PID/task/TID/status}), and it still serves traffic and the runtime API and stops cleanly.
 * Started by anyone else, baton refuses to run, as HAProxy does ("Cannot set gid"), and unbinds.
 */
class PrivilegeDropTest {
    private static final int NOBODY = 65534;
    private static final int NOGROUP = 65534;

    @TempDir
    Path dir;

    @Test
    void dropsEveryThreadToUserAndGroupAfterBinding() throws Exception {
        final String ownUid = procStatus(Path.of("/proc/self/status"), "Uid:").get(0);
        final boolean root = "0".equals(ownUid);
        try (TcpEchoServer backend = Banners.start("s1")) {
            final int port = root ? freePrivilegedPort() : RunningDaemon.freePort();
            final Path socket = dir.resolve("admin.sock");
            final Path pidFile = dir.resolve("baton.pid");
            final String global = "nbthread 2\nhard-stop-after 2s\nuser nobody\ngroup nogroup\n"
                + "stats socket " + socket + "\n";
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"),
                TcpConfig.of(global, port, "server s1 " + Banners.hostPort(backend)));
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString(), "-p", pidFile.toString());
            try {
                if (!root) {
                    assertNotEquals(Integer.toString(NOBODY), ownUid, "nobody may become nobody: run as another user");
                    assertEquals(1, baton.awaitExit(), baton.stderr());
                    assertTrue(baton.stderr().contains("Cannot set gid " + NOGROUP), baton.stderr());
                    assertTrue(baton.stderr().contains("not started as root"), baton.stderr());
                    assertTrue(bindable(port), "port still bound after the refusal");
                    assertFalse(Files.exists(pidFile), "pidfile left behind");
                    return;
                }
                baton.awaitStderr("baton started");
                assertTrue(baton.stderr().contains("running as uid " + NOBODY + " gid " + NOGROUP), baton.stderr());
                assertEquals(baton.pid() + "\n", Files.readString(pidFile, StandardCharsets.US_ASCII));
                final List<Path> tasks = tasks(baton.pid());
                assertTrue(tasks.size() > 5, "a JVM has many threads: " + tasks);
                for (final Path task : tasks) {
                    final Path status = task.resolve("status");
                    final String name = procStatus(status, "Name:").get(0);
                    assertEquals(List.of("65534", "65534", "65534", "65534"), procStatus(status, "Uid:"), name);
                    assertEquals(List.of("65534", "65534", "65534", "65534"), procStatus(status, "Gid:"), name);
                    assertEquals(List.of(), procStatus(status, "Groups:"), name);
                }

                for (int i = 0; i < 3; i++) {
                    assertEquals("s1", Banners.ask(port));
                }
                assertTrue(Sockets.stats(socket, "show info").contains("Pid: " + baton.pid()),
                    Sockets.stats(socket, "show info"));
                assertTrue(Sockets.stats(socket, "show stat").contains("be,s1,"), Sockets.stats(socket, "show stat"));

                assertEquals(0, baton.stop(), baton.stderr());
                assertTrue(baton.stderr().contains("stopped"), baton.stderr());
                assertTrue(bindable(port), "port still bound after the stop");
            } finally {
                baton.close();
            }
        }
    }

    /**
     * {@code chroot DIR} with {@code user}/{@code group}: baton, started as root, binds a TCP and an HTTP
     * frontend and its stats socket, then runs inside an empty directory as nobody (its {@code /proc/PID/root}
     * is that directory) and still proxies both, health-checks, answers {@code show info}/{@code show stat} and
     * stops with exit 0. Not root: "Cannot chroot", exit 1, nothing left bound.
     */
    @Test
    void runsInsideAnEmptyChrootAfterBinding() throws Exception {
        final boolean root = "0".equals(procStatus(Path.of("/proc/self/status"), "Uid:").get(0));
        final Path jail = Files.createDirectory(dir.resolve("jail"));
        try (TcpEchoServer tcpServer = Banners.start("s1");
             HttpBackend web = HttpBackend.start(new HttpBackend.Options().name("w1"))) {
            final int tcpPort = RunningDaemon.freePort();
            final int httpPort = RunningDaemon.freePort();
            final Path socket = dir.resolve("admin.sock");
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), String.join("\n",
                "global",
                "    nbthread 2",
                "    chroot " + jail,
                "    user nobody",
                "    group nogroup",
                "    stats socket " + socket + " level admin",
                "defaults",
                "    timeout connect 2s",
                "    timeout client 5s",
                "    timeout server 5s",
                "listen raw",
                "    mode tcp",
                "    bind 127.0.0.1:" + tcpPort,
                "    server s1 " + Banners.hostPort(tcpServer) + " check inter 200ms",
                "listen web",
                "    mode http",
                "    bind 127.0.0.1:" + httpPort,
                "    server w1 127.0.0.1:" + web.port() + " check inter 200ms",
                ""));
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString());
            try {
                if (!root) {
                    assertEquals(1, baton.awaitExit(), baton.stderr());
                    assertTrue(baton.stderr().contains("Cannot chroot(" + jail + ")"), baton.stderr());
                    assertTrue(bindable(tcpPort) && bindable(httpPort), "ports still bound after the refusal");
                    return;
                }
                baton.awaitStderr("baton started");
                assertEquals(jail, Files.readSymbolicLink(Path.of("/proc", Long.toString(baton.pid()), "root")));
                assertEquals(List.of("65534", "65534", "65534", "65534"),
                    procStatus(Path.of("/proc", Long.toString(baton.pid()), "status"), "Uid:"));

                assertEquals("s1", Banners.ask(tcpPort));
                try (RawHttp c = RawHttp.open(httpPort)) {
                    final RawHttp.Response r = c.send(RawHttp.get("/chrooted")).read();
                    assertEquals(200, r.status);
                    assertEquals("w1", r.header("X-Server"));
                }
                assertTrue(Sockets.stats(socket, "show info").contains("Pid: " + baton.pid()),
                    Sockets.stats(socket, "show info"));
                await("both servers checked UP").atMost(Duration.ofSeconds(10)).until(() -> {
                    final String stat = Sockets.stats(socket, "show stat");
                    return stat.contains("raw,s1,") && stat.lines().filter(l -> l.contains(",L4OK,")
                        && (l.startsWith("raw,s1,") || l.startsWith("web,w1,"))).count() == 2;
                });
                try (Stream<Path> inJail = Files.list(jail)) {
                    assertTrue(inJail.findAny().isEmpty(), "baton wrote into the jail");
                }

                assertEquals(0, baton.stop(), baton.stderr());
                assertTrue(baton.stderr().contains("stopped"), baton.stderr());
                assertFalse(baton.stderr().contains("Exception"), baton.stderr());
            } finally {
                baton.close();
            }
        }
    }

    /** The fields of the first {@code KEY} line of a {@code /proc/.../status} file, split on white space. */
    private static List<String> procStatus(final Path status, final String key) throws IOException {
        for (final String line : Files.readAllLines(status)) {
            if (line.startsWith(key)) {
                final String rest = line.substring(key.length()).strip();
                return rest.isEmpty() ? List.of() : List.of(rest.split("\\s+"));
            }
        }
        throw new AssertionError("no " + key + " in " + status);
    }

    private static List<Path> tasks(final long pid) throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return new ArrayList<>(s.toList());
        }
    }

    /** A port below 1024 that is free on 127.0.0.1 now (only root can bind one). */
    private static int freePrivilegedPort() {
        for (int port = 1023; port > 900; port--) {
            if (bindable(port)) {
                return port;
            }
        }
        throw new AssertionError("no free port between 901 and 1023");
    }

    private static boolean bindable(final int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
