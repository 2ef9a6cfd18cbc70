package dev.baton.queue;

import dev.baton.support.ExternalTool;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLine;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The daemon and HAProxy 2.6 on the same configuration ({@code maxconn 1}, {@code timeout queue 1s}, a server
 * answering in 3 s) and the same three clients sent at once: the same answers (one 200, two 503), the same
 * termination states in the httplog lines ({@code ----} and {@code sQ}), the same server ({@code <NOSRV>} for those
 * that never got one) and queue times of the same magnitude. Each side has its own server, so neither sees the
 * other's requests. HAProxy runs as a child process ({@code -db}, its log on its standard output), stopped by its
 * process before the test ends.
 *
 * <p>HAProxy runs with {@code nbthread 1}, baton with two. HAProxy 2.6 checks a server's served count against its
 * maxconn and takes the slot in two steps ({@code assign_server_and_queue} in its backend.c), so two of its threads
 * accepting two of the clients at once can both pass the check: a CI run saw its server with 2 requests in flight on
 * {@code maxconn 1}. One thread keeps the reference deterministic; baton's two must hold the limit exactly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class QueueSameAsHaproxyTest {
    private static final int CLIENTS = 3;

    @TempDir
    Path dir;

    private static String config(final String global, final int port, final int serverPort) {
        return "global\n" + global
            + "defaults\n    mode http\n    log global\n    option httplog\n    timeout connect 2s\n"
            + "    timeout client 20s\n    timeout server 20s\n    timeout queue 1s\n"
            + "listen fe\n    bind 127.0.0.1:" + port + "\n"
            + "    server s1 127.0.0.1:" + serverPort + " maxconn 1\n";
    }

    /** The three clients on {@code port}, then their log lines (sorted by Tw) as {@code logOf} finds them. */
    private static List<TrafficLine> run(final int port, final Function<Integer, String> logOf) throws IOException {
        final List<RawHttp> clients = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(RawHttp.open(port));
            }
            for (final RawHttp c : clients) {
                c.send(RawHttp.get("/"));
            }
            final List<TrafficLine> lines = new ArrayList<>();
            for (final RawHttp c : clients) {
                final int status = c.read().status;
                final String text = logOf.apply(c.localPort());
                final TrafficLine line = Objects.requireNonNull(TrafficLine.http(text), () -> "not httplog: " + text);
                assertEquals(status, line.status(), "the logged status is the answer's: " + text);
                lines.add(line);
            }
            lines.sort(Comparator.comparingLong(TrafficLine::tw));
            return lines;
        } finally {
            for (final RawHttp c : clients) {
                c.close();
            }
        }
    }

    /** Both sides' lines, HAProxy's first. */
    private List<List<TrafficLine>> bothSides() throws Exception {
        final boolean installed = ExternalTool.available("haproxy");
        if (System.getenv("CI") != null) {
            assertTrue(installed, "haproxy (Debian package haproxy, 2.6) must be installed under CI");
        }
        assumeTrue(installed, "haproxy is not installed (apt-get install haproxy); CI installs it");
        try (HttpBackend forHaproxy = HttpBackend.start(new HttpBackend.Options().name("s1").responseDelayMs(3_000));
             HttpBackend forBaton = HttpBackend.start(new HttpBackend.Options().name("s1").responseDelayMs(3_000))) {
            final int haproxyPort = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("haproxy.cfg"),
                config("    log stdout format raw local0 info\n    nbthread 1\n", haproxyPort, forHaproxy.port()));
            final Path out = dir.resolve("haproxy.out");
            final Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            final List<TrafficLine> fromHaproxy;
            try {
                await("haproxy listening").atMost(Duration.ofSeconds(10)).until(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError("haproxy exited: " + Files.readString(out));
                    }
                    try (Socket s = new Socket("127.0.0.1", haproxyPort)) {
                        return s.isConnected();
                    } catch (final IOException e) {
                        return false;
                    }
                });
                fromHaproxy = run(haproxyPort, clientPort -> {
                    final String[] found = new String[1];
                    await("haproxy's line of " + clientPort).atMost(Duration.ofSeconds(10)).until(() -> {
                        for (final String l : Files.readAllLines(out)) {
                            if (l.startsWith("127.0.0.1:" + clientPort + " [")) {
                                found[0] = l;
                                return true;
                            }
                        }
                        return false;
                    });
                    return found[0];
                });
            } finally {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
            TrafficLogCapture.clear();
            final List<TrafficLine> fromBaton;
            try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 2\n", RunningDaemon.freePort(),
                forBaton.port()))) {
                fromBaton = run(baton.port("fe"), TrafficLogCapture::awaitTcplog);
                await("nothing waiting or held").atMost(Duration.ofSeconds(5)).until(() ->
                    baton.daemon().backend("fe").queues().totalWaiting() == 0
                        && baton.daemon().backend("fe").servers().get(0).currConns() == 0
                        && baton.daemon().liveStreams() == 0);
            }
            assertEquals(1, forHaproxy.peakInFlight());
            assertEquals(1, forBaton.peakInFlight());
            return List.of(fromHaproxy, fromBaton);
        }
    }

    /** What the two sides must share: status, termination and server of each line, in order of Tw. */
    private static List<String> outcomes(final List<TrafficLine> lines) {
        return lines.stream().map(l -> l.status() + " " + l.termination() + " " + l.server()).toList();
    }

    @Test
    void answersTerminationStatesAndQueueTimesMatchHaproxy() throws Exception {
        final List<List<TrafficLine>> sides = bothSides();
        final List<TrafficLine> haproxy = sides.get(0);
        final List<TrafficLine> baton = sides.get(1);
        assertEquals(List.of("200 ---- fe/s1", "503 sQ-- fe/<NOSRV>", "503 sQ-- fe/<NOSRV>"), outcomes(haproxy),
            "HAProxy's own outcomes (the scenario is what the test thinks it is): " + haproxy);
        assertEquals(outcomes(haproxy), outcomes(baton), "haproxy " + haproxy + "\nbaton " + baton);
        for (int i = 0; i < CLIENTS; i++) {
            final TrafficLine h = haproxy.get(i);
            final TrafficLine b = baton.get(i);
            assertTrue(Math.abs(h.tw() - b.tw()) <= 300, "Tw of the same magnitude:\n" + h.text() + "\n" + b.text());
            assertEquals(h.tc() < 0, b.tc() < 0, "Tc -1 on both or neither:\n" + h.text() + "\n" + b.text());
        }
    }

    /**
     * The same {@code srv_queue/backend_queue} as HAProxy: {@code 0/1} for a stream that timed out in the backend
     * queue (its own exit counts), {@code 0/0} for the one served at once.
     */
    @Test
    void queueCountersMatchHaproxy() throws Exception {
        final List<List<TrafficLine>> sides = bothSides();
        final List<String> haproxy = sides.get(0).stream().map(l -> l.srvQueue() + "/" + l.backendQueue()).toList();
        final List<String> baton = sides.get(1).stream().map(l -> l.srvQueue() + "/" + l.backendQueue()).toList();
        assertEquals(haproxy, baton, "srv_queue/backend_queue, in order of Tw");
    }
}
