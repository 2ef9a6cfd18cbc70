package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The log format's {@code %} variables in rule values ({@code set-header}, {@code set-var-fmt}, {@code redirect},
 * {@code return lf-string}, {@code http-response} and {@code http-after-response}), in HAProxy 2.6 and in baton on
 * one configuration: valued when the rule runs (before the request is forwarded the server is {@code <NOSRV>}, the
 * backend the frontend, the timers -1; in response rules the server, its address and the status are known), with
 * their flags ({@code +Q}, {@code +X}), spaces kept as written and empty values rendering as nothing. Values that
 * differ between the two runs by nature (client and local ports, times of a response) are masked.
 */
class LogVariablesInRulesSameAsHaproxyTest {
    private static final String REQUEST_VARS = "%Tq|%TR|%Tw|%Tc|%Tr|%ST|%B|%U|%ts|%tsc|%s|%si|%sp|%bi|%bp|%b|%f|%ft"
        + "|%ci|%fi|%H|%r|%HM|%HU|%HP|%HPO|%HQ|%HV|%ac|%fc|%bc|%sc|%rc|%sq|%bq|%CC|%hr";
    private static final String RESPONSE_VARS = "%ST|%B|%ts|%s|%si|%sp|%bi|%b|%f|%ci|%r|%HM|%HP|%bc|%sc|%rc";

    @TempDir
    Path dir;

    private static String config(final String global, final int port, final int server) {
        return "global\n" + global + "defaults\n    mode http\n    log global\n"
            + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
            + "    tcp-request content set-var-fmt(txn.early) \"%ci-%f-%s\"\n"
            + "    http-request redirect location /to?from=%ci&fe=%f if { path /redirect }\n"
            + "    http-request return status 200 content-type text/plain lf-string \"%HM %HP %ci %b %s\" "
            + "if { path /return }\n"
            + "    http-request set-header X-A \"" + REQUEST_VARS + "\"\n"
            + "    http-request set-header X-Flags \"%{+Q}ci %{+Q}b %{+X}fi\"\n"
            + "    http-request set-header X-Spaces \"a  b   %ci  c\"\n"
            + "    http-request set-header X-Cap \"%[capture.req.method] %[capture.req.uri] %[capture.req.ver]\"\n"
            + "    http-request set-header X-Early %[var(txn.early)]\n"
            + "    http-after-response set-header X-After \"%ST %s %b\"\n"
            + "    default_backend be\n"
            + "backend be\n"
            + "    http-request set-header X-B \"%b %s\"\n"
            + "    http-response set-header X-R \"" + RESPONSE_VARS + "\"\n"
            + "    http-response set-header X-Timers \"%Tq|%TR|%Tw|%Tc|%Tr\"\n"
            + "    http-response set-header X-After-Uri %[capture.req.uri]\n"
            + "    server s1 127.0.0.1:" + server + "\n";
    }

    /** What the server got and what the client got, ports masked. */
    private static List<String> run(final int port, final RecordingBackend server) throws Exception {
        final List<String> out = new ArrayList<>();
        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response r = c.send(RawHttp.get("/p/a?x=1", "Cookie: a=b\r\n")).read();
            assertEquals(200, r.status);
            final String head = server.heads.poll(10, TimeUnit.SECONDS);
            assertNotNull(head, "the server got no request");
            out.add(masked(RecordingBackend.xHeaders(head), port, c.localPort()));
            out.add(masked("x-r:" + r.header("x-r") + " | x-after:" + r.header("x-after") + " | uri:"
                + r.header("x-after-uri"), port, c.localPort()));
            final String timers = r.header("x-timers");
            assertTrue(timers.matches("\\d+\\|\\d+\\|\\d+\\|\\d+\\|\\d+"), timers);
        }
        for (final String path : List.of("/redirect", "/return")) {
            try (RawHttp c = RawHttp.open(port)) {
                final RawHttp.Response r = c.send(RawHttp.get(path)).read();
                out.add(r.status + " " + r.header("location") + " " + r.text() + " after:" + r.header("x-after"));
            }
        }
        return out;
    }

    private static String masked(final String text, final int port, final int clientPort) {
        return text.replace("|" + port + "|", "|PORT|").replace("-" + clientPort, "-CPORT")
            .replaceAll("\\|127\\.0\\.0\\.1\\|\\d+\\|be\\|", "|127.0.0.1|BPORT|be|");
    }

    @Test
    void variablesInRuleValuesAreValuedWhenTheRuleRuns() throws Exception {
        Haproxy26.assumeInstalled();
        try (RecordingBackend server = new RecordingBackend()) {
            final List<List<String>> both = SideBySide.run(dir, (global, port) -> config(global, port, server.port()),
                (port, linesOf) -> run(port, server));
            final List<String> fromHaproxy = both.get(0);
            assertTrue(fromHaproxy.get(0).contains("x-a:-1|-1|-1|-1|-1|-1|0|0|--|----|<NOSRV>|||||fe|fe|fe|127.0.0.1"
                + "|127.0.0.1|"), "HAProxy's own request-time values: " + fromHaproxy.get(0));
            assertEquals(fromHaproxy, both.get(1));
        }
    }
}
