package dev.baton.pool;

import dev.baton.support.DaemonProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idle pools under FD pressure (DESIGN.md §4), in a baton process limited to 512 descriptors (low band
 * 103 sockets, high band 128). Keep-alive clients first leave idle server connections in both reactors' pools;
 * then more clients than the descriptors allow arrive at once, each opening a new server connection
 * ({@code http-reuse safe}: first requests never reuse), so baton must close idle connections to make room:
 * its own, or a sibling's through the sibling. The daemon stays up, every client gets a 200 or a clean 503,
 * kills are counted ({@code kill_done} in the runtime API's {@code show activity}), and once the load is gone
 * and the purge has run the process holds no more descriptors than before.
 */
class FdPressureProcessTest {
    private static final int NOFILE = 512;
    private static final int WARM_CLIENTS = 40;
    private static final int BURST_CLIENTS = 400;
    /** Descriptors the JVM may open for itself while loaded (class files, a lazily opened jar). */
    private static final int FD_SLACK = 8;
    private static final Pattern KILL_DONE = Pattern.compile("(?m)^kill_done: (\\d+)");

    @TempDir
    Path dir;

    @Test
    void idleConnectionsMakeRoomAndNothingLeaks() throws Exception {
        try (HttpBackend backend = HttpBackend.start(new HttpBackend.Options().name("s1").responseDelayMs(300))) {
            final int port = RunningDaemon.freePort();
            final int statsPort = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), "global\n"
                + "    nbthread 2\n"
                + "    stats socket ipv4@127.0.0.1:" + statsPort + " level operator\n"
                + "    maxconn 1000\n"
                + "    no strict-limits\n" // more clients than descriptors is the point: accept pauses past the limit
                + "    hard-stop-after 2s\n"
                + "defaults\n"
                + "    mode http\n"
                + "    timeout connect 2s\n"
                + "    timeout client 30s\n"
                + "    timeout server 30s\n"
                + "frontend fe\n"
                + "    bind 127.0.0.1:" + port + "\n"
                + "    default_backend be\n"
                + "backend be\n"
                + "    server s1 127.0.0.1:" + backend.port() + " pool-purge-delay 500ms\n");
            final DaemonProcess baton = DaemonProcess.startWithFileLimit(dir, NOFILE, "-f", cfg.toString());
            try {
                baton.awaitAccepting(port);
                final int baseline = stableFdCount(baton);

                final Map<String, Integer> warm = clients(WARM_CLIENTS, () -> keepAlive(port, 3));
                assertEquals(Map.of("200", WARM_CLIENTS), warm, baton.stderr());

                final Map<String, Integer> burst = clients(BURST_CLIENTS, () -> once(port));
                assertTrue(baton.isAlive(), baton.stderr());
                final int answered = burst.getOrDefault("200", 0) + burst.getOrDefault("503", 0);
                assertEquals(BURST_CLIENTS, answered, "answers other than 200 or 503: " + burst);
                assertTrue(burst.getOrDefault("200", 0) > 0, burst.toString());

                await("descriptors back to the baseline " + baseline).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> baton.openFileDescriptors() <= baseline + FD_SLACK);
                assertEquals("200", once(port), "served again after the burst");
                final String activity = ask(statsPort, "show activity 0");
                final Matcher m = KILL_DONE.matcher(activity);
                assertTrue(m.find() && Integer.parseInt(m.group(1)) > 0, "no idle connection killed:\n" + activity);
                assertEquals(0, baton.stop(), baton.stderr());
                System.out.println("FD pressure: burst answers " + burst + "; " + m.group());
            } finally {
                baton.close();
            }
        }
    }

    /** A client's outcome: the status code, or what went wrong. */
    @FunctionalInterface
    private interface Client {
        String run() throws IOException;
    }

    /** Runs {@code count} clients at once and tallies their outcomes. */
    private static Map<String, Integer> clients(final int count, final Client client) throws InterruptedException {
        final Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        final CountDownLatch go = new CountDownLatch(1);
        final ExecutorService threads = Executors.newFixedThreadPool(count);
        for (int i = 0; i < count; i++) {
            threads.execute(() -> {
                String outcome;
                try {
                    go.await();
                    outcome = client.run();
                } catch (final IOException e) {
                    outcome = e.toString();
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    outcome = "interrupted";
                }
                outcomes.merge(outcome, 1, Integer::sum);
            });
        }
        go.countDown();
        threads.shutdown();
        assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS), "clients still running");
        return new TreeMap<>(outcomes);
    }

    /** {@code requests} requests over one keep-alive connection; the last status, or the first that is not 200. */
    private static String keepAlive(final int port, final int requests) throws IOException {
        try (Socket s = connect(port)) {
            final OutputStream out = s.getOutputStream();
            final InputStream in = new BufferedInputStream(s.getInputStream());
            String status = "none";
            for (int i = 0; i < requests; i++) {
                out.write("GET / HTTP/1.1\r\nHost: baton\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                status = readResponse(in);
                if (!status.equals("200")) {
                    break;
                }
            }
            return status;
        }
    }

    /** One {@code Connection: close} request; its status. */
    private static String once(final int port) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(
                "GET / HTTP/1.1\r\nHost: baton\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            return readResponse(new BufferedInputStream(s.getInputStream()));
        }
    }

    /** One runtime API command over the TCP stats socket; the answer (the server closes after it). */
    private static String ask(final int statsPort, final String command) throws IOException {
        try (Socket s = connect(statsPort)) {
            s.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static Socket connect(final int port) throws IOException {
        final Socket s = new Socket();
        s.setSoLinger(true, 0);
        s.setSoTimeout(30_000);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        return s;
    }

    /** Reads one response (head, then a Content-Length body) and returns its status code. */
    private static String readResponse(final InputStream in) throws IOException {
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            final int b = in.read();
            if (b < 0) {
                return head.length() == 0 ? "closed without a response" : "truncated head: " + head;
            }
            head.append((char) b);
        }
        long length = 0;
        for (final String line : head.toString().split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        for (long i = 0; i < length; i++) {
            if (in.read() < 0) {
                return "truncated body";
            }
        }
        final String[] statusLine = head.toString().split(" ", 3);
        return statusLine.length > 1 ? statusLine[1] : head.toString();
    }

    private static int stableFdCount(final DaemonProcess baton) {
        final List<Integer> last = new ArrayList<>(List.of(-1));
        await("stable descriptor count").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
            .until(() -> {
                final int now = baton.openFileDescriptors();
                final boolean stable = now == last.get(0);
                last.set(0, now);
                return stable;
            });
        return last.get(0);
    }
}
