package dev.baton.http;

import dev.baton.support.BlockingServer;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.SynDroppingServer;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The HTTP timeouts, short, each checked for its answer and, loosely, its timing: the bounds are generous
 * for a loaded machine; the lower bounds make sure the right timer fired, not an earlier one.
 */
class HttpTimeoutsTest {
    private static final long CONNECT_TIMEOUT_MS = 200;
    /** How late a timeout may fire on a loaded machine; far below the 2 s of the default timeout connect. */
    private static final long LATE_MS = 1_000;

    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private HttpBackend start(final String... lines) throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        final String[] all = new String[lines.length + 1];
        System.arraycopy(lines, 0, all, 0, lines.length);
        all[lines.length] = HttpConfigs.server("s1", b.port());
        rig.start(HttpConfigs.listen(1, all));
        return b;
    }

    private static long msSince(final long startNs) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }

    @Test
    void aSlowRequestHeadGets408() throws Exception {
        final HttpBackend b = start("timeout http-request 300ms");
        final RawHttp c = rig.client();
        final long start = System.nanoTime();

        final RawHttp.Response r = c.send("GET / HTTP/1.1\r\nHost: t\r\nX-Half: ").read();

        assertEquals(408, r.status);
        assertTrue(msSince(start) >= 250, "not before timeout http-request: " + msSince(start) + " ms");
        c.assertClosedByPeer();
        assertEquals(0, b.connectionsAccepted());
    }

    @Test
    void theRequestTimerCountsFromTheFirstByteNotFromEachByte() throws Exception {
        start("timeout http-request 600ms", "timeout client 10s");
        final RawHttp c = rig.client();
        final long start = System.nanoTime();
        c.send("GET / HTTP/1.1\r\n");
        // bytes keep coming, each well within the limit, but the head is never complete (slowloris)
        RawHttp.Response r = null;
        for (int i = 0; i < 50 && r == null; i++) {
            try {
                c.socket().setSoTimeout(100);
                r = c.read();
            } catch (final SocketTimeoutException e) {
                c.send("X-" + i + ": v\r\n");
            }
        }
        assertTrue(r != null, "answered before the client gave up");
        assertEquals(408, r.status);
        assertTrue(msSince(start) < 3000, "the head took too long overall: " + msSince(start) + " ms");
    }

    @Test
    void anIdleKeepAliveClientIsClosedSilently() throws Exception {
        start("timeout http-keep-alive 300ms", "timeout client 10s");
        final RawHttp c = rig.client();

        assertEquals(200, c.send(RawHttp.get("/")).read().status);
        final long start = System.nanoTime();

        assertEquals(-1, c.readByte(), "closed without a 408");
        assertTrue(msSince(start) >= 250 && msSince(start) < 5000, msSince(start) + " ms");
    }

    @Test
    void aSilentServerGets504() throws Exception {
        final HttpBackend b = start("timeout server 300ms");
        final RawHttp c = rig.client();
        final long start = System.nanoTime();

        final RawHttp.Response r = c.send(RawHttp.get("/delay/5000")).read();

        assertEquals(504, r.status);
        assertTrue(msSince(start) >= 250, msSince(start) + " ms");
        c.assertClosedByPeer();
        assertEquals(1, b.requestsReceived());
    }

    @Test
    void aClientStallingInItsRequestBodyGets408Not504() throws Exception {
        TrafficLogCapture.clear();
        start("timeout client 300ms", "timeout server 10s", "log global", "option httplog");
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n0123456789").read();

        assertEquals(408, r.status, "the client's fault, not the server's");
        c.assertClosedByPeer();
        final String line = TrafficLogCapture.awaitLine("the httplog line",
            l -> l.contains(":" + c.localPort() + " ") && l.contains(" 408 "));
        assertTrue(line.contains(" cD"), "client timeout during the body: " + line);
    }

    @Test
    void aDeadServerGets503() throws Exception {
        final int closedPort = RunningDaemon.freePort();
        rig.start(HttpConfigs.listen(1, "retries 2", HttpConfigs.server("s1", closedPort)));
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send(RawHttp.get("/")).read();

        assertEquals(503, r.status);
        c.assertClosedByPeer();
    }

    @Test
    void aServerThatNeverAcceptsGets503AfterTimeoutConnect() throws Exception {
        TrafficLogCapture.clear();
        try (SynDroppingServer silent = SynDroppingServer.open()) {
            assumeTrue(silent.isDroppingSyns(), "could not fill an accept queue on this system");
            rig.start(HttpConfigs.listen(1, "timeout connect " + CONNECT_TIMEOUT_MS + "ms", "retries 1",
                "log global", "option httplog", HttpConfigs.server("s1", silent.port())));
            final RawHttp c = rig.client();
            final long start = System.nanoTime();

            final RawHttp.Response r = c.send(RawHttp.get("/")).read();

            // Each attempt (the first and one retry) waits timeout connect; none fails sooner, nothing waits longer.
            final long elapsedMs = msSince(start);
            assertEquals(503, r.status);
            assertTrue(elapsedMs >= 2 * CONNECT_TIMEOUT_MS, "before two timeouts connect: " + elapsedMs + " ms");
            assertTrue(elapsedMs < 2 * CONNECT_TIMEOUT_MS + LATE_MS, "long after two timeouts connect: " + elapsedMs
                + " ms");
            c.assertClosedByPeer();
            final String line = TrafficLogCapture.awaitLine("the httplog line",
                l -> l.contains(":" + c.localPort() + " ") && l.contains(" 503 "));
            assertTrue(line.contains(" sC"), "a server connect timeout: " + line);
        }
    }

    @Test
    void aServerThatAcceptsButNeverAnswersTheHeadOf100ContinueStillTimesOut() throws Exception {
        final BlockingServer b = rig.rawBackend("silent", BlockingServer.silent());
        rig.start(HttpConfigs.listen(1, "timeout server 300ms", HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();

        final RawHttp.Response r = c.send("POST / HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n")
            .read();

        assertEquals(504, r.status);
    }
}
