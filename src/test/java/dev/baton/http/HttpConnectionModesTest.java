package dev.baton.http;

import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * How client and server connections persist: {@code option http-keep-alive} (the default),
 * {@code http-server-close}, {@code httpclose}, and HTTP/1.0 clients asking for keep-alive or not.
 */
class HttpConnectionModesTest {
    private final HttpRig rig = new HttpRig();
    private HttpBackend backend;

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private void start(final String... lines) throws Exception {
        backend = rig.backend(new HttpBackend.Options().name("s1"));
        final String[] all = new String[lines.length + 1];
        System.arraycopy(lines, 0, all, 0, lines.length);
        all[lines.length] = HttpConfigs.server("s1", backend.port());
        rig.start(HttpConfigs.listen(1, all));
    }

    private static String connReq(final RawHttp.Response r) {
        return r.header("X-Conn-Id") + "." + r.header("X-Req-Num");
    }

    @Test
    void keepAliveBothSides() throws Exception {
        start();
        final RawHttp c = rig.client();
        for (int i = 1; i <= 3; i++) {
            final RawHttp.Response r = c.send(RawHttp.get("/")).read();
            assertEquals("1." + i, connReq(r));
            assertNull(r.header("Connection"));
        }
    }

    @Test
    void serverCloseKeepsTheClientButNotTheServerConnection() throws Exception {
        start("option http-server-close");
        final RawHttp c = rig.client();
        for (int i = 1; i <= 3; i++) {
            final RawHttp.Response r = c.send(RawHttp.get("/")).read();
            assertEquals(i + ".1", connReq(r), "a new server connection for each request");
            assertNull(r.header("Connection"), "the client connection stays");
        }
        assertEquals(0, rig.pool("s1").currIdleConns());
    }

    @Test
    void httpcloseClosesBothAfterTheResponse() throws Exception {
        start("option httpclose");
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send(RawHttp.get("/")).read();

        assertEquals("close", r.header("Connection"));
        c.assertClosedByPeer();
        assertEquals(0, rig.pool("s1").currIdleConns());
    }

    @Test
    void anHttp10ClientAskingForKeepAliveIsToldSoAndKept() throws Exception {
        start();
        final RawHttp c = rig.client();
        for (int i = 1; i <= 2; i++) {
            final RawHttp.Response r = c.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertEquals(200, r.status);
            assertEquals("keep-alive", r.header("Connection"));
            assertEquals("1." + i, connReq(r), "the server connection is kept too");
        }
    }

    @Test
    void anHttp10ClientWithoutKeepAliveIsClosed() throws Exception {
        start();
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send("GET / HTTP/1.0\r\n\r\n").read();

        assertEquals(200, r.status);
        assertEquals("close", r.header("Connection"));
        c.assertClosedByPeer();
    }

    @Test
    void aClientAskingToCloseIsClosedButTheServerConnectionIsKept() throws Exception {
        start();
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send(RawHttp.get("/", "Connection: close\r\n")).read();

        assertEquals("close", r.header("Connection"));
        c.assertClosedByPeer();
        final RawHttp next = rig.client();
        next.send(RawHttp.get("/")).read();
        assertEquals("2", next.send(RawHttp.get("/")).read().header("X-Req-Num"),
            "the next client's second request reuses a server connection (safe mode)");
    }
}
