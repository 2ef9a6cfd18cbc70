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
 * {@code capture.req.hdr(N)} in {@code http-request} and {@code http-response} rules and {@code capture.res.hdr(N)}
 * in {@code http-response} rules, in HAProxy 2.6 and in baton on one configuration: declared captures ({@code capture
 * request|response header}) and an {@code http-request capture} action fill the slots the rules then read; the
 * values the server and the client see are compared.
 */
class CaptureFetchesInRulesSameAsHaproxyTest {
    @TempDir
    Path dir;

    @Test
    void rulesReadTheCaptures() throws Exception {
        try (RecordingBackend server = new RecordingBackend()) {
            final SideBySide.Seen seen = SideBySide.run(dir, (socket, port) -> SideBySide.header(socket, "http")
                + String.join("\n",
                "frontend f",
                "    bind 127.0.0.1:" + port,
                "    capture request header X-A len 5",
                "    capture response header Content-Length len 8",
                "    http-request capture req.hdr(X-B) len 3",
                "    http-request set-header X-Early %[capture.req.hdr(0)]",
                "    http-response set-header X-Cap0 %[capture.req.hdr(0)]",
                "    http-response set-header X-Cap1 %[capture.req.hdr(1)]",
                "    http-response set-header X-Res0 %[capture.res.hdr(0)]",
                "    default_backend b",
                "backend b",
                "    server s 127.0.0.1:" + server.port(),
                ""), server.port(), (socket, port) -> {
                    final List<String> out = new ArrayList<>();
                    try (RawHttp c = RawHttp.open(port)) {
                        final RawHttp.Response r = c.send(RawHttp.get("/", "X-A: abcdefgh\r\nX-B: 12345\r\n")).read();
                        out.add(RecordingBackend.xHeaders(server.heads.take()));
                        out.add(r.status + " cap0=" + r.header("x-cap0") + " cap1=" + r.header("x-cap1") + " res0="
                            + r.header("x-res0"));
                    }
                    return out;
                });
            assertEquals(List.of("x-a:abcdefgh | x-b:12345 | x-early:abcde", "200 cap0=abcde cap1=123 res0=2"),
                seen.haproxy(), "HAProxy, as this test expects it");
            assertEquals(seen.haproxy(), seen.baton());
        }
    }
}
