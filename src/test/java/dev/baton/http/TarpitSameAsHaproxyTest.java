package dev.baton.http;

import dev.baton.counters.Counter;
import dev.baton.log.Haproxy26;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code http-request tarpit} in HAProxy 2.6 and in baton, on one configuration: the answer (500, or the
 * {@code deny_status}) comes once the {@code timeout tarpit} of the proxy whose rule matched has passed, else its
 * {@code timeout connect} (a frontend has none: at once), and the line says {@code PT--} with no TR and the whole
 * wait as Tw; a client that leaves during the wait is still held and logged, then cleaned up.
 */
class TarpitSameAsHaproxyTest {
    private static final Pattern TIMES = Pattern.compile("\\] \\S+ \\S+ (-?\\d+)/(-?\\d+)/(-?\\d+)/(-?\\d+)/(-?\\d+) ");

    @TempDir
    Path dir;

    private static String config(final String global, final int[] ports, final int server) {
        return "global\n" + global + "defaults\n    mode http\n    log global\n    option httplog\n"
            + "    timeout connect 400ms\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend f\n    bind 127.0.0.1:" + ports[0] + "\n    timeout tarpit 300ms\n"
            + "    http-request tarpit if { path /t }\n"
            + "    http-request tarpit deny_status 403 if { path /d }\n"
            + "    default_backend b\n"
            + "frontend g\n    bind 127.0.0.1:" + ports[1] + "\n    http-request tarpit\n    default_backend b\n"
            + "backend b\n    http-request tarpit if { path /b }\n    server s 127.0.0.1:" + server + "\n";
    }

    /** One request: "status elapsed>=minMs" for the client, its client port for the log. */
    private record Sent(String outcome, int clientPort) {
    }

    private static Sent ask(final int port, final String path, final long minMs) throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            final long startNs = System.nanoTime();
            final RawHttp.Response r = c.send(RawHttp.get(path)).read();
            final long ms = (System.nanoTime() - startNs) / 1_000_000L;
            return new Sent(path + " " + r.status + " waited>=" + minMs + ":" + (ms >= minMs), c.localPort());
        }
    }

    /** A client that sends its request and leaves 50 ms later, during the wait. */
    private static Sent leave(final int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.getOutputStream().write(RawHttp.get("/t").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            Thread.sleep(50); // the scenario: leave while the request is held (not a synchronisation)
            return new Sent("left", s.getLocalPort());
        }
    }

    /** Per request: what the client saw, then its log line without ports, date and timings; then the timings. */
    private static List<String> run(final int[] ports, final IntFunction<List<String>> linesOf) throws Exception {
        final List<Sent> sent = List.of(ask(ports[0], "/t", 300), ask(ports[0], "/d", 300), ask(ports[0], "/b", 400),
            ask(ports[1], "/x", 0), leave(ports[0]));
        final List<String> out = new ArrayList<>();
        for (final Sent s : sent) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(s.clientPort()).isEmpty());
            final String line = linesOf.apply(s.clientPort()).get(0);
            final Matcher m = TIMES.matcher(line);
            assertTrue(m.find(), line);
            final long tw = Long.parseLong(m.group(2));
            final long ta = Long.parseLong(m.group(5));
            out.add(s.outcome() + " | " + line.replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "")
                .replaceAll("(?<=[ /])\\d+(?=[/ ])", "N") + " | TR=" + m.group(1) + " Tw>=Ta:" + (tw >= ta)
                + " Tw>=300:" + (tw >= 300));
        }
        return out;
    }

    @Test
    void aTarpittedRequestIsAnsweredOnceItsTimeoutPassedAndLoggedPT() throws Exception {
        Haproxy26.assumeInstalled();
        final int server = RunningDaemon.freePort(); // never reached
        final int[] hPorts = {RunningDaemon.freePort(), RunningDaemon.freePort()};
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir,
            config("    log stdout format raw local0 info\n", hPorts, server), hPorts[1])) {
            fromHaproxy = run(hPorts, h::linesOf);
        }
        TrafficLogCapture.clear();
        final int[] bPorts = {RunningDaemon.freePort(), RunningDaemon.freePort()};
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1\n", bPorts, server))) {
            fromBaton = run(bPorts, client -> TrafficLogCapture.lines(
                l -> l.startsWith("127.0.0.1:" + client + " [")));
            baton.awaitAtRest(); // the client that left is cleaned up: no stream, socket nor buffer kept
            assertEquals(4, baton.daemon().frontend("f").counters().get(Counter.DENIED_REQUESTS));
            assertEquals(1, baton.daemon().frontend("g").counters().get(Counter.DENIED_REQUESTS));
            assertEquals(1, baton.daemon().backend("b").counters().get(Counter.DENIED_REQUESTS));
        }
        assertEquals("/t 500 waited>=300:true | f f/<NOSRV> -1/N/-1/-1/N N N - - PT-- N/N/N/N/N N/N \"GET /t HTTP/1.1\""
            + " | TR=-1 Tw>=Ta:true Tw>=300:true", fromHaproxy.get(0), "HAProxy's own answer");
        assertEquals(fromHaproxy, fromBaton);
    }
}
