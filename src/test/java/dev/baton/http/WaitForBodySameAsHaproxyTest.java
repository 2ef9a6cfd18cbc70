package dev.baton.http;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code http-request wait-for-body} and {@code http-response wait-for-body} with the body fetches, in HAProxy 2.6
 * and in baton on the same configuration: requests whose body comes after the head (Content-Length and chunked, in
 * pieces), a body the rules deny, a form parameter, a body larger than {@code at-least}, a body that never ends
 * (408 after the rule's time, logged cR), a response whose body comes late, and one that comes too late for its
 * rule (504, sR). The same statuses, the same headers
 * the rules set from the bodies, and the body reaching the server byte for byte as the client sent it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WaitForBodySameAsHaproxyTest {
    @TempDir
    Path dir;
    private BodyServer server;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private static String config(final int port, final int serverPort) {
        return String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    option httplog",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    log stdout format raw local0",
            "    acl login req.body_param(user) -m found",
            "    http-request wait-for-body time 800ms at-least 1k if METH_POST",
            "    http-request deny if { req.body -m sub <script> }",
            "    http-request set-header x-len %[req.body_len]",
            "    http-request set-header x-size %[req.body_size]",
            "    http-request set-header x-user %[req.body_param(user)]",
            "    http-request set-header x-any %[req.body_param]",
            "    http-request set-header x-login yes if login",
            "    http-request set-header x-head %[req.body,bytes(0,12)]",
            "    http-request set-header x-crc %[req.body,crc32]",
            "    use_backend slow if { path /slowres }",
            "    default_backend be",
            "backend slow",
            "    http-response wait-for-body time 50ms",
            "    server s 127.0.0.1:" + serverPort,
            "backend be",
            "    http-response wait-for-body time 3s",
            "    http-response set-header x-res-len %[res.body_len]",
            "    http-response set-header x-res-size %[res.body_size]",
            "    http-response set-header x-res %[res.body]",
            "    server s 127.0.0.1:" + serverPort,
            "");
    }

    /** One exchange: the request in pieces (sent with a pause between them), what came back and what the server got. */
    private record Outcome(String status, List<String> responseHeaders, List<String> serverHeaders, byte[] serverBody) {
    }

    private static final byte[] FORM = "user=alice&pw=s3cret&x=1".getBytes(StandardCharsets.ISO_8859_1);

    private static byte[] repeat(final char c, final int n) {
        final byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static byte[] chunked(final byte[]... chunks) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final byte[] c : chunks) {
            out.writeBytes((Integer.toHexString(c.length) + ";ext=1\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes(c);
            out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** The requests: each a head and the body pieces sent after it. */
    private static List<byte[][]> requests() {
        final List<byte[][]> r = new ArrayList<>();
        r.add(post("Content-Length: " + FORM.length, FORM));                                  // whole form, late
        r.add(post("Content-Length: " + FORM.length, Arrays.copyOf(FORM, 8),
            Arrays.copyOfRange(FORM, 8, FORM.length)));                                      // in two pieces
        final byte[] form2 = "a=<script>&user=bob".getBytes(StandardCharsets.ISO_8859_1);
        r.add(post("Content-Length: " + form2.length, form2));                                // denied
        final byte[] body = chunked("user=carol&".getBytes(StandardCharsets.ISO_8859_1), "z=2".getBytes(
            StandardCharsets.ISO_8859_1));
        r.add(post("Transfer-Encoding: chunked", Arrays.copyOf(body, 9), Arrays.copyOfRange(body, 9, body.length)));
        final byte[] big = repeat('q', 3000);
        r.add(post("Content-Length: " + big.length, Arrays.copyOf(big, 1500), Arrays.copyOfRange(big, 1500, 3000)));
        r.add(new byte[][] {"GET /get HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(
            StandardCharsets.ISO_8859_1)});
        return r;
    }

    private static byte[][] post(final String framing, final byte[]... pieces) {
        final byte[][] all = new byte[pieces.length + 1][];
        all[0] = ("POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n" + framing
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(pieces, 0, all, 1, pieces.length);
        return all;
    }

    /** The body the client sent, as sent (framing included): what the server must receive. */
    private static byte[] sentBody(final byte[][] request) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i < request.length; i++) {
            out.writeBytes(request[i]);
        }
        return out.toByteArray();
    }

    private List<Outcome> run(final int port) throws Exception {
        final List<Outcome> out = new ArrayList<>();
        for (final byte[][] request : requests()) {
            out.add(exchange(port, request));
        }
        return out;
    }

    private Outcome exchange(final int port, final byte[][] request) throws Exception {
        final String response;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            final OutputStream o = s.getOutputStream();
            for (int i = 0; i < request.length; i++) {
                if (i > 0) {
                    Thread.sleep(150); // the client is slow: this piece comes later (not a synchronisation)
                }
                o.write(request[i]);
                o.flush();
            }
            response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        final String status = response.isEmpty() ? "" : response.substring(9, 12);
        final List<String> respHeaders = xHeaders(response.substring(0, Math.max(0, response.indexOf("\r\n\r\n"))));
        if (!status.equals("200")) {
            return new Outcome(status, List.of(), List.of(), null);
        }
        final BodyServer.Received got = server.received.poll(10, TimeUnit.SECONDS);
        assertNotNull(got, "the server got the request");
        return new Outcome(status, respHeaders, xHeaders(got.head()), got.body());
    }

    private static List<String> xHeaders(final String head) {
        return Arrays.stream(head.split("\r\n")).map(l -> l.toLowerCase(Locale.ROOT))
            .filter(l -> l.startsWith("x-")).toList();
    }

    @Test
    void sameRulesSameBodiesAsHaproxy() throws Exception {
        server = new BodyServer();
        final int hPort = RunningDaemon.freePort();
        final List<Outcome> fromHaproxy;
        final List<String> haproxyTimeout;
        try (HaproxyProcess h = HaproxyProcess.start(dir, config(hPort, server.port()), hPort)) {
            fromHaproxy = run(hPort);
            haproxyTimeout = timeout(hPort, client -> h.linesOf(client), SLOW_REQUEST);
            haproxyTimeout.addAll(timeout(hPort, client -> h.linesOf(client), SLOW_RESPONSE));
        }
        final int bPort = RunningDaemon.freePort();
        TrafficLogCapture.clear();
        final List<Outcome> fromBaton;
        final List<String> batonTimeout;
        final RunningDaemon baton = RunningDaemon.start(config(bPort, server.port()));
        try {
            fromBaton = run(bPort);
            final IntFunction<List<String>> lines =
                client -> TrafficLogCapture.lines(l -> l.startsWith("127.0.0.1:" + client + " ["));
            batonTimeout = timeout(bPort, lines, SLOW_REQUEST);
            batonTimeout.addAll(timeout(bPort, lines, SLOW_RESPONSE));
        } finally {
            baton.close();
        }
        final List<byte[][]> requests = requests();
        for (int i = 0; i < requests.size(); i++) {
            final Outcome h = fromHaproxy.get(i);
            final Outcome b = fromBaton.get(i);
            assertEquals(h.status(), b.status(), "status of request " + i);
            assertEquals(h.serverHeaders(), b.serverHeaders(), "headers the rules set, request " + i);
            assertEquals(h.responseHeaders(), b.responseHeaders(), "response headers, request " + i);
            if (h.serverBody() != null) {
                assertArrayEquals(sentBody(requests.get(i)), b.serverBody(), "the body as sent, request " + i);
                // HAProxy re-chunks a chunked body (its HTX keeps the data only): the same data
                assertArrayEquals(data(sentBody(requests.get(i))), data(h.serverBody()), "HAProxy, request " + i);
            }
        }
        assertEquals("403", fromBaton.get(2).status(), "the <script> body is denied");
        assertTrue(fromBaton.get(0).serverHeaders().contains("x-user: alice"), fromBaton.get(0).toString());
        assertTrue(fromBaton.get(3).serverHeaders().contains("x-user: carol"), fromBaton.get(3).toString());
        assertTrue(fromBaton.get(4).serverHeaders().contains("x-len: 1500"), "at-least 1k: the rules went on with "
            + "the first piece: " + fromBaton.get(4));
        assertTrue(fromBaton.get(0).responseHeaders().contains("x-res: hello world"), "the response waited for its "
            + "body: " + fromBaton.get(0));
        assertEquals(haproxyTimeout, batonTimeout);
    }

    /** The data of a body: de-chunked when it is chunked (it starts with a hex size and a line end). */
    private static byte[] data(final byte[] body) {
        final String text = new String(body, StandardCharsets.ISO_8859_1);
        if (!text.matches("(?s)[0-9a-fA-F]+(;[^\r]*)?\r\n.*")) {
            return body;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            final int eol = text.indexOf("\r\n", at);
            final String size = text.substring(at, eol);
            final int n = Integer.parseInt(size.contains(";") ? size.substring(0, size.indexOf(';')) : size, 16);
            if (n == 0) {
                return out.toByteArray();
            }
            out.write(body, eol + 2, n);
            at = eol + 2 + n + 2;
        }
    }

    private static final String SLOW_REQUEST = "POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nuser=a";
    private static final String SLOW_RESPONSE = "GET /slowres HTTP/1.1\r\nHost: x\r\n\r\n";

    /**
     * A body that stops coming (the request's, or the response's a moment longer than its rule waits): the status
     * and the log line's fields but the times and the client.
     */
    private List<String> timeout(final int port, final IntFunction<List<String>> linesOf, final String request)
        throws Exception {
        final int clientPort;
        final String status;
        try (Socket s = new Socket("127.0.0.1", port)) {
            clientPort = s.getLocalPort();
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            final String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            status = response.isEmpty() ? "" : response.substring(9, 12);
        }
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
            .until(() -> !linesOf.apply(clientPort).isEmpty());
        final String[] fields = linesOf.apply(clientPort).get(0).split(" ");
        // "... fe fe/<NOSRV> -1/-1/-1/-1/T 408 BYTES - - cR-- 1/1/0/0/0 0/0 "POST /slow HTTP/1.1""
        if (request == SLOW_RESPONSE) {
            server.received.poll(10, TimeUnit.SECONDS);
            return new ArrayList<>(List.of(status, fields[3], fields[5], fields[9],
                String.join(" ", Arrays.copyOfRange(fields, 12, fields.length))));
        }
        final long totalMs = Long.parseLong(fields[4].substring(fields[4].lastIndexOf('/') + 1));
        assertTrue(totalMs >= 800 && totalMs < 3000, "408 after the rule's time: " + fields[4]);
        return new ArrayList<>(List.of(status, fields[3], fields[4].substring(0, fields[4].lastIndexOf('/')),
            fields[5], fields[9], String.join(" ", Arrays.copyOfRange(fields, 12, fields.length))));
    }

    /**
     * A server that keeps each request's head and body bytes as received (Content-Length or chunked, framing
     * included) and answers 200 with a body sent a moment after its head. One connection at a time; closed by the test.
     */
    static final class BodyServer implements AutoCloseable {
        record Received(String head, byte[] body) {
        }

        final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
        private final ServerSocket socket;

        BodyServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            final Thread t = new Thread(this::serve, "body-server");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket s = socket.accept()) {
                    s.setSoTimeout(10_000);
                    final InputStream in = s.getInputStream();
                    final String head = line(in, "\r\n\r\n");
                    final String lower = head.toLowerCase(Locale.ROOT);
                    final ByteArrayOutputStream body = new ByteArrayOutputStream();
                    if (lower.contains("transfer-encoding: chunked")) {
                        while (true) {
                            final String size = line(in, "\r\n");
                            body.writeBytes(size.getBytes(StandardCharsets.ISO_8859_1));
                            final int n = Integer.parseInt(size.substring(0, size.indexOf(';') > 0
                                ? size.indexOf(';') : size.length() - 2).trim(), 16);
                            if (n == 0) {
                                body.writeBytes(line(in, "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                                break;
                            }
                            body.writeBytes(in.readNBytes(n + 2));
                        }
                    } else {
                        final int at = lower.indexOf("content-length: ");
                        if (at >= 0) {
                            final int n = Integer.parseInt(lower.substring(at + 16, lower.indexOf('\r', at)).trim());
                            body.writeBytes(in.readNBytes(n));
                        }
                    }
                    received.add(new Received(head, body.toByteArray()));
                    final OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    Thread.sleep(200); // the body comes a moment after the head (not a synchronisation)
                    out.write("hello world".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (final IOException | RuntimeException e) {
                    // the connection ended; accept the next one
                } catch (final InterruptedException e) {
                    return;
                }
            }
        }

        /** The bytes up to and including {@code end}, as text. */
        private static String line(final InputStream in, final String end) throws IOException {
            final StringBuilder sb = new StringBuilder();
            while (!sb.toString().endsWith(end)) {
                final int c = in.read();
                if (c < 0) {
                    throw new IOException("closed");
                }
                sb.append((char) c);
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
