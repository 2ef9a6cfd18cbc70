package dev.baton.proxyproto;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The daemon in front of HAProxy 2.6: its servers {@code send-proxy} / {@code send-proxy-v2} (with CRC32C and the
 * other options, which HAProxy verifies) to an HAProxy {@code bind ... accept-proxy} that answers with the
 * addresses it was told ({@code %[src]:%[src_port] %[dst]:%[dst_port]}), in mode http and mode tcp; the client
 * connects from 127.0.0.2. Under {@code http-reuse always}, two keep-alive clients taking turns each keep seeing
 * their own address: a server connection that carried one client's header never serves the other.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendProxyToHaproxyTest {
    @TempDir
    Path dir;

    @Test
    void haproxySeesTheClientThroughEveryVersionAndMode() throws Exception {
        final int hp = RunningDaemon.freePort();
        final int v1 = RunningDaemon.freePort();
        final int v2 = RunningDaemon.freePort();
        final int tcp = RunningDaemon.freePort();
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, "defaults\n    mode http\n    timeout connect 2s\n"
                 + "    timeout client 5s\n    timeout server 5s\n"
                 + "frontend pp\n    bind 127.0.0.1:" + hp + " accept-proxy\n"
                 + "    http-request return status 200 content-type text/plain"
                 + " lf-string \"%[src]:%[src_port] %[dst]:%[dst_port]\"\n", "127.0.0.1", hp);
             RunningDaemon baton = RunningDaemon.start("global\n    nbthread 1\ndefaults\n    mode http\n"
                 + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
                 + "frontend h1\n    bind 127.0.0.1:" + v1 + "\n    default_backend b1\n"
                 + "frontend h2\n    bind 127.0.0.1:" + v2 + "\n    default_backend b2\n"
                 + "frontend t\n    mode tcp\n    bind 127.0.0.1:" + tcp + "\n    default_backend bt\n"
                 + "backend b1\n    http-reuse always\n    server h 127.0.0.1:" + hp + " send-proxy\n"
                 + "backend b2\n    http-reuse always\n    server h 127.0.0.1:" + hp
                 + " send-proxy-v2 proxy-v2-options crc32c,ssl,authority,unique-id\n"
                 + "backend bt\n    mode tcp\n    server h 127.0.0.1:" + hp + " send-proxy-v2\n")) {
            for (final int port : new int[] {v1, v2, tcp}) {
                try (Socket s = Clients.connect("127.0.0.2", "127.0.0.1", port)) {
                    assertEquals("127.0.0.2:" + s.getLocalPort() + " 127.0.0.1:" + port,
                        Clients.get(s, "/", true), () -> "through port " + port + "; HAProxy: " + haproxy.lines());
                }
            }
            for (final int port : new int[] {v1, v2}) {
                try (Socket a = Clients.connect("127.0.0.2", "127.0.0.1", port);
                     Socket b = Clients.connect("127.0.0.2", "127.0.0.1", port)) {
                    for (int turn = 0; turn < 3; turn++) {
                        assertEquals("127.0.0.2:" + a.getLocalPort() + " 127.0.0.1:" + port,
                            Clients.get(a, "/a", false), "client a, turn " + turn);
                        assertEquals("127.0.0.2:" + b.getLocalPort() + " 127.0.0.1:" + port,
                            Clients.get(b, "/b", false), "client b, turn " + turn);
                    }
                }
            }
            baton.awaitAtRest();
        }
    }

    /**
     * {@code proxy-v2-options unique-id} carries the request's {@code unique-id-format} id, which HAProxy reads back
     * with {@code fc_pp_unique_id}.
     */
    @Test
    void theUniqueIdTlvCarriesTheRequestsUniqueId() throws Exception {
        final int hp = RunningDaemon.freePort();
        final int fe = RunningDaemon.freePort();
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, "defaults\n    mode http\n    timeout connect 2s\n"
                 + "    timeout client 5s\n    timeout server 5s\n"
                 + "frontend pp\n    bind 127.0.0.1:" + hp + " accept-proxy\n"
                 + "    http-request return status 200 content-type text/plain lf-string \"%[fc_pp_unique_id]\"\n",
                 "127.0.0.1", hp);
             RunningDaemon baton = RunningDaemon.start("global\n    nbthread 1\ndefaults\n    mode http\n"
                 + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
                 + "frontend h\n    bind 127.0.0.1:" + fe + "\n    unique-id-format id-%ci-%fp\n"
                 + "    default_backend b\n"
                 + "backend b\n    server h 127.0.0.1:" + hp + " send-proxy-v2 proxy-v2-options unique-id\n")) {
            try (Socket s = Clients.connect("127.0.0.2", "127.0.0.1", fe)) {
                assertEquals("id-127.0.0.2-" + fe, Clients.get(s, "/", true), () -> "HAProxy: " + haproxy.lines());
            }
            baton.awaitAtRest();
        }
    }
}
