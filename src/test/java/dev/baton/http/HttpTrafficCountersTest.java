package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.listener.Frontend;
import dev.baton.counters.Counter;
import dev.baton.stats.StatsCollector;
import dev.baton.stats.render.StatCsv;
import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What {@code show stat} counts of HTTP traffic: bytes in (from clients, on to servers) and out (to
 * clients) on the frontend, the backend and the server, and the backend's peak of concurrent streams
 * (smax). Before the server leg was shared with {@code mode tcp}, only tcp streams counted bytes.
 */
class HttpTrafficCountersTest {
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";

    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void bytesInAndOutAreCountedOnFrontendBackendAndServer() throws Exception {
        final BlockingServer b = rig.rawBackend("fixed", socket -> {
            final InputStream in = socket.getInputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                RawBackends.write(socket.getOutputStream(), RESPONSE);
            }
        });
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final String request = RawHttp.get("/");
        final int requestBytes = request.getBytes(StandardCharsets.ISO_8859_1).length;
        final RawHttp c = rig.client();

        assertEquals("hello", c.send(request).read().text());
        assertEquals("hello", c.send(request).read().text());

        final Frontend fe = rig.daemon().frontend("fe");
        final Backend be = rig.daemon().backend("fe");
        final Server s1 = rig.server("s1");
        await("both requests counted").atMost(Duration.ofSeconds(5))
            .until(() -> fe.counters().get(Counter.BYTES_IN) == 2L * requestBytes);
        final long out = RESPONSE.length() * 2L;
        assertEquals(out, fe.counters().get(Counter.BYTES_OUT), "frontend bout");
        assertEquals(2L * requestBytes, be.counters().get(Counter.BYTES_IN), "backend bin");
        assertEquals(out, be.counters().get(Counter.BYTES_OUT), "backend bout");
        assertEquals(2L * requestBytes, s1.counters().get(Counter.BYTES_IN), "server bin");
        assertEquals(out, s1.counters().get(Counter.BYTES_OUT), "server bout");
        assertEquals(1, be.maxConns(), "backend smax");
        // show stat's req_tot, at HAProxy 2.6's position 49: the frontend counts both requests
        final String csv = StatCsv.render(StatsCollector.collect(rig.daemon(), System.currentTimeMillis()), true);
        final String feRow = csv.lines().filter(l -> l.startsWith("fe,FRONTEND,")).findFirst().orElseThrow();
        assertEquals("2", feRow.split(",", -1)[49 - 1], feRow);
    }

    @Test
    void anAnswerMadeWithoutAServerCountsOnTheFrontendOnly() throws Exception {
        rig.start(HttpConfigs.listen(1, "http-request return status 200 content-type text/plain string hi",
            "server s1 127.0.0.1:9"));
        final String request = RawHttp.get("/");
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send(request).read();

        assertEquals("hi", r.text());
        final Frontend fe = rig.daemon().frontend("fe");
        await("counted").atMost(Duration.ofSeconds(5))
            .until(() -> fe.counters().get(Counter.BYTES_IN) == request.length());
        assertEquals(true, fe.counters().get(Counter.BYTES_OUT) > 2, "the answer's bytes");
        assertEquals(0, rig.server("s1").counters().get(Counter.BYTES_OUT), "no server was reached");
    }
}
