package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A {@code listen} section's {@code default_backend}, written or inherited from {@code defaults}, in HAProxy 2.6 and
 * in baton: the request no rule routes goes to that backend rather than to the section's own servers; per request
 * the same status, headers, body and log line.
 */
class ListenDefaultBackendSameAsHaproxyTest {
    /** The servers' connection numbers run on from one proxy to the next. */
    private static String masked(final List<String> lines) {
        return String.join("\n", lines).replaceAll("conn(-id)?=\\d+", "conn=N");
    }

    @TempDir
    Path dir;

    @Test
    void theDefaultBackendTakesTheTraffic() throws Exception {
        Haproxy26.assumeInstalled();
        try (HttpBackend own = HttpBackend.start(new HttpBackend.Options().name("own"));
             HttpBackend other = HttpBackend.start(new HttpBackend.Options().name("other"))) {
            final List<List<String>> both = SideBySide.run(dir, (global, port) -> "global\n" + global
                + "defaults\n    mode http\n    log global\n    option httplog\n    default_backend be\n"
                + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
                + "listen l\n    bind 127.0.0.1:" + port + "\n"
                + "    server own 127.0.0.1:" + own.port() + "\n"
                + "backend be\n    server other 127.0.0.1:" + other.port() + "\n",
                SideBySide.getEach("/", "/x"));
            assertTrue(both.get(0).get(0).contains("l be/other"), "HAProxy's: " + both.get(0));
            assertEquals(masked(both.get(0)), masked(both.get(1)));
        }
    }
}
