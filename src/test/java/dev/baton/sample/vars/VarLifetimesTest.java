package dev.baton.sample.vars;

import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The lifetime of each scope through the daemon: {@code txn} starts empty on each keep-alive request, {@code sess}
 * lives as long as the client connection, {@code proc} is shared by every connection (on two reactors); a variable
 * set by http-request is read by http-response, by http-after-response, in the log line, by a {@code use_backend}
 * condition and by the chosen backend's rules.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VarLifetimesTest {
    private static String config(final int port, final int serverPort, final int otherPort) {
        return String.join("\n",
            "global",
            "    nbthread 2",
            "defaults",
            "    mode http",
            "    log global",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "    option http-server-close",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    log-format \"lifetimes %[var(txn.path)] %[var(sess.count)] %[var(res.code)]\"",
            "    http-request set-var(txn.seen) str(yes) if { path /mark }",
            "    http-request set-header x-seen %[var(txn.seen,no)]",
            "    http-request set-var(txn.path) path",
            "    http-request set-var(sess.count) var(sess.count,0),add(1)",
            "    http-request set-var(proc.vlt_total) var(proc.vlt_total,0),add(1)",
            "    http-request set-header x-count %[var(sess.count)]/%[var(proc.vlt_total)]",
            "    http-response set-var(res.code) status",
            "    http-response set-header x-path %[var(txn.path)]",
            "    http-after-response set-header x-after %[var(res.code)]-%[var(sess.count)]",
            "    http-request set-var(txn.route) req.hdr(x-route),lower",
            "    use_backend other if { var(txn.route) -m str two }",
            "    default_backend be",
            "backend be",
            "    server s 127.0.0.1:" + serverPort,
            "backend other",
            "    http-request set-header x-backend-saw %[var(txn.route)]",
            "    server s 127.0.0.1:" + otherPort,
            "");
    }

    @Test
    void eachScopeLivesAsLongAsItsOwner() throws Exception {
        TrafficLogCapture.clear();
        // the daemon runs in this JVM, whose process variables outlive a test: start this one from nothing
        VarNames.proc().unset(VarNames.resolve("proc.vlt_total").slot());
        final int port = RunningDaemon.freePort();
        try (RecordingBackend server = new RecordingBackend();
             RecordingBackend other = new RecordingBackend();
             RunningDaemon baton = RunningDaemon.start(config(port, server.port(), other.port()))) {
            try (RawHttp c = RawHttp.open(port)) {
                final RawHttp.Response first = c.send(RawHttp.get("/mark")).read();
                assertEquals("/mark", first.header("x-path"));
                assertEquals("200-1", first.header("x-after"));
                assertEquals(List.of("x-seen: yes", "x-count: 1/1"), xHeaders(server.heads.poll(10, TimeUnit.SECONDS)));
                final RawHttp.Response second = c.send(RawHttp.get("/other")).read();
                assertEquals("/other", second.header("x-path"));
                assertEquals("200-2", second.header("x-after"));
                assertEquals(List.of("x-seen: no", "x-count: 2/2"), xHeaders(server.heads.poll(10, TimeUnit.SECONDS)),
                    "txn.seen is gone on the next request, sess.count goes on");
            }
            try (RawHttp c = RawHttp.open(port)) {
                c.send(RawHttp.get("/new")).read();
                assertEquals(List.of("x-seen: no", "x-count: 1/3"), xHeaders(server.heads.poll(10, TimeUnit.SECONDS)),
                    "a new connection has new session variables, the process variable is shared");
            }
            try (RawHttp c = RawHttp.open(port)) {
                c.send(RawHttp.get("/routed", "X-Route: TWO\r\n")).read();
                assertEquals(List.of("x-seen: no", "x-count: 1/4", "x-backend-saw: two"),
                    xHeaders(other.heads.poll(10, TimeUnit.SECONDS)), "use_backend on a variable; the backend reads it");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> TrafficLogCapture.lines(l -> l.startsWith("lifetimes"))
                .size() == 4);
            assertEquals(List.of("lifetimes /mark 1 200", "lifetimes /new 1 200", "lifetimes /other 2 200",
                    "lifetimes /routed 1 200"),
                TrafficLogCapture.lines(l -> l.startsWith("lifetimes")).stream().sorted().toList());
            await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        }
    }

    private static List<String> xHeaders(final String head) {
        return head.lines().filter(l -> l.startsWith("x-")).toList();
    }
}
