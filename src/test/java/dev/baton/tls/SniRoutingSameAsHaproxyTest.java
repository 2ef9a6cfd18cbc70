package dev.baton.tls;

import dev.baton.log.Haproxy26;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * TLS routed by its server name without being terminated, HAProxy's classic mode tcp configuration: {@code tcp-request
 * inspect-delay}, {@code tcp-request content accept if { req_ssl_hello_type 1 }}, a {@code use_backend} on
 * {@code req_ssl_sni -i}, a dynamic {@code use_backend %[req.ssl_sni,lower,map(FILE,be_default)]}. The JDK's TLS client
 * handshakes through baton and through HAProxy 2.6 with the same configuration to three TLS servers, each with its
 * own certificate: the same server answers each name (the certificate tells which), and the tcplog lines name the
 * same backend and server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SniRoutingSameAsHaproxyTest {
    /** The names the client asks for, null: none. */
    private static final String[] NAMES = {"A.example.com", "b.example.com", "c.example.com", null};

    @TempDir
    Path dir;

    private static String config(final String global, final int port, final Path map, final TlsHttpsServer[] s) {
        return String.join("\n",
            "global",
            global,
            "defaults",
            "    mode tcp",
            "    log global",
            "    option tcplog",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend tls-sni",
            "    bind 127.0.0.1:" + port,
            "    tcp-request inspect-delay 5s",
            "    tcp-request content accept if { req_ssl_hello_type 1 }",
            "    use_backend be_a if { req_ssl_sni -i a.example.com }",
            "    use_backend %[req.ssl_sni,lower,map(" + map + ",be_default)]",
            "    default_backend be_default",
            "backend be_a",
            "    server a 127.0.0.1:" + s[0].port(),
            "backend be_b",
            "    server b 127.0.0.1:" + s[1].port(),
            "backend be_default",
            "    server d 127.0.0.1:" + s[2].port(),
            "");
    }

    /** For each name, the certificate that answered and the log line's "frontend backend/server" part. */
    private static List<String> route(final int port, final IntFunction<List<String>> linesOf) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final String name : NAMES) {
            final String cn;
            final int client;
            try (TlsClient c = TlsClient.connect(port, name, "TLSv1.2")) {
                cn = c.subjectCn();
                client = c.socket().getLocalPort();
            }
            await("the line of " + name).atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
            final String[] fields = linesOf.apply(client).get(0).split(" ");
            out.add(name + " -> " + cn + " " + fields[2] + " " + fields[3]);
        }
        return out;
    }

    @Test
    void eachServerNameReachesTheServerHaproxyPicks() throws Exception {
        Haproxy26.assumeInstalled();
        final TlsCerts certs = new TlsCerts(dir.resolve("certs"));
        final TlsHttpsServer[] servers = {
            TlsHttpsServer.start(certs.rsa("a.pem", "a.example.com"), null),
            TlsHttpsServer.start(certs.rsa("b.pem", "b.example.com"), null),
            TlsHttpsServer.start(certs.rsa("d.pem", "default.example.com"), null)};
        try {
            final Path map = Files.writeString(dir.resolve("sni.map"), "# name backend\nb.example.com be_b\n");
            final int hPort = RunningDaemon.freePort();
            final List<String> fromHaproxy;
            try (HaproxyProcess h = HaproxyProcess.start(dir,
                config("    log stdout format raw local0 info", hPort, map, servers), hPort)) {
                fromHaproxy = route(hPort, h::linesOf);
            }
            TrafficLogCapture.clear();
            final int bPort = RunningDaemon.freePort();
            final List<String> fromBaton;
            try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1", bPort, map, servers))) {
                fromBaton = route(bPort, client -> TrafficLogCapture.lines(
                    l -> l.startsWith("127.0.0.1:" + client + " [")));
                await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
            }
            assertEquals(List.of(
                "A.example.com -> a.example.com tls-sni be_a/a",
                "b.example.com -> b.example.com tls-sni be_b/b",
                "c.example.com -> default.example.com tls-sni be_default/d",
                "null -> default.example.com tls-sni be_default/d"), fromHaproxy, "HAProxy's own choices");
            assertEquals(fromHaproxy, fromBaton);
        } finally {
            for (final TlsHttpsServer s : servers) {
                s.close();
            }
        }
    }
}
