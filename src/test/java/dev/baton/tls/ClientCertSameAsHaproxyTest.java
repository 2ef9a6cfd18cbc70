package dev.baton.tls;

import dev.baton.support.ExternalTool;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client certificates side by side with HAProxy 2.6, on the same configuration and certificates: {@code verify
 * required} with a CA and a CRL, {@code verify optional}, {@code crt-ignore-err all}; for each client (a valid
 * certificate, a revoked one, one of an unknown CA, none) both accept or refuse the same handshakes, send the
 * server the same {@code ssl_c_*}/{@code ssl_f_*} header values, and log the same lines (the request's
 * {@code %[ssl_c_*]} and the refused handshake's reason).
 */
class ClientCertSameAsHaproxyTest {
    @TempDir
    Path tmp;

    private static String config(final String global, final Path site, final ClientCerts certs, final Path crl,
                                 final int[] ports, final int backend) {
        final String common = " ssl crt " + site + " ca-file " + certs.ca;
        return String.join("\n",
            "global",
            "    nbthread 1",
            global,
            "defaults",
            "    log global",
            "    mode http",
            "    option http-server-close",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + ports[0] + common + " verify required crl-file " + crl,
            "    bind 127.0.0.1:" + ports[1] + common + " verify optional",
            "    bind 127.0.0.1:" + ports[2] + common + " verify required crl-file " + crl + " crt-ignore-err all",
            "    log-format \"%ci:%cp [%tr] %ft cn=%[ssl_c_s_dn(CN)] verify=%[ssl_c_verify] used=%[ssl_c_used] "
                + "serial=%[ssl_c_serial,hex]\"",
            "    http-request set-header X-Used %[ssl_c_used]",
            "    http-request set-header X-Verify %[ssl_c_verify]",
            "    http-request set-header X-Err %[ssl_c_err]",
            "    http-request set-header X-Ca-Err %[ssl_c_ca_err]",
            "    http-request set-header X-DN %{+Q}[ssl_c_s_dn]",
            "    http-request set-header X-CN %[ssl_c_s_dn(CN)]",
            "    http-request set-header X-Issuer %[ssl_c_i_dn]",
            "    http-request set-header X-Serial %[ssl_c_serial,hex]",
            "    http-request set-header X-SHA1 %[ssl_c_sha1,hex]",
            "    http-request set-header X-DER %[ssl_c_der,base64]",
            "    http-request set-header X-Front-DER-SHA %[ssl_f_der,sha1,hex]",
            "    http-request set-header X-Not-After %[ssl_c_notafter]",
            "    http-request set-header X-Version %[ssl_c_version]",
            "    http-request set-header X-Front %[ssl_f_s_dn]",
            "    http-request set-header X-Front-Serial %[ssl_f_serial,hex]",
            "    http-request set-header X-Reused %[ssl_fc_is_resumed]",
            "    http-request set-header X-Alice yes if { ssl_c_s_dn(CN) alice } { ssl_c_verify 0 } { ssl_c_used }",
            "    default_backend web",
            "backend web",
            "    server w1 127.0.0.1:" + backend,
            "");
    }

    /** Each client on each bind: the outcome and the X- headers the server got; the client's local ports. */
    private static List<String> observe(final int[] ports, final List<Path> clients, final RecordingBackend web,
                                        final List<Integer> locals) throws Exception {
        final List<String> out = new ArrayList<>();
        for (int b = 0; b < ports.length; b++) {
            final int port = ports[b];
            for (final Path client : clients) {
                final List<String> cmd = new ArrayList<>(List.of("curl", "-sk", "--max-time", "10", "-o", "/dev/null",
                    "-w", "%{http_code} %{local_port}"));
                if (client != null) {
                    cmd.add("--cert");
                    cmd.add(client.toString());
                }
                cmd.add("https://127.0.0.1:" + port + "/");
                final ExternalTool.Result r = ExternalTool.run("", "apt-get install curl", cmd.toArray(new String[0]));
                final String[] words = r.output().strip().split(" ");
                final String who = b + "/" + (client == null ? "none" : client.getFileName());
                if (words.length == 2 && words[0].equals("200")) {
                    final String head = web.heads.poll(10, TimeUnit.SECONDS);
                    final StringBuilder headers = new StringBuilder();
                    for (final String line : head.split("\r\n")) {
                        final int colon = line.indexOf(':');
                        if (line.regionMatches(true, 0, "x-", 0, 2) && colon > 0) {
                            headers.append(' ').append(line.substring(0, colon).toLowerCase(Locale.ROOT))
                                .append(line.substring(colon));
                        }
                    }
                    out.add(who + ": 200" + headers);
                } else {
                    out.add(who + ": refused");
                }
                locals.add(words.length == 2 ? Integer.parseInt(words[1]) : 0);
            }
        }
        return out;
    }

    /**
     * The log line of each client (by local port), without address and date. The kernel may give two clients the
     * same local port when they connect to different binds, so the n-th client on a port takes the n-th line
     * logged for that port.
     */
    private static List<String> logs(final List<Integer> locals, final Supplier<List<String>> lines) {
        final List<String> out = new ArrayList<>();
        final Map<Integer, Integer> seen = new HashMap<>();
        for (final int local : locals) {
            if (local == 0) {
                continue;
            }
            final String prefix = "127.0.0.1:" + local + " [";
            final int nth = seen.merge(local, 1, Integer::sum);
            await("log line " + nth + " of client port " + local).atMost(Duration.ofSeconds(10))
                .until(() -> lines.get().stream().filter(l -> l.startsWith(prefix)).count() >= nth);
            final String line = lines.get().stream().filter(l -> l.startsWith(prefix)).skip(nth - 1L)
                .findFirst().orElseThrow();
            out.add(line.substring(line.indexOf("] ") + 2));
        }
        return out;
    }

    @Test
    void verifyOutcomesHeaderValuesAndLogLinesAreHaproxys() throws Exception {
        ExternalTool.requireHaproxy();
        final Path site = new TlsCerts(tmp.resolve("site")).rsa("site.pem", "site.test");
        final ClientCerts certs = new ClientCerts(tmp.resolve("pki"));
        final Path alice = certs.client("alice", "1001");
        final Path bob = certs.client("bob", "1002");
        certs.revoke(bob);
        final Path crl = certs.crl();
        final Path stranger = certs.stranger("mallory");
        final List<Path> clients = new ArrayList<>();
        clients.add(alice);
        clients.add(bob);
        clients.add(stranger);
        clients.add(null);
        final List<String> fromHaproxy;
        final List<String> haproxyLogs;
        try (RecordingBackend web = new RecordingBackend()) {
            final int[] ports = {RunningDaemon.freePort(), RunningDaemon.freePort(), RunningDaemon.freePort()};
            final List<Integer> locals = new ArrayList<>();
            try (HaproxyProcess h = HaproxyProcess.start(tmp, config("    log stdout format raw local0 info", site,
                certs, crl, ports, web.port()), ports[2])) {
                fromHaproxy = observe(ports, clients, web, locals);
                haproxyLogs = logs(locals, h::lines);
            }
        }
        final List<String> fromBaton;
        final List<String> batonLogs;
        TrafficLogCapture.clear();
        try (RecordingBackend web = new RecordingBackend()) {
            final int[] ports = {RunningDaemon.freePort(), RunningDaemon.freePort(), RunningDaemon.freePort()};
            final List<Integer> locals = new ArrayList<>();
            final RunningDaemon daemon = RunningDaemon.start(config("", site, certs, crl, ports, web.port()));
            try {
                fromBaton = observe(ports, clients, web, locals);
                batonLogs = logs(locals, () -> TrafficLogCapture.lines(l -> true));
            } finally {
                daemon.close();
            }
        }
        assertTrue(fromHaproxy.get(0).contains("x-alice: yes"), "HAProxy 2.6 accepts alice: " + fromHaproxy);
        assertTrue(fromHaproxy.stream().anyMatch(l -> l.endsWith("refused")), "HAProxy refuses some: " + fromHaproxy);
        assertEquals(String.join("\n", fromHaproxy), String.join("\n", fromBaton));
        assertTrue(haproxyLogs.contains("fe/1: SSL client certificate not trusted"), "HAProxy 2.6: " + haproxyLogs);
        assertTrue(haproxyLogs.stream().anyMatch(l -> l.contains("cn=alice verify=0 used=1 serial=1001")),
            "HAProxy 2.6: " + haproxyLogs);
        assertEquals(String.join("\n", haproxyLogs), String.join("\n", batonLogs));
    }
}
