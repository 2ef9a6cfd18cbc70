package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code tune.http.logurilen} and {@code tune.http.cookielen} side by side with HAProxy 2.6: the request line an
 * httplog line keeps ({@code %r}, cut to the bytes the first allows) and the captured cookie ({@code capture cookie
 * ... len 100} cut down to the second), per request the same log line.
 */
class LogLengthsSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String config(final String tune, final String global, final int port, final int server) {
        return "global\n" + global + tune
            + "defaults\n    mode http\n    log global\n    option httplog\n    timeout connect 2s\n"
            + "    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
            + "    capture cookie SESSION len 100\n"
            + "    default_backend be\n"
            + "backend be\n    server s1 127.0.0.1:" + server + "\n";
    }

    /** A request with a long target and a long session cookie; the log line with times and ports masked. */
    private static SideBySide.Scenario oneRequest() {
        return (port, linesOf) -> {
            final SideBySide.Sent sent = SideBySide.send(port, "GET", "/" + "p".repeat(60) + "?q=" + "v".repeat(40),
                "Cookie: SESSION=" + "c".repeat(80));
            await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(sent.client()).isEmpty());
            final List<String> out = new ArrayList<>();
            out.add(sent.response().status + " " + linesOf.apply(sent.client()).get(0)
                .replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "").replaceAll("-?\\d+(/-?\\d+)+", "N")
                .replaceFirst("(?<= \\d{3}) \\d+ ", " B "));
            return out;
        };
    }

    private List<List<String>> both(final String tune) throws Exception {
        Haproxy26.assumeInstalled();
        try (HttpBackend b = HttpBackend.start(new HttpBackend.Options().name("s1"))) {
            return SideBySide.run(dir, (global, port) -> config(tune, global, port, b.port()), oneRequest());
        }
    }

    @Test
    void shortLimitsCutTheRequestLineAndTheCookieAsHaproxy() throws Exception {
        final List<List<String>> both = both("    tune.http.logurilen 30\n    tune.http.cookielen 12\n");
        assertEquals("200 fe be/s1 N 200 B SESSION=cccc - ---- N N \"GET /ppppppppppppppppppppppppp\"",
            both.get(0).get(0), "HAProxy's");
        assertEquals(both.get(0), both.get(1));
    }

    @Test
    void theDefaultsKeep1023BytesOfTheLineAnd63OfTheCookie() throws Exception {
        final List<List<String>> both = both("");
        assertEquals(both.get(0), both.get(1));
    }

    @Test
    void largerLimitsKeepMore() throws Exception {
        final List<List<String>> both = both("    tune.http.logurilen 2048\n    tune.http.cookielen 200\n");
        assertEquals(both.get(0), both.get(1));
    }
}
