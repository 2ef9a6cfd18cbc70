package dev.baton.http;

import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * A 401 with {@code WWW-Authenticate: NTLM} authenticates the server connection, not the request: the
 * connection becomes private to the client session (HAProxy's {@code http_wait_for_response}). The same
 * client's next requests go to the same server over the same connection; no other client ever gets it.
 */
class HttpNtlmTest {
    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private static String connId(final RawHttp c, final String path) throws Exception {
        final RawHttp.Response r = c.send(RawHttp.get(path)).read();
        return r.header("X-Server") + "/" + r.header("X-Conn-Id");
    }

    @Test
    void theAuthenticatedConnectionStaysWithItsClient() throws Exception {
        final BlockingServer s1 = rig.rawBackend("ntlm", RawBackends.ntlm("s1"));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", s1.port())));
        final RawHttp a = rig.client();
        final RawHttp.Response challenge = a.send(RawHttp.get("/ntlm")).read();
        assertEquals(401, challenge.status);
        assertEquals("NTLM TlRMTVNTUAACAAAADAAMADgAAAA=", challenge.header("WWW-Authenticate"));
        final String authenticated = "s1/" + challenge.header("X-Conn-Id");

        final RawHttp b = rig.client();
        for (int i = 0; i < 3; i++) {
            assertEquals(authenticated, connId(a, "/"), "client a, request " + (i + 2));
            assertNotEquals(authenticated, connId(b, "/"), "client b, request " + (i + 1));
        }
        await("b's connection parked").atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertEquals(1, rig.pool("s1").currIdleConns(), "only b's connection is pooled, never a's");
            rig.assertPoolsConsistent();
        });
    }

    @Test
    void theClientSticksToTheServerThatAuthenticatedIt() throws Exception {
        final BlockingServer s1 = rig.rawBackend("ntlm1", RawBackends.ntlm("s1"));
        final BlockingServer s2 = rig.rawBackend("ntlm2", RawBackends.ntlm("s2"));
        rig.start(HttpConfigs.listen(1, "balance roundrobin",
            HttpConfigs.server("s1", s1.port()), HttpConfigs.server("s2", s2.port())));
        final RawHttp a = rig.client();
        final RawHttp.Response challenge = a.send(RawHttp.get("/ntlm")).read();
        assertEquals(401, challenge.status);
        final String authenticated = challenge.header("X-Server") + "/" + challenge.header("X-Conn-Id");

        for (int i = 0; i < 4; i++) {
            assertEquals(authenticated, connId(a, "/"), "request " + (i + 2) + " despite round robin");
        }
    }
}
