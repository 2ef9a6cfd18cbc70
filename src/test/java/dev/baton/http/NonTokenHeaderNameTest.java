package dev.baton.http;

import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A header fetch whose name is not a token ({@code req.hdr(127.0.0.1:9080)}, seen in a published configuration) is
 * accepted, as HAProxy accepts it, and finds nothing: no request can carry such a field (here the line
 * {@code 127.0.0.1:9080: x} is the field {@code 127.0.0.1} with the value {@code 9080: x}).
 */
class NonTokenHeaderNameTest {
    @Test
    @SuppressWarnings("try")
    void aNonTokenHeaderNameNeverMatches() throws Exception {
        final int port = RunningDaemon.freePort();
        try (RunningDaemon baton = RunningDaemon.start(String.join("\n",
            "defaults", "    mode http", "    timeout connect 2s", "    timeout client 5s", "    timeout server 5s",
            "frontend fe", "    bind 127.0.0.1:" + port,
            "    http-request deny deny_status 403 if { req.hdr(127.0.0.1:9080) -m found }",
            "    http-request deny deny_status 429 if { req.hdr(127.0.0.1) -m found }",
            "    http-request return status 200", ""))) {
            try (RawHttp c = RawHttp.open(port)) {
                assertEquals(200, c.send(RawHttp.get("/")).read().status);
            }
            try (RawHttp c = RawHttp.open(port)) {
                assertEquals(429, c.send(RawHttp.get("/", "127.0.0.1:9080: x\r\n")).read().status,
                    "the token part is the field's name");
            }
        }
    }
}
