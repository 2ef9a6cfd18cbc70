package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.counters.Counter;
import dev.baton.listener.Frontend;
import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How HTTP responses count by status class, as HAProxy 2.6 counts them: a server counts every response head it sends
 * (an interim 100 Continue too, in {@code hrsp_1xx} and its {@code req_tot}: HAProxy's http_wait_for_response), the
 * frontend and the backend only the final status of each request; the session rate and last session of the server
 * follow its sessions.
 */
class ResponseClassCountersTest {
    private static final String INTERIM_THEN_FINAL = "HTTP/1.1 100 Continue\r\n\r\n"
        + "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnone";

    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void aServerCountsItsInterimResponseTheFrontendAndBackendTheFinalOne() throws Exception {
        final BlockingServer b = rig.rawBackend("interim", socket -> {
            final InputStream in = socket.getInputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                RawBackends.write(socket.getOutputStream(), INTERIM_THEN_FINAL);
            }
        });
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port()), HttpConfigs.server("s2", b.port())
            + " disabled"));
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send(RawHttp.get("/")).read();

        assertEquals(100, r.status, "the interim response comes first");
        assertEquals(404, c.read().status);
        final Frontend fe = rig.daemon().frontend("fe");
        final Backend be = rig.daemon().backend("fe");
        final Server s1 = rig.server("s1");
        await("the request ended").atMost(Duration.ofSeconds(5))
            .until(() -> fe.counters().get(Counter.HRSP_4XX) == 1);
        assertEquals(0, fe.counters().get(Counter.HRSP_1XX), "the frontend counts the final status only");
        assertEquals(1, fe.counters().get(Counter.REQUESTS));
        assertEquals(1, be.counters().get(Counter.HRSP_4XX));
        assertEquals(0, be.counters().get(Counter.HRSP_1XX));
        assertEquals(1, be.counters().get(Counter.REQUESTS));
        assertEquals(1, s1.counters().get(Counter.HRSP_1XX), "the server's interim response");
        assertEquals(1, s1.counters().get(Counter.HRSP_4XX));
        assertEquals(2, s1.counters().get(Counter.REQUESTS), "a request count per response head, as HAProxy's");
        final long now = System.nanoTime();
        final long since = s1.sessionRate().secondsSinceLast(now);
        assertTrue(since >= 0 && since <= 2, "lastsess: whole seconds since the session, a boundary or two passed: "
            + since);
        assertTrue(s1.sessionRate().max() >= 1, "rate_max");
        assertEquals(-1, rig.server("s2").sessionRate().secondsSinceLast(now), "never a session");
        assertTrue(fe.connRate().max() >= 1 && fe.requestRate().max() >= 1 && fe.sessionRate().max() >= 1);
    }
}
