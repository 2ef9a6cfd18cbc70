package dev.baton.listener;

import dev.baton.support.DaemonProcess;
import dev.baton.support.ExternalTool;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bind fd@3}: baton serves on a listening socket its supervisor opened and passed down, here
 * {@code systemd-socket-activate}, which listens, execs baton on the first connection and hands the socket over
 * as descriptor 3. That first client waits in the backlog and is served once baton runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InheritedSocketTest {
    @TempDir
    Path dir;

    @Test
    void aListeningSocketInheritedAsFd3IsServed() throws Exception {
        assumeTrue(ExternalTool.available("systemd-socket-activate"), "systemd-socket-activate is not installed");
        final int port = RunningDaemon.freePort();
        try (HttpBackend server = HttpBackend.start()) {
            final Path cfg = dir.resolve("baton.cfg");
            Files.writeString(cfg, """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind fd@3
                    default_backend be
                backend be
                    server s 127.0.0.1:%d
                """.formatted(server.port()));
            try (DaemonProcess baton = DaemonProcess.startUnder(dir,
                List.of("systemd-socket-activate", "-l", "127.0.0.1:" + port), "-f", cfg.toString())) {
                baton.awaitStderr("Listening on 127.0.0.1:" + port + " as 3");
                try (RawHttp c = RawHttp.open(port)) {
                    assertEquals(200, c.send(RawHttp.get("/", "Connection: close\r\n")).read().status,
                        baton.stderr());
                }
                try (RawHttp c = RawHttp.open(port)) {
                    assertEquals(200, c.send(RawHttp.get("/", "Connection: close\r\n")).read().status);
                }
                assertEquals(0, baton.stop(), baton.stderr());
            }
        }
    }
}
