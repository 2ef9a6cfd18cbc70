package dev.baton.proxyproto;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code tcp-request connection expect-proxy layer4 if COND}, side by side with HAProxy 2.6: one frontend with two
 * binds, where only clients of the first must start with a PROXY header. Through the first a header's source is
 * the logged client, and a client without one is closed unanswered with HAProxy's embryonic log line; through the
 * second a plain request is served, and a PROXY line is a bad request (400). The rules after it still run: a later
 * {@code reject} refuses its clients whatever the header said.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExpectProxySameAsHaproxyTest {
    private static final String REQUEST = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    private static final String HEADER = "PROXY TCP4 198.51.100.7 10.0.0.1 40000 80\r\n";

    @TempDir
    Path dir;

    private static String config(final String global, final int[] ports, final int server) {
        return "global\n" + global + "defaults\n    mode http\n    log global\n    option httplog\n"
            + "    option http-server-close\n    timeout connect 1s\n    timeout client 2s\n    timeout server 5s\n"
            + "frontend f\n    bind 127.0.0.1:" + ports[0] + "\n    bind 127.0.0.1:" + ports[1] + "\n"
            + "    bind 127.0.0.1:" + ports[2] + "\n"
            + "    tcp-request connection expect-proxy layer4 if { dst_port " + ports[0] + " } || { dst_port "
            + ports[2] + " }\n"
            + "    tcp-request connection reject if { dst_port " + ports[2] + " }\n"
            + "    default_backend b\n"
            + "backend b\n    server s 127.0.0.1:" + server + "\n";
    }

    /** Sends {@code bytes} to {@code port}; returns the answer's status line ("nothing" when none) and client port. */
    private static String[] send(final int port, final String bytes) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            try {
                s.getOutputStream().write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            } catch (final IOException e) {
                return new String[] {"nothing", String.valueOf(s.getLocalPort())}; // reset before the bytes went
            }
            final String answer = drain(s.getInputStream());
            final int eol = answer.indexOf('\r');
            return new String[] {answer.isEmpty() ? "nothing" : answer.substring(0, eol < 0 ? answer.length() : eol),
                String.valueOf(s.getLocalPort())};
        }
    }

    private static String drain(final InputStream in) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            final byte[] b = new byte[1024];
            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                out.write(b, 0, n);
            }
        } catch (final IOException e) {
            // a reset ends it too
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** Each case's answer and log line (without date, timers and byte counts), found by its client's prefix. */
    private static List<String> run(final int[] ports, final Function<String, List<String>> linesOf)
        throws IOException {
        final String[][] sent = {send(ports[0], HEADER + REQUEST), send(ports[0], REQUEST),
            send(ports[1], REQUEST), send(ports[1], HEADER + REQUEST), send(ports[2], HEADER + REQUEST)};
        final String[] prefixes = {"198.51.100.7:40000 [", "127.0.0.1:" + sent[1][1] + " [",
            "127.0.0.1:" + sent[2][1] + " [", "127.0.0.1:" + sent[3][1] + " [", null};
        await("the logged cases").atMost(Duration.ofSeconds(10)).until(() -> {
            for (int i = 0; i < 4; i++) {
                if (linesOf.apply(prefixes[i]).isEmpty()) {
                    return false;
                }
            }
            return true;
        });
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < sent.length; i++) {
            final String line = prefixes[i] == null ? "(rejected: not logged)" : linesOf.apply(prefixes[i]).get(0)
                .replaceFirst("^\\S+ \\[[^]]+] ", "").replaceAll(" \\d+/\\d+/\\d+/\\d+/\\d+ (\\d+) \\d+ ", " T $1 B ");
            out.add(sent[i][0] + " | " + line.replaceFirst(" [\\d/]+ [\\d/]+ \"", " \""));
        }
        return out;
    }

    @Test
    void onlyTheClientsTheConditionNamesMustSendAHeader() throws Exception {
        final List<String> fromHaproxy;
        final List<String> fromBaton;
        try (HttpBackend server = HttpBackend.start(new HttpBackend.Options().name("s"))) {
            final int[] hPorts = {RunningDaemon.freePort(), RunningDaemon.freePort(), RunningDaemon.freePort()};
            try (HaproxyProcess haproxy = HaproxyProcess.start(dir, config("    log stdout format raw local0 info\n",
                hPorts, server.port()), "127.0.0.1", hPorts[1])) {
                fromHaproxy = run(hPorts, prefix -> haproxy.lines().stream().filter(l -> l.startsWith(prefix))
                    .toList());
            }
            TrafficLogCapture.clear();
            final int[] bPorts = {RunningDaemon.freePort(), RunningDaemon.freePort(), RunningDaemon.freePort()};
            try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1\n", bPorts, server.port()))) {
                fromBaton = run(bPorts, prefix -> TrafficLogCapture.lines(l -> l.startsWith(prefix)));
                baton.awaitAtRest();
            }
        }
        assertEquals("HTTP/1.1 200 OK", fromHaproxy.get(0).substring(0, 15), "HAProxy's own answer: " + fromHaproxy);
        assertEquals("nothing", fromHaproxy.get(4).substring(0, 7), "HAProxy rejects after the header: " + fromHaproxy);
        assertEquals(fromHaproxy, fromBaton);
    }
}
