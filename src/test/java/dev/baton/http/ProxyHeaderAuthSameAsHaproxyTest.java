package dev.baton.http;

import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.SideBySide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code option http-use-proxy-header} in HAProxy 2.6 and in baton on one configuration: a request whose target is
 * not a path (a proxy's request) is authenticated with {@code Proxy-Authorization} and refused with 407 and
 * {@code Proxy-Authenticate}; an origin-form request keeps {@code Authorization}, 401 and {@code WWW-Authenticate}.
 */
class ProxyHeaderAuthSameAsHaproxyTest {
    private static final String GOOD = "Basic dTpw"; // u:p

    @TempDir
    Path dir;

    @Test
    void proxyRequestsUseTheProxyHeaders() throws Exception {
        try (RecordingBackend server = new RecordingBackend()) {
            final SideBySide.Seen seen = SideBySide.run(dir, (socket, port) -> SideBySide.header(socket, "http")
                + String.join("\n",
                "userlist L",
                "    user u insecure-password p",
                "frontend f",
                "    bind 127.0.0.1:" + port,
                "    option http-use-proxy-header",
                "    http-request auth realm R unless { http_auth(L) }",
                "    default_backend b",
                "backend b",
                "    server s 127.0.0.1:" + server.port(),
                ""), server.port(), (socket, port) -> {
                    final List<String> out = new ArrayList<>();
                    final String[][] requests = {
                        {"/", ""},
                        {"http://test/", ""},
                        {"http://test/", "Proxy-Authorization: " + GOOD + "\r\n"},
                        {"http://test/", "Authorization: " + GOOD + "\r\n"},
                        {"/", "Authorization: " + GOOD + "\r\n"},
                        {"/", "Proxy-Authorization: " + GOOD + "\r\n"},
                    };
                    for (final String[] r : requests) {
                        try (RawHttp c = RawHttp.open(port)) {
                            final RawHttp.Response resp = c.send(RawHttp.get(r[0], r[1] + "Connection: close\r\n"))
                                .read();
                            out.add(r[0] + " " + r[1].split(":")[0] + " -> " + resp.status + " www="
                                + resp.header("www-authenticate") + " proxy=" + resp.header("proxy-authenticate"));
                        }
                    }
                    return out;
                });
            assertEquals(List.of(
                "/  -> 401 www=Basic realm=\"R\" proxy=null",
                "http://test/  -> 407 www=null proxy=Basic realm=\"R\"",
                "http://test/ Proxy-Authorization -> 200 www=null proxy=null",
                "http://test/ Authorization -> 407 www=null proxy=Basic realm=\"R\"",
                "/ Authorization -> 200 www=null proxy=null",
                "/ Proxy-Authorization -> 401 www=Basic realm=\"R\" proxy=null"),
                seen.haproxy(), "HAProxy, as this test expects it");
            assertEquals(seen.haproxy(), seen.baton());
        }
    }
}
