package dev.baton.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.support.RunningDaemon;
import dev.baton.tls.TlsCerts;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open-loop client over TLS (bench/tls/tls.sh's fixed-rate storm): against a baton TLS bind it handshakes once
 * per connection and then sends every scheduled request over those connections; without {@code --tls} the same bind
 * answers nothing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RateClientTlsTest {
    @TempDir
    Path tmp;

    @Test
    void sendsEveryScheduledRequestOverKeepAliveTlsConnections() throws Exception {
        final Path pem = new TlsCerts(tmp).ec("site.pem", "site.test");
        final int port = RunningDaemon.freePort();
        try (HttpBackend b = HttpBackend.start()) {
            // http-reuse never: each client connection has a server connection of its own, so the backend's
            // connections count the client's
            final RunningDaemon daemon = RunningDaemon.start(String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 10s",
                "    timeout server 10s",
                "frontend fe",
                "    bind 127.0.0.1:" + port + " ssl crt " + pem,
                "    default_backend be",
                "backend be",
                "    http-reuse never",
                "    server s1 127.0.0.1:" + b.port(),
                ""));
            try {
                final InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
                final RateClient.Result r = new RateClient(
                    new RateClient.Options(target, 100, 1, 4, false, "/", 5000, 1, true)).run();
                assertEquals(100, r.latenciesUs().length, r.summary());
                assertEquals(0, r.errors() + r.non2xx(), r.summary());
                assertEquals(200, b.requestsServed(), "warm-up and measured requests");
                assertTrue(b.connectionsAccepted() <= 4, "connections: " + b.connectionsAccepted());

                final RateClient.Result plain = new RateClient(
                    new RateClient.Options(target, 20, 1, 4, false, "/", 2000, 0, false)).run();
                assertEquals(0, plain.latenciesUs().length, plain.summary());
                assertEquals(200, b.requestsServed(), "nothing more reached the server");
            } finally {
                daemon.close();
            }
        }
    }
}
