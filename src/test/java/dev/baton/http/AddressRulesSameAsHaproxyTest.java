package dev.baton.http;

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
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 and baton on the same {@code set-src}, {@code set-src-port}, {@code set-dst} and {@code set-dst-port}
 * rules, in {@code http-request} (per request: the next request of a keep-alive connection shows the connection's
 * addresses again) and in {@code tcp-request connection|session|content} (with {@code set-var} and {@code capture}):
 * the same server is chosen by {@code balance source}, the same headers reach it ({@code X-Forwarded-For} of
 * {@code option forwardfor}, {@code src}/{@code dst} fetches, {@code src} ACLs), and the same log lines ({@code %ci},
 * {@code %cp}, {@code %fi}, {@code %fp}, {@code %hr}, variables) are written. Ports that differ between the two runs
 * (the client's, the listener's) are compared by name.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AddressRulesSameAsHaproxyTest {
    @TempDir
    Path dir;
    private final RecordingBackend[] servers = new RecordingBackend[2];

    @AfterEach
    void stop() throws IOException {
        for (final RecordingBackend s : servers) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static final String HTTP_RULES = String.join("\n",
        "    log-format \"%ci:%cp %fi:%fp %HP src=%[src]:%[src_port] dst=%[dst]:%[dst_port]\"",
        "    http-request set-src hdr(x-client)",
        "    http-request set-src-port hdr(x-port) if { req.hdr(x-port) -m found }",
        "    http-request set-dst hdr(x-dst) if { req.hdr(x-dst) -m found }",
        "    http-request set-dst-port int(70000) if { path /dstport }",
        "    http-request set-header x-src %[src]:%[src_port]",
        "    http-request set-header x-dst %[dst]:%[dst_port]",
        "    http-request set-header x-internal yes if { src 10.0.0.0/8 }");

    /** Requests of one keep-alive connection: an IPv4, a value that is no address, IPv6 with a port, a destination. */
    private static final String[] HTTP_REQUESTS = {
        "GET /a HTTP/1.1\r\nHost: h\r\nX-Client: 10.1.2.3\r\n\r\n",
        "GET /b HTTP/1.1\r\nHost: h\r\nX-Client: not-an-address\r\n\r\n",
        "GET /c HTTP/1.1\r\nHost: h\r\nX-Client: 2001:db8::17\r\nX-Port: 4000\r\n\r\n",
        "GET /dstport HTTP/1.1\r\nHost: h\r\nX-Client: 10.9.8.7\r\nX-Dst: 192.0.2.44\r\n\r\n",
        "GET /e HTTP/1.1\r\nHost: h\r\nX-Client: 172.16.0.1\r\nX-Port: 65537\r\n\r\n",
    };

    private static final String TCP_RULES = String.join("\n",
        "    log-format \"%ci:%cp %fi %hr sess=%[var(sess.c)]/%[var(sess.s)] txn=%[var(txn.t)] %HP\"",
        "    tcp-request connection set-var(sess.c) src",
        "    tcp-request connection set-src ipv4(192.0.2.10)",
        "    tcp-request session set-src-port int(5000)",
        "    tcp-request session set-var(sess.s) src,ipmask(16)",
        "    tcp-request session set-dst ipv4(198.51.100.1)",
        "    tcp-request content set-var-fmt(txn.t) \"%[src]:%[src_port]\"",
        "    tcp-request content capture req.hdr(host) len 6",
        "    tcp-request content set-src req.hdr(x-client) if { req.hdr(x-client) -m found }",
        "    tcp-request content unset-var(sess.c) if { path /unset }",
        "    http-request set-header x-src %[src]:%[src_port]",
        "    http-request set-header x-dst %[dst]",
        "    http-request set-header x-vars %[var(sess.c)]-%[var(sess.s)]-%[var(txn.t)]");

    private static final String[] TCP_REQUESTS = {
        "GET /a HTTP/1.1\r\nHost: www.example.com\r\n\r\n",
        "GET /unset HTTP/1.1\r\nHost: h\r\nX-Client: 10.20.30.40\r\n\r\n",
        "GET /c HTTP/1.1\r\nHost: h\r\n\r\n",
    };

    private String config(final String global, final int port, final String rules) {
        return config(global, port, "http\n    option forwardfor\n    option http-server-close", rules, "");
    }

    /** {@code rules} in frontend fe on {@code port}, in {@code mode}; servers s0 and s1 with {@code serverOptions}. */
    private String config(final String global, final int port, final String mode, final String rules,
                          final String serverOptions) {
        return String.join("\n",
            "global",
            global,
            "defaults",
            "    mode " + mode,
            "    log global",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            rules,
            "    default_backend be",
            "backend be",
            "    balance source",
            "    server s0 127.0.0.1:" + servers[0].port() + serverOptions,
            "    server s1 127.0.0.1:" + servers[1].port() + serverOptions,
            "");
    }

    @Test
    void httpRequestAddressRulesAsHaproxy() throws Exception {
        final List<String> haproxy = sideBySide(HTTP_RULES, HTTP_REQUESTS);
        final String h = String.join("\n", haproxy);
        assertTrue(h.contains("x-forwarded-for:10.1.2.3") && h.contains("x-src:2001:db8::17:4000")
            && h.contains("x-forwarded-for:127.0.0.1") && h.contains("x-dst:192.0.2.44:4464"),
            "HAProxy's own results are what the scenario means:\n" + h);
    }

    @Test
    void tcpRequestAddressVariableAndCaptureRulesAsHaproxy() throws Exception {
        final List<String> haproxy = sideBySide(TCP_RULES, TCP_REQUESTS);
        final String h = String.join("\n", haproxy);
        assertTrue(h.contains("x-forwarded-for:192.0.2.10") && h.contains("x-vars:127.0.0.1-192.0.0.0-192.0.2.10:5000")
            && h.contains("{www.ex}") && h.contains("x-forwarded-for:10.20.30.40"),
            "HAProxy's own results are what the scenario means:\n" + h);
    }

    /**
     * {@code send-proxy}: the PROXY header each server connection starts with names the request's addresses as
     * {@code http-request set-src} / {@code set-dst} left them (an IPv4 pair, a changed port, an IPv6 source beside an
     * IPv4 destination), as HAProxy writes it.
     */
    @Test
    void proxyHeaderToTheServerShowsTheRequestAddressesAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        servers[0] = new RecordingBackend();
        servers[1] = new RecordingBackend();
        final java.util.function.BiFunction<String, Integer, String> config = (global, port) -> config(global, port,
            "http\n    option http-server-close", String.join("\n",
                "    http-request set-src hdr(x-client)",
                "    http-request set-dst-port int(8080) if { path /port }"), " send-proxy");
        final String[] requests = {
            "GET /a HTTP/1.1\r\nHost: h\r\nX-Client: 10.1.2.3\r\n\r\n",
            "GET /port HTTP/1.1\r\nHost: h\r\nX-Client: 10.1.2.4\r\n\r\n",
            "GET /b HTTP/1.1\r\nHost: h\r\nX-Client: none\r\n\r\n",
            "GET /c HTTP/1.1\r\nHost: h\r\nX-Client: 2001:db8::9\r\n\r\n",
        };
        final List<List<String>> both = new ArrayList<>();
        for (final boolean haproxy : new boolean[] {true, false}) {
            final int port = RunningDaemon.freePort();
            final List<String> out = new ArrayList<>();
            final AutoCloseable running = haproxy
                ? HaproxyProcess.start(dir, config.apply("    log stdout format raw local0 info", port), port)
                : RunningDaemon.start(config.apply("    nbthread 2", port));
            try (running; RawHttp c = RawHttp.open(port)) {
                for (final String request : requests) {
                    c.send(request).read();
                    final String head = nextHead();
                    out.add(head.substring(1, head.indexOf("\r\n")).replace(" " + c.localPort() + " ", " CP ")
                        .replace(" " + port, " FP"));
                }
            }
            both.add(out);
        }
        assertEquals(List.of("PROXY TCP4 10.1.2.3 127.0.0.1 CP FP", "PROXY TCP4 10.1.2.4 127.0.0.1 CP 8080",
            "PROXY TCP4 127.0.0.1 127.0.0.1 CP FP"), both.get(0).subList(0, 3),
            "HAProxy's own headers (the scenario is what the test means)");
        assertEquals(both.get(0), both.get(1));
    }

    /**
     * Mode tcp: connection and content rules change the addresses the log and {@code balance source} see (a binary
     * payload is no address: that set-src changes nothing), and a content capture of the payload is logged in
     * {@code %hr}, for three connections.
     */
    @Test
    void modeTcpAddressAndCaptureRulesAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        servers[0] = new RecordingBackend();
        servers[1] = new RecordingBackend();
        final java.util.function.BiFunction<String, Integer, String> config = (global, port) -> config(global, port,
            "tcp", String.join("\n",
                "    log-format \"%ci:%cp %fi:%fp %hr %b/%s %[var(sess.c)]\"",
                "    tcp-request inspect-delay 2s",
                "    tcp-request connection set-src ipv4(192.0.2.7)",
                "    tcp-request session set-var(sess.c) src,ipmask(8)",
                "    tcp-request content capture req.payload(4,3) len 2",
                "    tcp-request content set-src req.payload(7,8) if { req.payload(4,2) -m str /1 }",
                "    tcp-request content set-src-port int(999)",
                "    tcp-request content set-dst ipv6(2001:db8::5) if { req.payload(4,2) -m str /2 }",
                "    tcp-request content accept if { req.len ge 14 }"), "");
        final String[] paths = {"/1/10.0.0.1", "/2/x", "/1/10.0.0.9"};
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir, config.apply("    log stdout format raw local0 info", hPort),
            hPort)) {
            fromHaproxy = tcpRun(hPort, paths, h::lines);
        }
        TrafficLogCapture.clear();
        final int bPort = RunningDaemon.freePort();
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config.apply("    nbthread 2", bPort))) {
            fromBaton = tcpRun(bPort, paths, () -> TrafficLogCapture.lines(l -> true));
            await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        }
        final String h = String.join("\n", fromHaproxy);
        // a payload is binary, which HAProxy does not cast to an address: that set-src changes nothing
        assertTrue(h.contains("192.0.2.7:999 127.0.0.1:PORT {/1}") && h.contains("192.0.2.7:999 2001:db8::5:")
            && h.matches("(?s).*be/s[01] 192\\.0\\.0\\.0.*"),
            "HAProxy's own results are what the scenario means:\n" + h);
        assertEquals(fromHaproxy, fromBaton);
    }

    private List<String> tcpRun(final int port, final String[] paths, final Supplier<List<String>> logs)
        throws Exception {
        final List<String> out = new ArrayList<>();
        for (final String path : paths) {
            try (RawHttp c = RawHttp.open(port)) {
                c.send("GET " + path + " HTTP/1.1\r\nHost: h\r\n\r\n");
                out.add(path + " " + received() + " " + c.read().status);
            }
            await("the log line").atMost(Duration.ofSeconds(10))
                .until(() -> logs.get().stream().filter(l -> l.contains(" be/")).count() >= out.size());
        }
        for (final String line : logs.get()) {
            if (line.contains(" be/")) {
                out.add(line.replaceAll(":(?!999 )[0-9]+ ", ":PORT ").replace(":" + port, ":FRONTPORT"));
            }
        }
        return out;
    }

    /** HAProxy's results, once baton's were found equal. */
    private List<String> sideBySide(final String rules, final String[] requests) throws Exception {
        Haproxy26.assumeInstalled();
        servers[0] = new RecordingBackend();
        servers[1] = new RecordingBackend();
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir, config("    log stdout format raw local0 info", hPort, rules),
            hPort)) {
            fromHaproxy = run(hPort, requests, h::lines);
        }
        TrafficLogCapture.clear();
        final int bPort = RunningDaemon.freePort();
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 2", bPort, rules))) {
            fromBaton = run(bPort, requests, () -> TrafficLogCapture.lines(l -> true));
            await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        }
        assertEquals(fromHaproxy, fromBaton);
        return fromHaproxy;
    }

    /** Per request: which server got it and its x- headers; then the log lines; ports named. */
    private List<String> run(final int port, final String[] requests, final Supplier<List<String>> logs)
        throws Exception {
        final List<String> out = new ArrayList<>();
        final int clientPort;
        try (RawHttp c = RawHttp.open(port)) {
            clientPort = c.localPort();
            for (final String request : requests) {
                final RawHttp.Response r = c.send(request).read();
                out.add("status " + r.status);
                out.add(received());
            }
        }
        await("the log lines").atMost(Duration.ofSeconds(10))
            .until(() -> logLines(logs).size() >= requests.length);
        out.addAll(logLines(logs));
        final List<String> named = new ArrayList<>();
        for (final String line : out) {
            named.add(line.replace(":" + clientPort, ":CLIENTPORT").replace(":" + port, ":FRONTPORT"));
        }
        return named;
    }

    /** Which server got the request just answered, and the x- headers it got. */
    private String received() throws InterruptedException {
        final String head = nextHead();
        return "server s" + head.charAt(0) + " " + RecordingBackend.xHeaders(head.substring(1));
    }

    /** The head a server got next, after the digit of that server. */
    private String nextHead() throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < servers.length; i++) {
                final String head = servers[i].heads.poll(20, TimeUnit.MILLISECONDS);
                if (head != null) {
                    return i + head;
                }
            }
        }
        throw new AssertionError("no server got the request");
    }

    /** The log lines of the custom formats (those naming a path), in order. */
    private static List<String> logLines(final Supplier<List<String>> logs) {
        return logs.get().stream().filter(l -> l.contains(" /") && !l.startsWith("[")).toList();
    }

}
