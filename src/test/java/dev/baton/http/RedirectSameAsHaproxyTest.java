package dev.baton.http;

import dev.baton.support.ExternalTool;
import dev.baton.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code redirect} and {@code http-request redirect} locations side by side with HAProxy 2.6: {@code prefix} and
 * {@code scheme} with and without {@code drop-query} and {@code append-slash}, the legacy keyword included.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedirectSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String config(final String global, final int port) {
        return "global\n" + global
            + "defaults\n    mode http\n    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
            + "    http-request redirect scheme https drop-query append-slash if { path_beg /s1 }\n"
            + "    http-request redirect scheme https append-slash if { path_beg /s2 }\n"
            + "    http-request redirect scheme https drop-query if { path_beg /s3 }\n"
            + "    http-request redirect prefix /new drop-query append-slash code 301 if { path_beg /p1 }\n"
            + "    http-request redirect prefix / append-slash if { path_beg /p2 }\n"
            + "    redirect prefix https://x.example drop-query append-slash if { path_beg /legacy }\n"
            + "    http-request return status 200\n";
    }

    @Test
    void locationsAreHaproxys() throws Exception {
        ExternalTool.requireHaproxy();
        final String[] targets = {"/s1/a?q=1", "/s1/", "/s2/b?q=2", "/s3/c?q=3", "/p1/d?q=4", "/p1/e/", "/p2/f?x",
            "/legacy/g?h=1", "/other"};
        final List<List<String>> both = SideBySide.run(dir, RedirectSameAsHaproxyTest::config, (port, logs) -> {
            final List<String> out = new ArrayList<>();
            for (final String t : targets) {
                try (RawHttp c = RawHttp.open(port)) {
                    final RawHttp.Response r = c.send(RawHttp.get(t, "Connection: close\r\n")).read();
                    out.add(t + " -> " + r.status + " " + r.header("Location"));
                }
            }
            return out;
        });
        assertTrue(both.get(0).contains("/s1/a?q=1 -> 302 https://test/s1/a/"), "HAProxy 2.6: " + both.get(0));
        assertEquals(both.get(0), both.get(1));
    }
}
