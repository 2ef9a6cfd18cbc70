package dev.baton.tls;

import dev.baton.support.ExternalTool;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Side by side with HAProxy 2.6 on the same configuration and the same certificates: for each server name a client
 * may send, both serve the same certificate with the same protocol, and both refuse the same handshakes under
 * {@code strict-sni} and {@code ssl-max-ver}.
 */
class TlsSameAsHaproxyTest {
    private static final List<String> NAMES = Arrays.asList(null, "www.example.test", "api.example.test",
        "foo.wild.test", "a.b.wild.test", "unknown.test", "DEFAULT.test");

    @TempDir
    Path tmp;

    private String config(final Path certs, final int[] ports) {
        return String.join("\n",
            "global",
            "    nbthread 1",
            "    ssl-default-bind-options ssl-min-ver TLSv1.2",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + ports[0] + " ssl crt " + certs,
            "    bind 127.0.0.1:" + ports[1] + " ssl crt " + certs + " strict-sni",
            "    bind 127.0.0.1:" + ports[2] + " ssl crt " + certs + " ssl-max-ver TLSv1.2",
            "    http-request return status 200",
            "");
    }

    /** For each name and bind: the certificate's CN and protocol, or "refused". */
    private static List<String> observe(final int[] ports) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final int port : ports) {
            for (final String name : NAMES) {
                try (TlsClient c = TlsClient.connect(port, name, null)) {
                    out.add(port + "/" + name + ": " + c.subjectCn() + " " + c.protocol());
                } catch (final SSLException e) {
                    out.add(port + "/" + name + ": refused");
                }
            }
        }
        return out;
    }

    @Test
    void sameCertificateAndProtocolForEveryServerName() throws Exception {
        ExternalTool.requireHaproxy();
        final Path certs = tmp.resolve("certs");
        final TlsCerts maker = new TlsCerts(certs);
        maker.rsa("1-default.pem", "default.test");
        maker.rsa("2-www.pem", "www-rsa", "www.example.test", "api.example.test");
        maker.rsa("3-wild.pem", "*.wild.test");
        maker.ec("4-www-ec.pem", "www-ec", "www.example.test");
        final int[] hPorts = {RunningDaemon.freePort(), RunningDaemon.freePort(), RunningDaemon.freePort()};
        final List<String> fromHaproxy;
        final HaproxyProcess haproxy = HaproxyProcess.start(tmp, config(certs, hPorts), hPorts[2]);
        try {
            fromHaproxy = observe(hPorts);
        } finally {
            haproxy.close();
        }
        final int[] bPorts = {RunningDaemon.freePort(), RunningDaemon.freePort(), RunningDaemon.freePort()};
        final List<String> fromBaton;
        final RunningDaemon daemon = RunningDaemon.start(config(certs, bPorts));
        try {
            fromBaton = observe(bPorts);
        } finally {
            daemon.close();
        }
        final List<String> baton = renumber(fromBaton, bPorts);
        assertEquals(renumber(fromHaproxy, hPorts), baton);
        // and the comparison is about something: what both do, as the tests of TlsSniSelectionTest expect it
        assertEquals(true, baton.contains("bind1/www.example.test: www-ec TLSv1.3"), baton.toString());
        assertEquals(true, baton.contains("bind2/unknown.test: refused"), baton.toString());
        assertEquals(true, baton.contains("bind3/null: default.test TLSv1.2"), baton.toString());
    }

    /** The observations with each bind's port replaced by its rank, so that both sides compare. */
    private static List<String> renumber(final List<String> lines, final int[] ports) {
        final List<String> out = new ArrayList<>();
        for (final String l : lines) {
            String r = l;
            for (int i = 0; i < ports.length; i++) {
                r = r.replace(ports[i] + "/", "bind" + (i + 1) + "/");
            }
            out.add(r);
        }
        return out;
    }
}
