package dev.baton.sample.vars;

import dev.baton.log.Haproxy26;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 and baton on one configuration that sets and reads variables of every scope (global {@code set-var}
 * and {@code set-var-fmt}, {@code proc}, {@code sess}, {@code txn}, {@code req}, {@code res}), with conditions,
 * defaults, the {@code set-var}/arithmetic converters, {@code set-status} and {@code http-after-response}, on two
 * keep-alive requests of one connection and one request of a second connection, plus a baton-made 503 and a 403:
 * the same headers reach the server, the same responses (status line and x- headers) reach the client, and the same
 * log lines are written.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VarsSameAsHaproxyTest {
    @TempDir
    Path dir;
    private RecordingBackend server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static String config(final String global, final int port, final int errorPort, final int serverPort,
                                 final int deadPort) {
        return String.join("\n",
            "global",
            global,
            "    set-var proc.prio int(100)",
            "    set-var proc.threshold int(200),sub(proc.prio)",
            "    set-var-fmt proc.state \"primary\"",
            "defaults",
            "    mode http",
            "    log global",
            "    option dontlognull",
            "    option http-server-close",
            "    retries 0",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    log-format \"%ST %[var(txn.host)] %[var(res.st)] %[var(req.r)] %[var(sess.n)] %[var(txn.n)]\"",
            "    http-request set-var(txn.host) req.hdr(host),lower",
            "    http-request set-var(req.r) str(reqval)",
            "    http-request set-var(sess.n) var(sess.n,0),add(1)",
            "    http-request set-var(proc.hits) var(proc.hits,0),add(1)",
            "    http-request set-var(txn.c,ifnotset) str(first)",
            "    http-request set-var(txn.c,ifnotset) str(second)",
            "    http-request set-var(txn.e,ifnotempty) req.hdr(x-empty)",
            "    http-request set-var(txn.n) int(5)",
            "    http-request set-var(txn.n,ifgt) int(3)",
            "    http-request set-var(txn.n,iflt) int(1)",
            "    http-request set-var(txn.x,ifexists) str(never)",
            "    http-request set-var-fmt(txn.fmt) \"%[var(txn.host)]:%[var(req.r)]\"",
            "    http-request set-header x-host %[var(txn.host)]",
            "    http-request set-header x-sess %[var(sess.n)]",
            "    http-request set-header x-proc %[var(proc.threshold)]-%[var(proc.state)]-%[var(proc.prio),mul(2)]",
            "    http-request set-header x-c %[var(txn.c)]",
            "    http-request set-header x-hits %[var(proc.hits)]",
            "    http-request set-header x-e %[var(txn.e,unset)]",
            "    http-request set-header x-n %[var(txn.n)]",
            "    http-request set-header x-x %[var(txn.x,none)]",
            "    http-request set-header x-fmt %[var(txn.fmt)]",
            "    http-request set-header x-conv %[str(abc),set-var(txn.conv),upper]-%[var(txn.conv)]",
            "    http-request unset-var(txn.c) if { path /unset }",
            "    http-request set-header x-after-unset %[var(txn.c,gone)]",
            "    http-request set-header x-acl yes if { var(txn.host) -m str example.com }",
            "    http-request set-header x-second yes if { var(sess.n) -m int gt 1 }",
            "    http-response set-var(res.st) status",
            "    http-response set-header x-txn %[var(txn.host)]",
            "    http-response set-header x-reqvar %[var(req.r,gone)]",
            "    http-response set-header x-resvar %[var(res.st)]",
            "    http-response set-status 201 reason Made if { var(sess.n) -m int eq 2 }",
            "    http-response set-status 299 if { path /unset }",
            "    http-after-response set-header x-after %[var(res.st)]-%[status]",
            "    http-after-response set-var(txn.after) str(a)",
            "    http-after-response set-header x-after-var %[var(txn.after)]",
            "    default_backend be",
            "frontend errors",
            "    bind 127.0.0.1:" + errorPort,
            "    log-format \"%ST %[var(txn.t)] %[var(res.r)]\"",
            "    http-request set-var(txn.t) path",
            "    http-request deny if { path /deny }",
            "    http-after-response set-var(res.r) status",
            "    http-after-response set-header strict-transport-security max-age=31536000",
            "    http-after-response set-header x-t %[var(txn.t)]-%[var(res.r)]",
            "    http-after-response set-status 599 if { status 403 }",
            "    default_backend dead",
            "backend be",
            "    server s 127.0.0.1:" + serverPort,
            "backend dead",
            "    server s 127.0.0.1:" + deadPort,
            "");
    }

    private static final String[] FIRST_CONNECTION = {
        "GET /a HTTP/1.1\r\nHost: Example.COM\r\nX-Empty: \r\n\r\n",
        "GET /unset HTTP/1.1\r\nHost: other.org\r\nX-Empty: full\r\n\r\n",
    };
    private static final String SECOND_CONNECTION = "GET /b HTTP/1.1\r\nHost: Example.com\r\nConnection: close\r\n\r\n";
    private static final String[] ERRORS = {
        "GET /deny HTTP/1.1\r\nHost: e\r\nConnection: close\r\n\r\n",
        "GET /down HTTP/1.1\r\nHost: e\r\nConnection: close\r\n\r\n",
    };

    @Test
    void variablesSetStatusAndAfterResponseAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        server = new RecordingBackend();
        final int deadPort = RunningDaemon.freePort();
        final int hPort = RunningDaemon.freePort();
        final int hErrors = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir, config("    log stdout format raw local0 info", hPort, hErrors,
            server.port(), deadPort), hErrors)) {
            fromHaproxy = run(hPort, hErrors, client -> h.lines(), 5);
        }
        TrafficLogCapture.clear();
        VarNames.proc().unset(VarNames.resolve("proc.hits").slot()); // the daemon shares this JVM's process variables
        final int bPort = RunningDaemon.freePort();
        final int bErrors = RunningDaemon.freePort();
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 2", bPort, bErrors, server.port(),
            deadPort))) {
            fromBaton = run(bPort, bErrors, client -> TrafficLogCapture.lines(l -> l.contains(" ")), 5);
            await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        }
        final String h = String.join("\n", fromHaproxy);
        assertTrue(h.contains("x-sess:2") && h.contains("201 Made") && h.contains("x-hits:3")
            && h.contains("599 Server Error"), "HAProxy's own results are what the scenario means:\n" + h);
        assertEquals(fromHaproxy, fromBaton);
    }

    /**
     * http-after-response on the answers made without a server (stats page, redirect, return, a 503), where
     * http-response rules do not run, as HAProxy 2.6 does.
     */
    @Test
    void afterResponseRulesCoverLocalAnswersAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        final int deadPort = RunningDaemon.freePort();
        final java.util.function.IntFunction<String> config = port -> String.join("\n",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "    retries 0",
            "frontend f",
            "    bind 127.0.0.1:" + port,
            "    stats enable",
            "    stats uri /stats",
            "    http-request redirect location /x if { path /r }",
            "    http-request return status 200 content-type text/plain string hi if { path /ret }",
            "    http-response set-header x-resp 1",
            "    http-after-response set-header x-after %[status]",
            "    http-after-response set-status 418 if { status 302 }",
            "    default_backend b",
            "backend b",
            "    server s 127.0.0.1:" + deadPort,
            "");
        final String[] paths = {"/stats", "/r", "/ret", "/down"};
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy = new ArrayList<>();
        try (HaproxyProcess h = HaproxyProcess.start(dir, config.apply(hPort), hPort)) {
            for (final String path : paths) {
                try (RawHttp c = RawHttp.open(hPort)) {
                    fromHaproxy.add(path + " " + exchange(c, RawHttp.get(path, "Connection: close\r\n")));
                }
            }
            assertTrue(h.lines().stream().noneMatch(l -> l.contains("ALERT")), "HAProxy took the configuration");
        }
        final int bPort = RunningDaemon.freePort();
        final List<String> fromBaton = new ArrayList<>();
        try (RunningDaemon baton = RunningDaemon.start(config.apply(bPort))) {
            for (final String path : paths) {
                try (RawHttp c = RawHttp.open(bPort)) {
                    fromBaton.add(path + " " + exchange(c, RawHttp.get(path, "Connection: close\r\n")));
                }
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        }
        assertEquals(List.of("/stats 200 OK | x-after:200", "/r 418 I'm a teapot | x-after:302",
            "/ret 200 OK | x-after:200", "/down 503 Service Unavailable | x-after:503"), fromHaproxy,
            "HAProxy's own answers (the scenario is what the test means)");
        assertEquals(fromHaproxy, fromBaton);
    }

    /**
     * The requests, then what the server got (x- headers), the responses (status line and x- headers) and the
     * log lines ({@code logs} all lines, {@code expected} of them awaited).
     */
    private List<String> run(final int port, final int errorPort, final IntFunction<List<String>> logs,
                             final int expected) throws Exception {
        final List<String> out = new ArrayList<>();
        try (RawHttp c = RawHttp.open(port)) {
            for (final String request : FIRST_CONNECTION) {
                out.add("response " + exchange(c, request));
                out.add("server " + RecordingBackend.xHeaders(server.heads.poll(10, TimeUnit.SECONDS)));
            }
        }
        try (RawHttp c = RawHttp.open(port)) {
            out.add("response " + exchange(c, SECOND_CONNECTION));
            out.add("server " + RecordingBackend.xHeaders(server.heads.poll(10, TimeUnit.SECONDS)));
        }
        for (final String request : ERRORS) {
            try (RawHttp c = RawHttp.open(errorPort)) {
                out.add("error " + exchange(c, request));
            }
        }
        await("the log lines").atMost(Duration.ofSeconds(10)).until(() -> logLines(logs).size() >= 5);
        out.addAll(logLines(logs));
        return out;
    }

    /** The log lines of the custom formats: those starting with a status. */
    private static List<String> logLines(final IntFunction<List<String>> logs) {
        return logs.apply(0).stream().filter(l -> l.matches("^\\d{3} .*")).sorted().toList();
    }

    /** The response to {@code request} on {@code c}: status line, then its x- and strict-transport-security headers. */
    private static String exchange(final RawHttp c, final String request) throws IOException {
        final RawHttp.Response r = c.send(request).read();
        final List<String> kept = new ArrayList<>();
        kept.add(r.status + " " + r.reason);
        r.headers.forEach((name, value) -> {
            if (name.startsWith("x-") || name.equals("strict-transport-security")) {
                kept.add(name + ":" + value.strip());
            }
        });
        return String.join(" | ", kept);
    }
}
