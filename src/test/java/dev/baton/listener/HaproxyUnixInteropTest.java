package dev.baton.listener;

import dev.baton.support.ExternalTool;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * baton and HAProxy 2.6 on each other's Unix and abstract sockets, both ways: HAProxy's {@code server abns@NAME}
 * reaches baton's {@code bind abns@NAME} (the name padded to the whole {@code sun_path}, as HAProxy pads it), and
 * baton's {@code server abns@}/{@code unix@} reach HAProxy's binds. Both log a Unix client the same way,
 * {@code unix:ID} with the listener's id.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HaproxyUnixInteropTest {
    @TempDir
    Path dir;

    private static String body(final int port) throws IOException {
        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response r = c.send(RawHttp.get("/", "Connection: close\r\n")).read();
            assertEquals(200, r.status);
            return new String(r.body, StandardCharsets.US_ASCII);
        }
    }

    private static boolean listening(final int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (final IOException e) {
            return false;
        }
    }

    @Test
    void abstractAndUnixSocketsBothWays() throws Exception {
        ExternalTool.requireHaproxy();
        final String suffix = ProcessHandle.current().pid() + "-" + System.nanoTime();
        final String toBaton = "baton-in-" + suffix;
        final String toHaproxy = "haproxy-in-" + suffix;
        final Path haproxySock = dir.resolve("h.sock");
        final int hOut = RunningDaemon.freePort();
        try (HttpBackend server = HttpBackend.start(new HttpBackend.Options().name("real"))) {
            final Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), """
                global
                    log stdout format raw local0 info
                defaults
                    mode http
                    log global
                    option httplog
                    timeout connect 2s
                    timeout client 5s
                    timeout server 5s
                listen hout
                    bind 127.0.0.1:%1$d
                    server b abns@%2$s
                listen hin
                    bind abns@%3$s
                    bind unix@%4$s
                    server real 127.0.0.1:%5$d
                """.formatted(hOut, toBaton, toHaproxy, haproxySock, server.port()));
            final Path out = dir.resolve("haproxy.out");
            final Process haproxy = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            TrafficLogCapture.clear();
            try (RunningDaemon baton = RunningDaemon.start("""
                defaults
                    mode http
                    log global
                    option httplog
                    timeout connect 2s
                    timeout client 5s
                    timeout server 5s
                listen bin
                    bind abns@%1$s
                    server real 127.0.0.1:%2$d
                listen viaabns
                    bind 127.0.0.1:%3$d
                    server h abns@%4$s
                listen viaunix
                    bind 127.0.0.1:%5$d
                    server h unix@%6$s
                """.formatted(toBaton, server.port(), RunningDaemon.freePort(), toHaproxy, RunningDaemon.freePort(),
                haproxySock))) {
                await("haproxy started").atMost(Duration.ofSeconds(10)).until(() -> {
                    if (!haproxy.isAlive()) {
                        throw new AssertionError("haproxy exited: " + Files.readString(out));
                    }
                    return listening(hOut);
                });
                assertTrue(body(hOut).startsWith("real "), "HAProxy -> baton over abns@");
                assertTrue(body(baton.port("viaabns")).startsWith("real "), "baton -> HAProxy over abns@");
                assertTrue(body(baton.port("viaunix")).startsWith("real "), "baton -> HAProxy over unix@");

                final String batonLine = TrafficLogCapture.awaitLine("of bin", l -> l.contains(" bin bin/real "));
                assertTrue(batonLine.startsWith("unix:1 ["), batonLine);
                await("haproxy's lines").atMost(Duration.ofSeconds(10)).until(() ->
                    Files.readString(out).lines().filter(l -> l.contains(" hin hin/real ")).count() == 2);
                final String hLines = Files.readString(out);
                assertTrue(hLines.lines().anyMatch(l -> l.startsWith("unix:1 [") && l.contains(" hin hin/real ")),
                    "the abns@ client of HAProxy's first listener:\n" + hLines);
                assertTrue(hLines.lines().anyMatch(l -> l.startsWith("unix:2 [") && l.contains(" hin hin/real ")),
                    "the unix@ client of its second:\n" + hLines);
            } finally {
                haproxy.destroy();
                if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                    haproxy.destroyForcibly();
                }
            }
        }
    }
}
