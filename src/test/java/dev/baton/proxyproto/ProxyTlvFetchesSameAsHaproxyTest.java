package dev.baton.proxyproto;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code fc_rcvd_proxy}, {@code fc_pp_authority} and {@code fc_pp_unique_id}, side by side with HAProxy 2.6: a v2
 * header carrying AUTHORITY and UNIQUE_ID TLVs, a v1 header (neither TLV), and a plain client of another bind.
 */
class ProxyTlvFetchesSameAsHaproxyTest {
    /** v2, PROXY, TCPv4 203.0.113.7:50000 -> 10.0.0.1:443, AUTHORITY "example.com", UNIQUE_ID "id-42". */
    private static final byte[] V2 = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "2111" + "0022"
        + "cb007107" + "0a000001" + "c350" + "01bb" + "02000b6578616d706c652e636f6d" + "0500056964" + "2d3432");
    private static final byte[] V1 = "PROXY TCP4 198.51.100.9 10.0.0.1 40000 80\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REQUEST = "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        .getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private static String config(final String global, final int[] ports) {
        return "global\n" + global + "defaults\n    mode http\n    timeout connect 1s\n    timeout client 5s\n"
            + "    timeout server 5s\n"
            + "frontend f\n    bind 127.0.0.1:" + ports[0] + " accept-proxy\n    bind 127.0.0.1:" + ports[1] + "\n"
            + "    http-request return status 200 content-type text/plain lf-string "
            + "\"%[fc_rcvd_proxy]|%[fc_pp_authority]|%[fc_pp_unique_id]|%[src]\"\n";
    }

    private static String body(final int port, final byte[] header) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(header);
            s.getOutputStream().write(REQUEST);
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            final InputStream in = s.getInputStream();
            final byte[] b = new byte[1024];
            for (int n = in.read(b); n >= 0; n = in.read(b)) {
                out.write(b, 0, n);
            }
            final String answer = out.toString(StandardCharsets.ISO_8859_1);
            return answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    private static List<String> run(final int[] ports) throws IOException {
        return List.of(body(ports[0], V2), body(ports[0], V1), body(ports[1], new byte[0]));
    }

    @Test
    @SuppressWarnings("try") // the processes are only closed: they are talked to through their ports
    void theHeadersTlvsAsHaproxyReadsThem() throws Exception {
        final int[] hPorts = {RunningDaemon.freePort(), RunningDaemon.freePort()};
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(dir, config("", hPorts), hPorts[1])) {
            fromHaproxy = run(hPorts);
        }
        final int[] bPorts = {RunningDaemon.freePort(), RunningDaemon.freePort()};
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config("    nbthread 1\n", bPorts))) {
            fromBaton = run(bPorts);
        }
        assertEquals("1|example.com|id-42|203.0.113.7", fromHaproxy.get(0), "HAProxy's own answer");
        assertEquals(fromHaproxy, fromBaton);
    }
}
