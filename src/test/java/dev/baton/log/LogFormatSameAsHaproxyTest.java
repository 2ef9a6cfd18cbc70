package dev.baton.log;

import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 and the daemon on the same configuration and the same ports (one after the other): the same request
 * through a custom {@code log-format} using most variables, captures, cookies, a unique id and samples; through
 * {@code option httplog clf}; through {@code option httplog} with {@code option logasap}; through a tcp
 * frontend's {@code log-format}, with and without {@code option logasap}; and a request that never parses. The lines must be equal field by field once the client port, dates and timers
 * are blanked; the server must see the same {@code X-Unique-ID}. HAProxy runs as a child process ({@code -db},
 * its log on its standard output), stopped by its process before the test ends.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LogFormatSameAsHaproxyTest {
    private static final String REQUEST = "GET /p/a?x=1 HTTP/1.1\r\nHost: example.com\r\nX-Test: a|b\"c\r\n"
        + "Cookie: other=1; SESSION=abcdefghijklmnop\r\nConnection: close\r\n\r\n";
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + "Set-Cookie: SESSX=zz; path=/\r\nContent-Length: 5\r\n\r\nhello";
    private static final List<String> FRONTENDS = List.of("custom", "clf", "asap", "tcpf", "tasap", "bad");

    @TempDir
    Path dir;

    private ServerSocket backend;
    private Thread backendThread;
    private final Queue<String> received = new ConcurrentLinkedQueue<>();

    @AfterEach
    void stopBackend() throws Exception {
        if (backend != null) {
            backend.close();
            backendThread.join(5000);
        }
    }

    private static String config(final String global, final int[] ports, final int serverPort) {
        final String server = "    server s 127.0.0.1:" + serverPort + "\n";
        return "global\n" + global + "defaults\n    log global\n    mode http\n    timeout connect 1s\n"
            + "    timeout client 5s\n    timeout server 5s\n"
            + "listen custom\n    bind 127.0.0.1:" + ports[0] + "\n"
            + "    log-format \"%ci %fi:%fp %f %ft %b %s %si:%sp %ST %B %U %ts %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %{+Q}r"
            + " %HM %HU %HP %HPO %HQ %HV %hr %hs %hrl %hsl %CC %CS %ID %[src] %[dst_port] %[capture.req.hdr(1)]"
            + " %{+Q,+E}[capture.req.uri] %{+X}ci %{+X}fp %sslv %[fe_name,upper] %{+Q}o %b %{-Q}s %H\"\n"
            + "    capture request header Host len 9\n    capture request header X-Test len 20\n"
            + "    capture response header Content-Type len 10\n    capture cookie SESS len 12\n"
            + "    unique-id-format %{+X}o\\ %ci:%fp_%b\n    unique-id-header X-Unique-ID\n" + server
            + "listen clf\n    bind 127.0.0.1:" + ports[1] + "\n    option httplog clf\n"
            + "    capture request header Host len 9\n    capture response header Content-Type len 10\n" + server
            + "listen asap\n    bind 127.0.0.1:" + ports[2] + "\n    option httplog\n    option logasap\n" + server
            + "listen tcpf\n    mode tcp\n    bind 127.0.0.1:" + ports[3] + "\n"
            + "    log-format \"%ci %fi:%fp %b/%s %si:%sp %ts %B %U %{+Q}f %ID\"\n"
            + "    unique-id-format %f-%b\n" + server
            + "listen tasap\n    mode tcp\n    bind 127.0.0.1:" + ports[4] + "\n    option tcplog\n    option logasap\n"
            + server
            + "listen bad\n    bind 127.0.0.1:" + ports[5] + "\n"
            + "    log-format \"BAD %ST %ts %tsc %{+Q}r %HM %HU %HV %HQ %HPO %HP %B %U %b/%s %TR %Tw %Tc %Tr %sq/%bq %rc %ID"
            + " %CC %hr|\"\n    unique-id-format u-%f\n    capture request header Host len 4\n" + server;
    }

    /** A server answering {@link #RESPONSE} to each request and keeping the request heads it got. */
    private int startBackend() throws IOException {
        backend = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        backendThread = new Thread(() -> {
            while (!backend.isClosed()) {
                try (Socket s = backend.accept()) {
                    received.add(readHead(s.getInputStream()));
                    s.getOutputStream().write(RESPONSE.getBytes(StandardCharsets.US_ASCII));
                } catch (final IOException e) {
                    // closed at the end of the test, or a client gone
                }
            }
        }, "log-format-backend");
        backendThread.start();
        return backend.getLocalPort();
    }

    private static String readHead(final InputStream in) throws IOException {
        final StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }

    /** One request on each frontend; then, once every line is there, each line normalised. */
    private static List<String> run(final int[] ports, final Function<String, List<String>> linesOf)
        throws IOException {
        for (int i = 0; i < ports.length; i++) {
            try (Socket s = new Socket("127.0.0.1", ports[i])) {
                final String request = FRONTENDS.get(i).equals("bad") ? "BLAH\r\n\r\n" : REQUEST;
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.getInputStream().readAllBytes();
            }
        }
        await("a line of each frontend").atMost(Duration.ofSeconds(10))
            .until(() -> FRONTENDS.stream().allMatch(f -> !linesOf.apply(f).isEmpty()));
        final List<String> out = new ArrayList<>();
        for (final String f : FRONTENDS) {
            out.add(f + ": " + normalized(f, linesOf.apply(f).get(0)));
        }
        return out;
    }

    /**
     * Client ports, dates and timers blanked, per frontend's format; and the byte counts and the backend and server
     * connection counts, which differ by design or by timing: HAProxy 2.6 counts the bytes of its internal HTX form
     * of an HTTP message (baton: the bytes on the wire), at log time it has already released the stream's backend
     * slot, and an early (logasap) line counts whatever connection of the previous request is still closing.
     */
    private static String normalized(final String frontend, final String line) {
        switch (frontend) {
            case "clf": {
                final String[] w = line.split(" ");
                w[3] = "[DATE";
                w[4] = "TZ]";
                w[9] = "B";
                w[12] = "CPORT";
                w[13] = "MS";
                for (int i = 17; i <= 21; i++) {
                    w[i] = "T";
                }
                w[25] = "bc";
                w[26] = "sc";
                return String.join(" ", w);
            }
            case "tasap":
                return line.replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "")
                    .replaceFirst(" \\d+/\\d+/\\+\\d+ ", " T/T/+T ")
                    .replaceFirst(" \\d+/\\d+/\\d+/\\d+/(\\d+) ", " ac/fc/bc/sc/$1 ");
            case "asap":
                return line.replaceFirst("^127\\.0\\.0\\.1:\\d+ \\[[^]]+] ", "")
                    .replaceFirst(" \\d+/\\d+/\\d+/\\d+/\\+\\d+ ", " T/T/T/T/+T ")
                    .replaceFirst(" \\+\\d+ ", " +B ")
                    .replaceFirst(" \\d+/\\d+/\\d+/\\d+/(\\d+) ", " ac/fc/bc/sc/$1 ");
            case "custom":
                return line.replaceFirst(" 200 \\d+ \\d+ ", " 200 B U ")
                    .replaceFirst(" (\\d+)/(\\d+)/\\d+/\\d+/(\\d+) ", " $1/$2/bc/sc/$3 ");
            default:
                return line.replaceFirst(" -- \\d+ \\d+ ", " -- B U ");
        }
    }

    @Test
    void sameLinesAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        final int serverPort = startBackend();
        final int[] ports = new int[FRONTENDS.size()];
        for (int i = 0; i < ports.length; i++) {
            ports[i] = RunningDaemon.freePort();
        }
        final Path cfg = Files.writeString(dir.resolve("haproxy.cfg"),
            config("    log stdout format raw local0 info\n", ports, serverPort));
        final Path out = dir.resolve("haproxy.out");
        final Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        final List<String> fromHaproxy;
        try {
            await("haproxy started").atMost(Duration.ofSeconds(10)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("haproxy exited: " + Files.readString(out));
                }
                return listening(ports[3]);
            });
            fromHaproxy = run(ports, f -> {
                try {
                    return Files.readAllLines(out).stream().filter(l -> ofFrontend(l, f)).toList();
                } catch (final IOException e) {
                    return List.of();
                }
            });
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        final List<String> haproxyHeads = new ArrayList<>(received);
        received.clear();
        TrafficLogCapture.clear();
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1\n", ports, serverPort))) {
            fromBaton = run(ports, f -> TrafficLogCapture.lines(l -> ofFrontend(l, f)));
            await().atMost(Duration.ofSeconds(10)).until(() -> baton.daemon().liveStreams() == 0);
        }
        assertTrue(fromHaproxy.get(0).contains(" {example.c|a#7Cb#22c} {text/html;} "), fromHaproxy.get(0));
        assertEquals(fromHaproxy.get(0), fromBaton.get(0), "custom log-format");
        assertEquals(fromHaproxy.get(1), fromBaton.get(1), "option httplog clf");
        assertEquals(fromHaproxy.get(2), fromBaton.get(2), "option httplog with option logasap");
        assertEquals(fromHaproxy.get(3), fromBaton.get(3), "mode tcp log-format");
        assertEquals(fromHaproxy.get(4), fromBaton.get(4), "mode tcp with option logasap");
        assertEquals(fromHaproxy.get(5), fromBaton.get(5), "a request that never parsed");
        for (final String f : FRONTENDS) {
            assertEquals(1, TrafficLogCapture.count(l -> ofFrontend(l, f)), "one line for " + f);
        }
        assertEquals(uniqueIdHeader(haproxyHeads), uniqueIdHeader(new ArrayList<>(received)),
            "the unique id sent to the server");
    }

    private static String uniqueIdHeader(final List<String> heads) {
        return heads.stream().flatMap(h -> h.lines()).filter(l -> l.toLowerCase().startsWith("x-unique-id:"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("none");
    }

    /** Whether {@code line} is the traffic line of {@code frontend} (each format names its frontend its own way). */
    private static boolean ofFrontend(final String line, final String frontend) {
        return switch (frontend) {
            case "custom" -> line.contains(" custom custom custom ");
            case "clf" -> line.contains(" \"clf\" \"clf\" ");
            case "asap" -> line.contains("] asap asap/");
            case "tasap" -> line.contains("] tasap tasap/");
            case "bad" -> line.startsWith("BAD ");
            default -> line.contains(" tcpf/s ");
        };
    }

    private static boolean listening(final int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.isConnected();
        } catch (final IOException e) {
            return false;
        }
    }
}
