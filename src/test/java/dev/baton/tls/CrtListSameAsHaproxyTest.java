package dev.baton.tls;

import dev.baton.support.ExternalTool;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code crt-list} side by side with HAProxy 2.6: SNI filters replace a certificate's own names, {@code !*} keeps the
 * default certificate out of the name index, {@code !NAME} keeps a wildcard of the same line from serving NAME, and
 * a line's options ({@code ssl-max-ver}) apply to its certificate only.
 */
class CrtListSameAsHaproxyTest {
    private static final List<String> NAMES = Arrays.asList(null, "default.test", "foo.wild.test", "secure.wild.test",
        "api.example.test", "other.example.test", "api-cert", "unknown.test");

    @TempDir
    Path tmp;

    private static String config(final Path list, final int port) {
        return String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port + " ssl crt-list " + list,
            "    http-request return status 200",
            "");
    }

    private static List<String> observe(final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final String name : NAMES) {
            try (TlsClient c = TlsClient.connect(port, name, null)) {
                out.add(name + ": " + c.subjectCn() + " " + c.protocol());
            } catch (final SSLException e) {
                out.add(name + ": refused");
            }
        }
        return out;
    }

    @Test
    void filtersNegationsAndLineOptionsAreHaproxys() throws Exception {
        ExternalTool.requireHaproxy();
        final Path dir = tmp.resolve("certs");
        final TlsCerts maker = new TlsCerts(dir);
        final Path def = maker.rsa("default.pem", "default.test");
        final Path wild = maker.rsa("wild.pem", "*.wild.test");
        final Path secure = maker.rsa("secure.pem", "secure-cert");
        final Path api = maker.ec("api.pem", "api-cert");
        final Path list = tmp.resolve("list.txt");
        Files.writeString(list, String.join("\n",
            "# the default certificate serves no name of its own",
            def + " !*",
            "",
            wild + " *.wild.test !secure.wild.test",
            secure + " [ssl-max-ver TLSv1.2] secure.wild.test",
            api + " [alpn http/1.1 ssl-min-ver TLSv1.2] api.example.test other.example.test",
            ""));
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        final HaproxyProcess h = HaproxyProcess.start(tmp, config(list, hPort), hPort);
        try {
            fromHaproxy = observe(hPort);
        } finally {
            h.close();
        }
        final int bPort = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(config(list, bPort));
        final List<String> fromBaton;
        try {
            fromBaton = observe(bPort);
        } finally {
            daemon.close();
        }
        assertEquals("secure.wild.test: secure-cert TLSv1.2", fromHaproxy.get(3), "HAProxy 2.6: " + fromHaproxy);
        assertEquals(String.join("\n", fromHaproxy), String.join("\n", fromBaton));
    }
}
