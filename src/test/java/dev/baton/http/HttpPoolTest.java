package dev.baton.http;

import dev.baton.pool.ServerPool;
import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idle pool's server settings through real traffic: {@code pool-max-conn} caps the idle connections
 * kept after a burst, {@code pool-purge-delay} lets the purge close the excess a half at a time once the
 * load is gone, {@code max-reuse} bounds the requests one connection carries.
 */
class HttpPoolTest {
    private static final int BURST = 10;

    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    /**
     * {@link #BURST} clients at once, each with one slow request, so that every request needs its own server
     * connection (they are first requests: http-reuse safe opens a new connection for each).
     */
    private void burst() throws Exception {
        final List<RawHttp> clients = new ArrayList<>();
        for (int i = 0; i < BURST; i++) {
            clients.add(rig.client().send(RawHttp.get("/delay/300")));
        }
        for (final RawHttp c : clients) {
            assertEquals(200, c.read().status);
        }
    }

    @Test
    void poolMaxConnCapsWhatIsKeptAfterABurst() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port(), "pool-max-conn 2")));

        burst();

        assertEquals(BURST, b.connectionsAccepted());
        await("idle connections settle at pool-max-conn").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(2, rig.pool("s1").currIdleConns());
            assertEquals(2, b.openConnections(), "the others were closed");
            rig.assertPoolsConsistent();
        });
    }

    @Test
    void thePurgeClosesTheExcessOverSeveralPeriods() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port(), "pool-purge-delay 200ms")));
        final ServerPool pool = rig.pool("s1");

        burst();
        await().atMost(Duration.ofSeconds(2)).until(() -> pool.currIdleConns() == BURST);

        // The need estimate (10, the burst) decays by half each period once the load is gone; each period
        // closes half of the excess over it, oldest first: 10, 10, 6, 3, 1, 0 or so, never all at once.
        final List<Integer> seen = new CopyOnWriteArrayList<>();
        await("the purge empties the pool").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
            .until(() -> {
                final int idle = pool.currIdleConns();
                if (seen.isEmpty() || seen.get(seen.size() - 1) != idle) {
                    seen.add(idle);
                }
                return idle == 0;
            });
        System.out.println("idle connections seen while purging every 200 ms: " + seen);
        assertTrue(seen.size() >= 4, "shrank over several periods, not at once: " + seen);
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i) < seen.get(i - 1), "only ever shrinks: " + seen);
            assertTrue(seen.get(i - 1) - seen.get(i) <= (seen.get(i - 1) + 1) / 2 + 1,
                "at most half (and this reactor's +1) per period: " + seen);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> b.openConnections() == 0);
    }

    @Test
    void maxReuseBoundsTheRequestsOfOneConnection() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port(), "max-reuse 3")));
        final RawHttp c = rig.client();

        final List<String> served = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            final RawHttp.Response r = c.send(RawHttp.get("/")).read();
            served.add(r.header("X-Conn-Id") + "." + r.header("X-Req-Num"));
        }

        assertEquals(List.of("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3"), served,
            "connection.request: each connection carries 3 requests, then the next is opened");
    }

    @Test
    void maxReuseZeroMeansOneRequestPerConnection() throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port(), "max-reuse 0")));
        final RawHttp c = rig.client();

        for (int i = 1; i <= 4; i++) {
            final RawHttp.Response r = c.send(RawHttp.get("/")).read();
            assertEquals(i + ".1", r.header("X-Conn-Id") + "." + r.header("X-Req-Num"));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> b.openConnections() == 0);
    }
}
