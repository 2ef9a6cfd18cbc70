package dev.baton.http;

import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-reuse} as HAProxy's reg-tests {@code reg-tests/connection/http_reuse_*.vtc} define it: one
 * server with {@code pool-max-conn 1}, three clients c1, c2, c3 one after the other, each on its own client
 * connection; the server's connection id ({@code X-Conn-Id}, 1 for the first connection it accepted) tells
 * which server connection carried each request. Run on one reactor and on two (connections then also move
 * between reactors by takeover).
 */
class HttpReuseModesTest {
    private final HttpRig rig = new HttpRig();
    private HttpBackend backend;

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private void start(final int nbthread, final String reuse) throws Exception {
        backend = rig.backend(new HttpBackend.Options().name("s1"));
        rig.start(HttpConfigs.listen(nbthread, reuse, HttpConfigs.server("s1", backend.port(), "pool-max-conn 1")));
    }

    /** Sends {@code requests} GETs one after the other on a new client connection; the X-Conn-Id of each. */
    private List<Integer> client(final int requests) throws Exception {
        final List<Integer> ids = new ArrayList<>();
        try (RawHttp c = rig.client()) {
            for (int i = 0; i < requests; i++) {
                final RawHttp.Response r = c.send(RawHttp.get("/")).read();
                assertEquals(200, r.status, r.toString());
                ids.add(Integer.parseInt(r.header("X-Conn-Id")));
            }
        }
        return ids;
    }

    @ParameterizedTest(name = "nbthread {0}")
    @ValueSource(ints = {1, 2})
    void neverKeepsEachClientOnItsOwnConnection(final int nbthread) throws Exception {
        start(nbthread, "http-reuse never");

        assertEquals(List.of(1, 1, 1), client(3), "c1");
        assertEquals(List.of(2, 2, 2), client(3), "c2: its own connection, not c1's");
        assertEquals(List.of(3, 3, 3), client(3), "c3: its own connection");
        assertEquals(3, backend.connectionsAccepted());
        assertEquals(0, rig.pool("s1").currIdleConns(), "private connections are never pooled");
    }

    @ParameterizedTest(name = "nbthread {0}")
    @ValueSource(ints = {1, 2})
    void safeOpensAConnectionForEachFirstRequestThenReusesThePooledOne(final int nbthread) throws Exception {
        start(nbthread, "http-reuse safe");

        assertEquals(List.of(1, 1, 1), client(3), "c1 opens connection 1 and keeps reusing it");
        assertEquals(List.of(2, 1, 1), client(3), "c2's first request opens 2 (not kept: pool-max-conn 1), then 1");
        assertEquals(List.of(3, 1, 1), client(3), "c3 likewise");
        assertEquals(3, backend.connectionsAccepted());
    }

    @ParameterizedTest(name = "nbthread {0}")
    @ValueSource(ints = {1, 2})
    void aggressiveGivesFirstRequestsOnlyProvenConnections(final int nbthread) throws Exception {
        start(nbthread, "http-reuse aggressive");

        assertEquals(List.of(1), client(1), "c1: connection 1 has served one request, it is not safe yet");
        assertEquals(List.of(2, 1), client(2), "c2's first opens 2; its second reuses 1, which becomes safe");
        assertEquals(List.of(1, 1), client(2), "c3's first request reuses the safe connection");
        assertEquals(2, backend.connectionsAccepted());
    }

    @ParameterizedTest(name = "nbthread {0}")
    @ValueSource(ints = {1, 2})
    void alwaysReusesForEveryRequestAfterTheFirstConnection(final int nbthread) throws Exception {
        start(nbthread, "http-reuse always");

        assertEquals(List.of(1), client(1), "bootstrap");
        assertEquals(List.of(1, 1), client(2), "c2's first request reuses connection 1 too");
        assertEquals(List.of(1, 1), client(2), "c3 likewise");
        assertEquals(1, backend.connectionsAccepted());
    }
}
