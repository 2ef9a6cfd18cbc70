package dev.baton;

import dev.baton.support.ExternalTool;
import dev.baton.support.FakeDnsServer;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run-time resolution side by side with HAProxy 2.6, both asking the same fake name server the same things: a
 * server that starts without an address ({@code init-addr none}), resolves (A), loses its name (NXDOMAIN past
 * {@code hold nx}), resolves again, then moves to the AAAA record when the A answer turns empty
 * ({@code resolve-prefer ipv4}: the other family is the fallback). After each step both show the same
 * {@code show servers state} fields (address, operational and administrative state) and {@code show stat} status,
 * and both log the same lines about the server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsSameAsHaproxyTest {
    private static final Duration WITHIN = Duration.ofSeconds(15);
    private static final String NAME = "app.test";

    @TempDir
    Path tmp;

    private static String config(final Path socket, final int fePort, final int dnsPort, final int backendPort,
                                 final int syslogPort) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " level admin",
            "    nbthread 1",
            "    log 127.0.0.1:" + syslogPort + " local0",
            "resolvers dns",
            "    nameserver ns1 127.0.0.1:" + dnsPort,
            "    resolve_retries 2",
            "    timeout resolve 100ms",
            "    timeout retry 100ms",
            "    hold valid 100ms",
            "    hold nx 400ms",
            "    hold other 400ms",
            "defaults",
            "    mode tcp",
            "    log global",
            "    timeout connect 1s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + fePort,
            "    default_backend be",
            "backend be",
            "    server s1 " + NAME + ":" + backendPort + " resolvers dns resolve-prefer ipv4 init-addr none",
            "");
    }

    /** {@code addr op admin status} of be/s1. */
    private static String state(final Path socket) throws Exception {
        String fields = "";
        for (final String l : Sockets.stats(socket, "show servers state be").split("\n")) {
            final String[] f = l.split(" ");
            if (f.length > 6 && f[3].equals("s1")) {
                fields = f[4] + " op=" + f[5] + " admin=" + f[6];
            }
        }
        for (final String l : Sockets.stats(socket, "show stat").split("\n")) {
            final String[] f = l.split(",", -1);
            if (f.length > 17 && f[0].equals("be") && f[1].equals("s1")) {
                fields += " status=" + f[17] + " addr=" + f[73];
            }
        }
        return fields;
    }

    /** Waits until be/s1's state is accepted by {@code wanted}; returns it. */
    private static String awaitState(final Path socket, final Predicate<String> wanted) {
        final String[] last = {""};
        await().atMost(WITHIN).until(() -> wanted.test(last[0] = state(socket)));
        return last[0];
    }

    private static List<String> session(final FakeDnsServer dns, final Path socket) throws Exception {
        final List<String> out = new ArrayList<>();
        out.add("start: " + state(socket));
        dns.answer(NAME, false, "127.0.0.1");
        dns.answer(NAME, true);
        out.add("A: " + awaitState(socket, s -> s.startsWith("127.0.0.1 ") && s.contains("admin=0")));
        dns.nx(NAME);
        out.add("NX: " + awaitState(socket, s -> s.contains("admin=32")));
        dns.answer(NAME, false, "127.0.0.1");
        dns.answer(NAME, true);
        out.add("A again: " + awaitState(socket, s -> s.contains("admin=0")));
        dns.answer(NAME, false);
        dns.answer(NAME, true, "::1");
        out.add("AAAA only: " + awaitState(socket, s -> s.startsWith("::1 ")));
        return out;
    }

    /** The lines about be/s1, without HAProxy's {@code [WARNING]  (pid) : } prefix. */
    private static List<String> aboutServer(final List<String> lines) {
        final List<String> out = new ArrayList<>();
        for (final String l : lines) {
            if (l.contains("be/s1")) {
                out.add(l.startsWith("[") && l.contains(" : ") ? l.substring(l.indexOf(" : ") + 3) : l);
            }
        }
        return out;
    }

    @Test
    @SuppressWarnings("try") // the daemon is only closed: it is talked to through its socket
    void statesAndLinesAreHaproxys() throws Exception {
        ExternalTool.requireHaproxy();
        final int backendPort = RunningDaemon.freePort();
        final int syslogPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        final List<String> haproxyLines;
        try (FakeDnsServer dns = FakeDnsServer.start()) {
            dns.silent(NAME);
            final Path hSocket = tmp.resolve("h.sock");
            final int hPort = RunningDaemon.freePort();
            try (HaproxyProcess h = HaproxyProcess.start(tmp, config(hSocket, hPort, dns.port(), backendPort,
                syslogPort), hPort)) {
                fromHaproxy = session(dns, hSocket);
                haproxyLines = aboutServer(h.lines());
            }
        }
        final List<String> fromBaton;
        final List<String> batonLines;
        try (FakeDnsServer dns = FakeDnsServer.start()) {
            dns.silent(NAME);
            final Path bSocket = tmp.resolve("b.sock");
            final int bPort = RunningDaemon.freePort();
            TrafficLogCapture.clear();
            try (RunningDaemon d = RunningDaemon.start(config(bSocket, bPort, dns.port(), backendPort, syslogPort))) {
                fromBaton = session(dns, bSocket);
                await().atMost(WITHIN).until(() -> aboutServer(TrafficLogCapture.lines()).size()
                    >= haproxyLines.size());
                batonLines = aboutServer(TrafficLogCapture.lines());
            }
        }
        assertTrue(fromHaproxy.get(1).contains("status=no check"), "HAProxy 2.6: " + fromHaproxy);
        assertEquals(String.join("\n", fromHaproxy), String.join("\n", fromBaton));
        assertEquals(String.join("\n", haproxyLines), String.join("\n", batonLines));
    }
}
