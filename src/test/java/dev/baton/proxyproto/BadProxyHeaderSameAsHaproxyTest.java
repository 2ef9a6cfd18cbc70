package dev.baton.proxyproto;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.BlockingServer;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HAProxy 2.6 and the daemon on the same {@code accept-proxy} frontends (http with httplog, the same with
 * {@code option dontlognull}, tcp with tcplog), each sent what is not a valid PROXY header: an HTTP request, nothing
 * at all, an unknown v1 protocol, a v2 header whose CRC32C is wrong, and silence until {@code timeout client}. Both
 * close the connection without a byte of answer (no 400), never contact the server, and log the same line (compared
 * without the client port and the date), or none under {@code dontlognull} for a client that sent nothing; the line
 * of a v2 header refused for a TLV names the header's source, which HAProxy had already taken.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadProxyHeaderSameAsHaproxyTest {
    private static final byte[] HTTP = "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NOTHING = new byte[0];
    /** Nothing sent and the connection left open: {@code timeout client} ends it. */
    private static final byte[] SILENCE = new byte[0];
    private static final byte[] UDP = "PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n".getBytes(StandardCharsets.US_ASCII);
    /** v2, PROXY, TCPv4 203.0.113.7:50000 -> 10.0.0.1:443, a CRC32C TLV holding a wrong sum. */
    private static final byte[] BAD_CRC = HexFormat.of().parseHex(
        "0d0a0d0a000d0a515549540a" + "2111" + "0013" + "cb007107" + "0a000001" + "c350" + "01bb" + "030004"
            + "deadbeef");

    @TempDir
    Path dir;

    private static String config(final String global, final int[] ports, final int serverPort) {
        return "global\n" + global + "defaults\n    log global\n    timeout connect 1s\n    timeout client 1s\n"
            + "    timeout server 5s\n"
            + "listen hplain\n    mode http\n    option httplog\n    bind 127.0.0.1:" + ports[0] + " accept-proxy\n"
            + "    server s 127.0.0.1:" + serverPort + "\n"
            + "listen hnull\n    mode http\n    option httplog\n    option dontlognull\n    bind 127.0.0.1:"
            + ports[1] + " accept-proxy\n    server s 127.0.0.1:" + serverPort + "\n"
            + "listen tplain\n    mode tcp\n    option tcplog\n    bind 127.0.0.1:" + ports[2] + " accept-proxy\n"
            + "    server s 127.0.0.1:" + serverPort + "\n";
    }

    /** The cases: frontend index and what the client sends before closing its side. */
    private static final int[] FRONTEND = {0, 0, 1, 1, 2, 2, 0};
    private static final byte[][] SENT = {HTTP, NOTHING, NOTHING, HTTP, UDP, BAD_CRC, SILENCE};
    private static final String[] NAMES = {"hplain", "hnull", "tplain"};

    /**
     * Runs every case against {@code ports}; once the four that log have their lines in {@code linesOf} (by client
     * port), what each case saw: the bytes answered and its line without client port and date, or "none".
     */
    private static List<String> run(final int[] ports, final Function<String, List<String>> linesOf)
        throws IOException {
        final String[] prefixes = new String[SENT.length];
        final int[] answered = new int[SENT.length];
        for (int i = 0; i < SENT.length; i++) {
            try (Socket s = new Socket("127.0.0.1", ports[FRONTEND[i]])) {
                s.setSoTimeout(5000);
                // HAProxy has taken a v2 header's addresses before it finds a TLV wrong: it logs those
                prefixes[i] = (SENT[i] == BAD_CRC ? "203.0.113.7:50000" : "127.0.0.1:" + s.getLocalPort()) + " [";
                s.getOutputStream().write(SENT[i]);
                if (SENT[i] == NOTHING) {
                    s.shutdownOutput();
                }
                answered[i] = drain(s.getInputStream());
            }
        }
        await("the lines of the logged cases").atMost(Duration.ofSeconds(10)).until(() ->
            !linesOf.apply(prefixes[0]).isEmpty() && !linesOf.apply(prefixes[1]).isEmpty()
                && !linesOf.apply(prefixes[3]).isEmpty() && !linesOf.apply(prefixes[5]).isEmpty()
                && !linesOf.apply(prefixes[6]).isEmpty());
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < SENT.length; i++) {
            final List<String> lines = linesOf.apply(prefixes[i]);
            out.add(NAMES[FRONTEND[i]] + " answered " + answered[i] + ": " + (lines.isEmpty() ? "none"
                : lines.get(0).replaceFirst("^127\\.0\\.0\\.1:\\d+ ", "").replaceFirst("\\[[^]]+] ", "")));
        }
        return out;
    }

    /** Reads until the peer closes (or resets); the bytes it sent. */
    private static int drain(final InputStream in) {
        int total = 0;
        try {
            int n;
            final byte[] b = new byte[1024];
            while ((n = in.read(b)) >= 0) {
                total += n;
            }
        } catch (final IOException e) {
            // a reset ends it too
        }
        return total;
    }

    @Test
    void badHeadersAreClosedAndLoggedAsHaproxyDoes() throws Exception {
        final List<String> fromHaproxy;
        final int[] hPorts = {RunningDaemon.freePort(), RunningDaemon.freePort(), RunningDaemon.freePort()};
        try (BlockingServer server = BlockingServer.start("never", BlockingServer.silent())) {
            try (HaproxyProcess haproxy = HaproxyProcess.start(dir, config("    log stdout format raw local0 info\n", hPorts,
                server.port()), "127.0.0.1", hPorts[2])) {
                fromHaproxy = run(hPorts, prefix -> haproxy.lines().stream().filter(l -> l.startsWith(prefix))
                    .toList());
            }
            TrafficLogCapture.clear();
            final int[] bPorts = {RunningDaemon.freePort(), RunningDaemon.freePort(), RunningDaemon.freePort()};
            final List<String> fromBaton;
            try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1\n", bPorts, server.port()))) {
                fromBaton = run(bPorts, prefix -> TrafficLogCapture.lines(l -> l.startsWith(prefix)));
                baton.awaitAtRest();
            }
            assertEquals(List.of(
                "hplain answered 0: hplain/1: Received something which does not look like a PROXY protocol header",
                "hplain answered 0: hplain/1: Connection closed while waiting for PROXY protocol header",
                "hnull answered 0: none",
                "hnull answered 0: hnull/1: Received something which does not look like a PROXY protocol header",
                "tplain answered 0: tplain/1: Received an unhandled protocol in the PROXY protocol header",
                "tplain answered 0: 203.0.113.7:50000 tplain/1: Received an invalid PROXY protocol header",
                "hplain answered 0: hplain/1: Timeout while waiting for PROXY protocol header"), fromHaproxy,
                "HAProxy's own outcomes (the scenario is what the test thinks it is)");
            assertEquals(fromHaproxy, fromBaton);
            assertEquals(0, server.accepted(), "no server was contacted, by either");
        }
    }
}
