package dev.baton.stats.cli;

import dev.baton.support.DaemonProcess;
import dev.baton.support.ExternalTool;
import dev.baton.support.Sockets;
import dev.baton.testservers.HttpBackend;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code option contstats} side by side with HAProxy 2.6: byte counters grow while a stream is still open in the
 * frontend that has it, and only at the end in the one that does not. A mode tcp pair of frontends ({@code fc} with
 * the option, {@code fn} without) shares an echo backend; a mode http pair ({@code hc}, {@code hn}) shares a backend
 * serving a 4 MB body to a client that reads a few bytes of it and stops. HAProxy wakes such a stream at least every
 * 5 seconds to count (baton after every event), so the waits allow 10.
 *
 * <p>While open: {@code fc}, the echo backend and its server show the 1000 bytes each way, {@code fn} nothing; the
 * http frontend {@code hc} shows bytes out, {@code hn} none. After the clients close: every frontend shows its
 * stream's bytes once (the echo backend 2000 each way, counted once). Both processes stopped by their pid.
 */
class ContStatsSameAsHaproxyTest {
    private static final List<String> BYTES = List.of("bin", "bout");
    private static final int SENT = 1000;

    @TempDir
    Path dir;

    private static String config(final Path socket, final int[] ports, final int echo, final int web) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " mode 600 level admin",
            "defaults",
            "    timeout connect 2s",
            "    timeout client 30s",
            "    timeout server 30s",
            "frontend fc",
            "    mode tcp",
            "    option contstats",
            "    bind 127.0.0.1:" + ports[0],
            "    default_backend echo",
            "frontend fn",
            "    mode tcp",
            "    bind 127.0.0.1:" + ports[1],
            "    default_backend echo",
            "backend echo",
            "    mode tcp",
            "    server e1 127.0.0.1:" + echo,
            "frontend hc",
            "    mode http",
            "    option contstats",
            "    bind 127.0.0.1:" + ports[2],
            "    default_backend web",
            "frontend hn",
            "    mode http",
            "    bind 127.0.0.1:" + ports[3],
            "    default_backend web",
            "backend web",
            "    mode http",
            "    server w1 127.0.0.1:" + web,
            "");
    }

    private static String bytes(final Path socket, final String row) throws IOException {
        final Map<String, String> cells = CliClient.stat(socket, BYTES).get(row);
        return cells.get("bin") + "/" + cells.get("bout");
    }

    private static long bout(final Path socket, final String row) {
        try {
            final String v = CliClient.stat(socket, BYTES).get(row).get("bout");
            return v.isEmpty() ? 0 : Long.parseLong(v);
        } catch (final IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String safeBytes(final Path socket, final String row) {
        try {
            return bytes(socket, row);
        } catch (final IOException | RuntimeException e) {
            return "not answering";
        }
    }

    /** Echoes {@value #SENT} bytes on a connection to {@code port}, which stays open. */
    private static Socket echoed(final int port) throws IOException {
        final Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.getOutputStream().write(new byte[SENT]);
        final InputStream in = s.getInputStream();
        for (int got = 0; got < SENT; ) {
            final int n = in.read(new byte[SENT], 0, SENT - got);
            assertTrue(n > 0, "echo ended early");
            got += n;
        }
        return s;
    }

    /** A GET of the big body on a connection to {@code port}; reads a little of the answer and stops reading. */
    private static Socket stalledDownload(final int port) throws IOException {
        final Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.setReceiveBufferSize(4096);
        s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(s.getInputStream().read(new byte[16]) > 0, "no answer");
        return s;
    }

    /** The scenario on one process: what its counters showed while the streams were open, then after. */
    @SuppressWarnings("try") // the connections are only held open while the counters are read
    private static List<String> scenario(final Path socket, final int[] ports) throws Exception {
        final List<String> seen = new ArrayList<>();
        await("stats socket").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
            .until(() -> !safeBytes(socket, "fc/FRONTEND").equals("not answering"));
        try (Socket c = echoed(ports[0]); Socket n = echoed(ports[1]);
             Socket hc = stalledDownload(ports[2]); Socket hn = stalledDownload(ports[3])) {
            await("fc counted on the way").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> safeBytes(socket, "fc/FRONTEND").equals(SENT + "/" + SENT));
            await("hc counted on the way").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> bout(socket, "hc/FRONTEND") > 0);
            seen.add("open fc " + bytes(socket, "fc/FRONTEND") + " fn " + bytes(socket, "fn/FRONTEND") + " echo "
                + bytes(socket, "echo/BACKEND") + " e1 " + bytes(socket, "echo/e1") + " hc out>0 "
                + (bout(socket, "hc/FRONTEND") > 0) + " hn " + bytes(socket, "hn/FRONTEND"));
        }
        await("the ends counted").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
            .until(() -> safeBytes(socket, "fn/FRONTEND").equals(SENT + "/" + SENT)
                && bout(socket, "hn/FRONTEND") > 0);
        seen.add("closed fc " + bytes(socket, "fc/FRONTEND") + " fn " + bytes(socket, "fn/FRONTEND") + " echo "
            + bytes(socket, "echo/BACKEND") + " e1 " + bytes(socket, "echo/e1"));
        return seen;
    }

    @Test
    void bytesCountWhileTheStreamGoesOnOnlyWithContstats() throws Exception {
        ExternalTool.requireHaproxy();
        final Path hSocket = dir.resolve("h.sock");
        final Path bSocket = dir.resolve("b.sock");
        final int[] hPorts = {Sockets.unusedPort(), Sockets.unusedPort(), Sockets.unusedPort(), Sockets.unusedPort()};
        final int[] bPorts = {Sockets.unusedPort(), Sockets.unusedPort(), Sockets.unusedPort(), Sockets.unusedPort()};
        final List<String> expected = List.of(
            "open fc 1000/1000 fn 0/0 echo 1000/1000 e1 1000/1000 hc out>0 true hn 0/0",
            "closed fc 1000/1000 fn 1000/1000 echo 2000/2000 e1 2000/2000");
        Process haproxy = null;
        try (TcpEchoServer echo = TcpEchoServer.start("127.0.0.1", 0);
             HttpBackend web = HttpBackend.start(new HttpBackend.Options().name("w1").bodySize(4 << 20))) {
            final Path hc = Files.writeString(dir.resolve("h.cfg"), config(hSocket, hPorts, echo.port(), web.port()));
            final Path bc = Files.writeString(dir.resolve("b.cfg"), config(bSocket, bPorts, echo.port(), web.port()));
            haproxy = new ProcessBuilder("haproxy", "-db", "-f", hc.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.out").toFile()).start();
            assertEquals(expected, scenario(hSocket, hPorts), "HAProxy, as this test expects it");
            try (DaemonProcess baton = DaemonProcess.start(Files.createDirectories(dir.resolve("baton")), "-f",
                bc.toString())) {
                assertTrue(baton.pid() > 0);
                assertEquals(expected, scenario(bSocket, bPorts), "baton");
            }
        } finally {
            if (haproxy != null) {
                haproxy.destroy();
                haproxy.waitFor();
            }
        }
    }
}
