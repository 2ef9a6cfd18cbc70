package dev.baton.proxyproto;

import dev.baton.support.HaproxyProcess;
import dev.baton.config.SendProxy;
import dev.baton.support.BlockingServer;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bytes of the PROXY headers the daemon sends, next to those HAProxy 2.6 sends on the same configuration, as
 * servers that record what comes before a {@code PING} line see them: on a {@code mode tcp} stream with
 * {@code send-proxy} and with {@code send-proxy-v2} and every option HAProxy has without TLS on the client side
 * ({@code crc32c}, {@code ssl}, {@code cert-cn}, {@code unique-id}, {@code authority}), and on health checks (a
 * {@code tcp-check} sending PING): with {@code send-proxy} (a v1 line with the check's own addresses), with
 * {@code send-proxy-v2} (v2 LOCAL, with the option TLVs), with {@code send-proxy} and a check {@code port} (nothing,
 * unless {@code check-send-proxy}) and with {@code check-send-proxy} alone (a v1 line). Addresses and ports that
 * differ between the two runs are masked; all else is compared byte for byte (CRC32C included, where it covers
 * the same bytes).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SentHeaderSameAsHaproxyTest {
    private static final String ALL_OPTIONS = "crc32c,ssl,cert-cn,unique-id,authority";
    private static final String[] CASES = {"tcp-v1", "tcp-v2", "chk-v1", "chk-v2", "chk-port", "chk-port-forced",
        "chk-only"};

    @TempDir
    Path dir;

    /** Records what the first connection sent before {@code PING\r\n}, answers {@code +PONG}. */
    private static final class Capture implements BlockingServer.Handler {
        final AtomicReference<byte[]> first = new AtomicReference<>();

        @Override
        public void handle(final Socket socket) throws Exception {
            final InputStream in = socket.getInputStream();
            final ByteArrayOutputStream got = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                got.write(c);
                final byte[] b = got.toByteArray();
                if (b.length >= 6 && new String(b, b.length - 6, 6, StandardCharsets.ISO_8859_1).equals("PING\r\n")) {
                    first.compareAndSet(null, Arrays.copyOf(b, b.length - 6));
                    socket.getOutputStream().write("+PONG\r\n".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    break;
                }
            }
            while (in.read() >= 0) {
                // until the peer closes
            }
        }
    }

    /** One side's run: capture servers per case, the frontends' ports. */
    private record Side(Map<String, BlockingServer> servers, Map<String, Capture> captures, int v1, int v2) {
        static Side open() throws Exception {
            final Map<String, BlockingServer> servers = new LinkedHashMap<>();
            final Map<String, Capture> captures = new LinkedHashMap<>();
            for (final String name : CASES) {
                final Capture c = new Capture();
                captures.put(name, c);
                servers.put(name, BlockingServer.start(name, c));
            }
            return new Side(servers, captures, RunningDaemon.freePort(), RunningDaemon.freePort());
        }

        int port(final String name) {
            return servers.get(name).port();
        }

        void close() {
            servers.values().forEach(BlockingServer::close);
        }

        String config(final String listenHost) {
            final String checks = "    option tcp-check\n    tcp-check send PING\\r\\n\n"
                + "    tcp-check expect string +PONG\n";
            return "defaults\n    mode tcp\n    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
                + "    timeout check 2s\n"
                + "listen tv1\n    bind " + listenHost + ":" + v1 + "\n    server s 127.0.0.1:" + port("tcp-v1")
                + " send-proxy\n"
                + "listen tv2\n    bind " + listenHost + ":" + v2 + "\n    server s 127.0.0.1:" + port("tcp-v2")
                + " send-proxy-v2 proxy-v2-options " + ALL_OPTIONS + "\n"
                + "backend cv1\n" + checks + "    server s 127.0.0.1:" + port("chk-v1")
                + " send-proxy check inter 300ms\n"
                + "backend cv2\n" + checks + "    server s 127.0.0.1:" + port("chk-v2") + " send-proxy-v2"
                + " proxy-v2-options crc32c,ssl check inter 300ms\n"
                + "backend cport\n" + checks + "    server s 127.0.0.1:1 send-proxy check inter 300ms port "
                + port("chk-port") + "\n"
                + "backend cportforced\n" + checks + "    server s 127.0.0.1:1 send-proxy check inter 300ms"
                + " check-send-proxy port " + port("chk-port-forced") + "\n"
                + "backend conly\n" + checks + "    server s 127.0.0.1:" + port("chk-only")
                + " check check-send-proxy inter 300ms\n";
        }

        /** Sends PING through both tcp frontends from 127.0.0.2, waits for every capture; the masked headers. */
        Map<String, String> collect(final String host) throws Exception {
            for (final int port : new int[] {v1, v2}) {
                try (Socket s = Clients.connect("127.0.0.2", host, port)) {
                    s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertEquals("+PONG", new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
                }
            }
            await("every server's first connection").atMost(Duration.ofSeconds(15))
                .until(() -> captures.values().stream().allMatch(c -> c.first.get() != null));
            final Map<String, String> out = new LinkedHashMap<>();
            captures.forEach((name, c) -> out.put(name, masked(c.first.get())));
            return out;
        }
    }

    /**
     * A v1 line with its ports and destination masked, a v2 header in hex with its address block and CRC32C masked
     * (after checking that it parses: its CRC32C is right), or the text of anything else.
     */
    static String masked(final byte[] header) {
        if (header.length >= 16 && header[0] == 0x0D) {
            final ProxyHeaderParser p = new ProxyHeaderParser(16_384);
            assertEquals(header.length, p.parse(ByteBuffer.wrap(header), header.length), "a whole, valid v2 header");
            final String hex = HexFormat.of().formatHex(header);
            final boolean inet = header[13] == 0x11;
            String out = inet ? hex.substring(0, 32) + "<addresses>" + hex.substring(56) : hex;
            final int crc = out.indexOf("030004");
            if (crc >= 0) {
                out = out.substring(0, crc + 6) + "<crc>" + out.substring(crc + 14);
            }
            return out;
        }
        return new String(header, StandardCharsets.ISO_8859_1)
            .replaceFirst("^PROXY TCP4 127\\.0\\.0\\.(\\d) 127\\.0\\.0\\.\\d \\d+ \\d+\r\n$",
                "PROXY TCP4 127.0.0.$1 DST SPORT DPORT\\\\r\\\\n");
    }

    @Test
    void headersOnStreamsAndChecksAreHaproxys() throws Exception {
        final Side h = Side.open();
        final Map<String, String> fromHaproxy;
        try (HaproxyProcess haproxy = HaproxyProcess.start(dir, h.config("127.0.0.3"), "127.0.0.3", h.v2)) {
            fromHaproxy = h.collect("127.0.0.3");
            // and the writer, given what HAProxy's v2 header said, writes it again byte for byte
            final byte[] v2 = h.captures.get("tcp-v2").first.get();
            final ProxyHeaderParser p = new ProxyHeaderParser(16_384);
            assertEquals(v2.length, p.parse(ByteBuffer.wrap(v2), v2.length), () -> "HAProxy: " + haproxy.lines());
            final ByteBuffer out = ByteBuffer.allocate(ProxyLineWriter.MAX_LENGTH);
            final int n = ProxyLineWriter.write(out, new SendProxy(SendProxy.V2 | SendProxy.CRC32C | SendProxy.SSL
                | SendProxy.CERT_CN | SendProxy.UNIQUE_ID | SendProxy.AUTHORITY, false), p.source(), p.destination(),
                false, null, new byte[0]);
            assertArrayEquals(v2, Arrays.copyOf(out.array(), n));
        } finally {
            h.close();
        }
        final Side b = Side.open();
        final Map<String, String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start("global\n    nbthread 1\n" + b.config("127.0.0.1"))) {
            fromBaton = b.collect("127.0.0.1");
            baton.awaitAtRest();
        } finally {
            b.close();
        }
        assertEquals("PROXY TCP4 127.0.0.2 DST SPORT DPORT\\r\\n", fromHaproxy.get("tcp-v1"),
            "HAProxy's own (the scenario is what the test thinks it is)");
        assertEquals("PROXY TCP4 127.0.0.1 DST SPORT DPORT\\r\\n", fromHaproxy.get("chk-v1"));
        assertEquals("", fromHaproxy.get("chk-port"));
        assertEquals(fromHaproxy, fromBaton);
    }
}
