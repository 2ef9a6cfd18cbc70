package dev.baton.proxyproto;

import dev.baton.support.BlockingServer;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients writing their own PROXY headers to {@code accept-proxy} frontends: the header and the request in one
 * write (the bytes after the header reach the stream), the header one byte per write (split over reads), a v2
 * {@code LOCAL} header (the real addresses stay), and mode tcp, where the bytes after the header are forwarded.
 * The header's addresses show in the log line, {@code X-Forwarded-For}, {@code X-Original-To} and an ACL on
 * {@code src}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AcceptProxyRawClientTest {
    private static final byte[] REQUEST = "GET /r HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);

    private static byte[] concat(final byte[] a, final byte[] b) {
        final byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Writes {@code bytes} in one write, or one byte per write; the response's body. */
    private static String exchange(final int port, final byte[] bytes, final boolean byteByByte) throws Exception {
        try (Socket s = Clients.connect("127.0.0.1", "127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            final OutputStream out = s.getOutputStream();
            if (byteByByte) {
                for (final byte b : bytes) {
                    out.write(b);
                    out.flush();
                }
            } else {
                out.write(bytes);
            }
            final String head = Clients.head(s.getInputStream());
            return head + new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void theHeadersAddressesReachLogsHeadersAndAcls() throws Exception {
        final int http = RunningDaemon.freePort();
        final int tcp = RunningDaemon.freePort();
        TrafficLogCapture.clear();
        try (BlockingServer backend = BlockingServer.start("echo", Clients.addressEcho());
             BlockingServer echo = BlockingServer.start("tcp-echo", BlockingServer.echo());
             RunningDaemon baton = RunningDaemon.start("global\n    nbthread 1\ndefaults\n    log global\n"
                 + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
                 + "frontend h\n    mode http\n    option httplog\n    bind 127.0.0.1:" + http + " accept-proxy\n"
                 + "    option forwardfor\n    option originalto except 10.0.0.0/8\n"
                 + "    acl proxied src 192.0.2.0/24\n    http-request deny deny_status 403 if !proxied\n"
                 + "    default_backend echo\n"
                 + "frontend t\n    mode tcp\n    bind 127.0.0.1:" + tcp + " accept-proxy\n    default_backend e\n"
                 + "backend echo\n    mode http\n    option http-server-close\n    server s 127.0.0.1:" + backend.port()
                 + "\n"
                 + "backend e\n    mode tcp\n    server s 127.0.0.1:" + echo.port() + "\n")) {
            final byte[] v1 = ascii("PROXY TCP4 192.0.2.9 198.51.100.1 4242 8443\r\n");
            String r = exchange(http, concat(v1, REQUEST), false);
            assertTrue(r.startsWith("HTTP/1.1 200"), r);
            assertTrue(r.endsWith("\r\n\r\nxff=192.0.2.9 xot=198.51.100.1"), r);
            final String line = TrafficLogCapture.awaitLine("of the proxied client", l -> l.contains("GET /r "));
            assertTrue(line.startsWith("192.0.2.9:4242 ["), line);

            r = exchange(http, concat(v1, REQUEST), true);
            assertTrue(r.startsWith("HTTP/1.1 200"), "split over reads: " + r);

            final byte[] local = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "2000" + "0000");
            r = exchange(http, concat(local, REQUEST), false);
            assertTrue(r.startsWith("HTTP/1.1 403"), "LOCAL keeps 127.0.0.1, outside the ACL's network: " + r);

            try (Socket s = Clients.connect("127.0.0.1", "127.0.0.1", tcp)) {
                s.getOutputStream().write(concat(ascii("PROXY UNKNOWN\r\n"), ascii("hello")));
                s.shutdownOutput();
                assertEquals("hello", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII),
                    "mode tcp: what follows the header is forwarded, the header is not");
            }
            backend.assertNoFailure();
            baton.awaitAtRest();
        }
    }

    /** {@code balance source} hashes the header's source: one source, one server, whatever the real client port. */
    @Test
    void balanceSourceUsesTheHeadersSource() throws Exception {
        final int http = RunningDaemon.freePort();
        try (BlockingServer one = BlockingServer.start("one", Clients.named("one"));
             BlockingServer two = BlockingServer.start("two", Clients.named("two"));
             RunningDaemon baton = RunningDaemon.start("global\n    nbthread 1\ndefaults\n    mode http\n"
                 + "    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
                 + "frontend h\n    bind 127.0.0.1:" + http + " accept-proxy\n    default_backend b\n"
                 + "backend b\n    balance source\n    option http-server-close\n"
                 + "    server one 127.0.0.1:" + one.port() + "\n    server two 127.0.0.1:" + two.port() + "\n")) {
            final java.util.Set<String> first = new java.util.HashSet<>();
            for (int i = 0; i < 4; i++) {
                first.add(body(exchange(http, concat(ascii("PROXY TCP4 192.0.2.9 198.51.100.1 " + (1000 + i)
                    + " 80\r\n"), REQUEST), false)));
            }
            assertEquals(1, first.size(), "one source, one server: " + first);
            final java.util.Set<String> all = new java.util.HashSet<>();
            for (int i = 1; i <= 16; i++) {
                all.add(body(exchange(http, concat(ascii("PROXY TCP4 192.0.2." + i + " 198.51.100.1 1000 80\r\n"),
                    REQUEST), false)));
            }
            assertEquals(java.util.Set.of("one", "two"), all, "sixteen sources spread over both servers");
            baton.awaitAtRest();
        }
    }

    private static String body(final String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
}
