package dev.baton.proxyproto;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.BlockingServer;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 in front of the daemon: HAProxy listens on 127.0.0.3 and passes each client to a daemon frontend
 * {@code bind ... accept-proxy} with {@code send-proxy} (mode tcp) or {@code send-proxy-v2} with every
 * {@code proxy-v2-options} it has (mode http); the client connects from 127.0.0.2. The daemon's log line names the
 * client's address and port, its backend sees that address in {@code X-Forwarded-For} and 127.0.0.3 (where the
 * client connected) in {@code X-Original-To}, though the daemon's own peer is HAProxy on 127.0.0.1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AcceptProxyFromHaproxyTest {
    @TempDir
    Path dir;

    @Test
    void theClientsAddressComesThroughBothVersions() throws Exception {
        final int v1 = RunningDaemon.freePort();
        final int v2 = RunningDaemon.freePort();
        final int h1 = RunningDaemon.freePort();
        final int h2 = RunningDaemon.freePort();
        TrafficLogCapture.clear();
        try (BlockingServer backend = BlockingServer.start("echo", Clients.addressEcho());
             RunningDaemon baton = RunningDaemon.start("global\n    nbthread 2\ndefaults\n    mode http\n"
                 + "    log global\n    option httplog\n    timeout connect 2s\n    timeout client 5s\n"
                 + "    timeout server 5s\n"
                 + "frontend pv1\n    bind 127.0.0.1:" + v1 + " accept-proxy\n    option forwardfor\n"
                 + "    option originalto\n    default_backend echo\n"
                 + "frontend pv2\n    bind 127.0.0.1:" + v2 + " accept-proxy\n    option forwardfor\n"
                 + "    option originalto\n    default_backend echo\n"
                 + "backend echo\n    option http-server-close\n    server e 127.0.0.1:" + backend.port() + "\n");
             HaproxyProcess haproxy = HaproxyProcess.start(dir, "defaults\n    timeout connect 2s\n"
                 + "    timeout client 5s\n    timeout server 5s\n"
                 + "listen tcpv1\n    mode tcp\n    bind 127.0.0.3:" + h1 + "\n"
                 + "    server b 127.0.0.1:" + v1 + " send-proxy\n"
                 + "listen httpv2\n    mode http\n    bind 127.0.0.3:" + h2 + "\n"
                 + "    server b 127.0.0.1:" + v2 + " send-proxy-v2 proxy-v2-options crc32c,ssl,authority,unique-id"
                 + "\n", "127.0.0.3", h2)) {
            for (final int port : new int[] {h1, h2}) {
                try (Socket s = Clients.connect("127.0.0.2", "127.0.0.3", port)) {
                    final int clientPort = s.getLocalPort();
                    assertEquals("xff=127.0.0.2 xot=127.0.0.3", Clients.get(s, "/first", false),
                        () -> "through HAProxy port " + port + "; HAProxy said " + haproxy.lines());
                    assertEquals("xff=127.0.0.2 xot=127.0.0.3", Clients.get(s, "/second", true),
                        "the next request of the connection too");
                    final String line = TrafficLogCapture.awaitLine("of the client through HAProxy port " + port,
                        l -> l.contains("\"GET /first HTTP/1.1\""));
                    assertTrue(line.startsWith("127.0.0.2:" + clientPort + " ["), line);
                    TrafficLogCapture.clear();
                }
            }
            backend.assertNoFailure();
            baton.awaitAtRest();
        }
    }
}
