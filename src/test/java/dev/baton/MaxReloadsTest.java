package dev.baton;

import dev.baton.config.ConfigLoader;
import dev.baton.support.RawHttp;
import dev.baton.support.Sockets;
import dev.baton.testservers.HttpBackend;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mworker-max-reloads N}: HAProxy's master kills a worker once it outlived more than N reloads; baton reloads
 * in place, so a stream that outlived more than N reloads on its configuration is killed. A mode tcp stream (which
 * never moves to a new configuration) survives the first reload and is killed at the second with N = 1; an HTTP
 * keep-alive client that moves to each new configuration at its next request starts counting again there.
 */
class MaxReloadsTest {
    @TempDir
    Path dir;

    private Daemon daemon;
    private Reload reload;

    @AfterEach
    void tearDown() throws Exception {
        if (reload != null) {
            reload.close();
        }
        if (daemon != null) {
            daemon.stop(1);
        }
    }

    private Path write(final String text) throws IOException {
        final Path cfg = dir.resolve("baton.cfg");
        Files.writeString(cfg, text);
        return cfg;
    }

    private static String config(final String global, final int tcpPort, final int echo, final int httpPort,
                                 final int web) {
        return "global\n    nbthread 1\n" + global
            + "defaults\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\n"
            + "frontend tcpfe\n    mode tcp\n    bind 127.0.0.1:" + tcpPort + "\n    default_backend echo\n"
            + "backend echo\n    mode tcp\n    server e 127.0.0.1:" + echo + "\n"
            + "frontend httpfe\n    mode http\n    bind 127.0.0.1:" + httpPort + "\n    default_backend web\n"
            + "backend web\n    mode http\n    server w 127.0.0.1:" + web + "\n";
    }

    private static boolean echoes(final Socket s) throws IOException {
        try {
            s.getOutputStream().write('x');
            final InputStream in = s.getInputStream();
            return in.read() == 'x';
        } catch (final SocketException e) {
            return false; // reset: killed
        }
    }

    private void reloadTo(final String text) throws Exception {
        write(text);
        assertTrue(reload.run("test").startsWith("Success=1\n"));
    }

    private void run(final String global, final boolean tcpKilledAtSecond) throws Exception {
        try (TcpEchoServer echo = TcpEchoServer.start("127.0.0.1", 0); HttpBackend web = HttpBackend.start()) {
            final int tcpPort = Sockets.unusedPort();
            final int httpPort = Sockets.unusedPort();
            final String text = config(global, tcpPort, echo.port(), httpPort, web.port());
            daemon = new Daemon(ConfigLoader.load(List.of(write(text)), Map.of()));
            daemon.start();
            reload = new Reload(daemon, List.of(dir.resolve("baton.cfg")), Map.of());
            daemon.reloader(reload);
            try (Socket tcp = new Socket("127.0.0.1", tcpPort); RawHttp http = RawHttp.open(httpPort)) {
                tcp.setSoTimeout(5000);
                assertTrue(echoes(tcp));
                assertEquals(200, http.send(RawHttp.get("/")).read().status);
                reloadTo(text + "# 1\n");
                assertTrue(echoes(tcp), "a first reload is outlived");
                assertEquals(200, http.send(RawHttp.get("/")).read().status);
                reloadTo(text + "# 2\n");
                assertEquals(!tcpKilledAtSecond, echoes(tcp), "the second reload");
                final RawHttp.Response r = http.send(RawHttp.get("/")).read();
                assertEquals(200, r.status, "the keep-alive client moved at each request: one reload outlived");
                assertEquals(null, r.header("Connection"), "and stays");
            }
        }
    }

    @Test
    void aStreamOutlivingMoreReloadsIsKilled() throws Exception {
        run("    mworker-max-reloads 1\n", true);
    }

    @Test
    void withoutTheLimitStreamsOutliveEveryReload() throws Exception {
        run("", false);
    }
}
