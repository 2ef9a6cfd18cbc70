package dev.baton.listener;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server addresses beyond {@code HOST:PORT}, each on real sockets through a chain of two baton frontends:
 * {@code unix@PATH} and {@code /PATH} servers (connected, pooled, health-checked: up when the socket answers,
 * down when nothing listens at the path), {@code abns@NAME}, and servers whose port follows the port the client
 * connected to (no port, {@code +N}, {@code -N}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerAddressFormsTest {
    @TempDir
    Path dir;
    private HttpBackend server;
    private HttpBackend mapped;
    private RunningDaemon baton;

    @AfterEach
    void stop() throws IOException {
        if (baton != null) {
            baton.close();
        }
        if (server != null) {
            server.close();
        }
        if (mapped != null) {
            mapped.close();
        }
    }

    private static String get(final int port, final String path) throws IOException {
        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response r = c.send(RawHttp.get(path, "Connection: close\r\n")).read();
            assertEquals(200, r.status, path);
            return new String(r.body, java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    @Test
    void unixAndAbstractServersAreConnectedAndChecked() throws Exception {
        server = HttpBackend.start(new HttpBackend.Options().name("real"));
        final Path mid = dir.resolve("mid.sock");
        final String abns = "baton-srv-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        final int front = RunningDaemon.freePort();
        baton = RunningDaemon.start("""
            global
                nbthread 1
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            listen inner
                bind unix@%1$s
                bind abns@%2$s
                server real 127.0.0.1:%3$d
            frontend outer
                bind 127.0.0.1:%4$d
                use_backend viaabns if { path_beg /abns }
                default_backend viaunix
            backend viaunix
                server u %1$s check inter 200ms
                server gone unix@%5$s check inter 200ms
            backend viaabns
                server a abns@%2$s check inter 200ms
                server nobody abns@%2$s-nobody check inter 200ms
            """.formatted(mid, abns, server.port(), front, dir.resolve("nobody-listens.sock")));
        final Server up = baton.daemon().backend("viaunix").server("u");
        final Server gone = baton.daemon().backend("viaunix").server("gone");
        await("the unix server's check passes, the missing one fails").atMost(Duration.ofSeconds(10))
            .until(() -> up.lastCheck().status() == CheckStatus.L4OK && !gone.isRunning());
        assertTrue(get(front, "/unix").startsWith("real "), "through the unix server");
        assertTrue(get(front, "/unix2").startsWith("real "), "again, on a pooled or new unix connection");
        final Server abnsUp = baton.daemon().backend("viaabns").server("a");
        final Server abnsGone = baton.daemon().backend("viaabns").server("nobody");
        await("the abstract server's check passes, the missing one fails").atMost(Duration.ofSeconds(10))
            .until(() -> abnsUp.lastCheck().status() == CheckStatus.L4OK && !abnsGone.isRunning());
        for (int i = 0; i < 2; i++) {
            assertTrue(get(front, "/abns").startsWith("real "), "through the abstract server");
        }
    }

    @Test
    void aServerWithoutPortOrWithAnOffsetFollowsTheClientsPort() throws Exception {
        final int bindPort = RunningDaemon.freePort();
        // a server on 127.0.0.2 at the very port the client reaches on 127.0.0.1
        mapped = HttpBackend.start(new HttpBackend.Options().name("same").host("127.0.0.2").port(bindPort));
        server = HttpBackend.start(new HttpBackend.Options().name("offset"));
        final int offsetPort = RunningDaemon.freePort();
        final int offset = server.port() - offsetPort;
        baton = RunningDaemon.start("""
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            listen same
                bind 127.0.0.1:%1$d
                server s 127.0.0.2
            listen shifted
                bind 127.0.0.1:%2$d
                server s 127.0.0.1:%3$s%4$d check port %5$d inter 200ms
            """.formatted(bindPort, offsetPort, offset < 0 ? "-" : "+", Math.abs(offset), server.port()));
        assertTrue(get(bindPort, "/").startsWith("same "), "the client's port, on the server's address");
        assertTrue(get(offsetPort, "/").startsWith("offset "), "the client's port plus the offset");
        await("the check on its own port passes").atMost(Duration.ofSeconds(10))
            .until(() -> baton.daemon().backend("shifted").server("s").lastCheck().status() == CheckStatus.L4OK);
    }
}
