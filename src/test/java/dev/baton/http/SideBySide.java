package dev.baton.http;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import static org.awaitility.Awaitility.await;

/**
 * One scenario run on HAProxy 2.6, then on baton (one reactor), each listening on a fresh port of the same
 * configuration, traffic lines read per client port: the two outcomes, to compare. Both processes are stopped
 * before this returns (baton once no stream is left). Test thread only.
 */
final class SideBySide {
    /** The configuration with its {@code global} lines (logging, threads) and the port to bind. */
    @FunctionalInterface
    interface Config {
        String text(String global, int port) throws Exception;
    }

    /** What a scenario saw on {@code port}, with {@code linesOf} the traffic lines of a client port. */
    @FunctionalInterface
    interface Scenario {
        List<String> run(int port, IntFunction<List<String>> linesOf) throws Exception;
    }

    private SideBySide() {
    }

    /** A request a scenario sent: the client port it came from (its log line's) and the response. */
    record Sent(int client, RawHttp.Response response) {
    }

    /**
     * Sends {@code request} (method, target, then header lines) with {@code Host: x} on a connection of its own and
     * reads the response (without a body for a HEAD).
     */
    static Sent send(final int port, final String... request) throws IOException {
        try (RawHttp c = RawHttp.open(port)) {
            final StringBuilder req = new StringBuilder(request[0] + " " + request[1] + " HTTP/1.1\r\nHost: x\r\n");
            for (int i = 2; i < request.length; i++) {
                req.append(request[i]).append("\r\n");
            }
            return new Sent(c.localPort(), c.send(req.append("\r\n").toString()).read(request[0].equals("HEAD")));
        }
    }

    /**
     * A scenario that sends {@code GET PATH} for each of {@code paths} on a connection of its own and gives, per path,
     * one line: path, status, the headers in order but {@code connection} (whether a reply that closes says so differs;
     * both close), the body, and the request's log line with times, sizes and ports masked.
     */
    static Scenario getEach(final String... paths) {
        return (port, linesOf) -> {
            final List<String> out = new ArrayList<>();
            for (final String path : paths) {
                final int client;
                final RawHttp.Response r;
                try (RawHttp c = RawHttp.open(port)) {
                    client = c.localPort();
                    r = c.send(RawHttp.get(path)).read();
                }
                final List<String> headers = new ArrayList<>();
                r.headers.forEach((k, v) -> {
                    if (!k.equals("connection")) {
                        headers.add(k + "=" + v);
                    }
                });
                await().atMost(Duration.ofSeconds(10)).until(() -> !linesOf.apply(client).isEmpty());
                final String line = linesOf.apply(client).get(0).replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "")
                    .replaceAll("-?\\d+(/-?\\d+)+", "N").replaceFirst("(?<= \\d{3}) \\d+ ", " B ");
                out.add(path + " " + r.status + " " + headers + " body=" + r.text().replace("\n", "\\n") + " | "
                    + line);
            }
            return out;
        };
    }

    /**
     * A frontend answering 200 "ok" to every request itself, under the global lines of the run ({@code global}) and
     * {@code tune} (more global lines, such as {@code tune.*} settings).
     */
    static String answering(final String tune, final String global, final int port) {
        return "global\n" + global + tune
            + "defaults\n    mode http\n    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
            + "    http-request return status 200 content-type text/plain string ok\n";
    }

    /** [HAProxy's outcome, baton's outcome]. */
    static List<List<String>> run(final Path dir, final Config config, final Scenario scenario) throws Exception {
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir, config.text("    log stdout format raw local0 info\n", hPort),
            hPort)) {
            fromHaproxy = scenario.run(hPort, h::linesOf);
        }
        TrafficLogCapture.clear();
        final int bPort = RunningDaemon.freePort();
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config.text("    nbthread 1\n", bPort))) {
            fromBaton = scenario.run(bPort, client -> TrafficLogCapture.lines(
                l -> l.startsWith("127.0.0.1:" + client + " [")));
            await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        }
        return List.of(fromHaproxy, fromBaton);
    }
}
