package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.AgentCheckOptions;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
import dev.baton.config.CookieConfig;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.PoolOptions;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.SendProxy;
import dev.baton.config.ServerConfig;
import dev.baton.config.ServerReactions;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link PersistCookie} in memory: what a request's Cookie headers become (the side-by-side test covers the rest),
 * and the house rule that a request and response of a persistent backend allocate nothing.
 */
class PersistCookieTest {
    private static final SourceLocation WHERE = new SourceLocation("test", 1);
    private static final CookieConfig INSERT_INDIRECT = new CookieConfig("SRV", CookieConfig.Mode.INSERT, true, true,
        false, false, false, false, null, 1800, 0, null);

    private final Backend backend = new Backend(new ProxyConfig("be", ProxyKind.BACKEND, Mode.HTTP, List.of(), 0,
        Timeouts.NONE, null, BalanceAlgorithm.ROUNDROBIN, 3, Redispatch.OFF, false, false, List.of(),
        HttpOptions.DEFAULT, WHERE));
    private final PersistCookie cookie = new PersistCookie();
    private final HeadParser requests = new HeadParser(true, 8192);
    private final HeadParser responses = new HeadParser(false, 8192);
    private final HttpHead req = new HttpHead();
    private final HttpHead resp = new HttpHead();
    private final HeaderEdits edits = new HeaderEdits();
    private final ByteBuffer out = ByteBuffer.allocate(2048);

    private Server server(final String name, final String value) {
        final int id = backend.servers().size();
        final Server s = new Server(backend, id, new ServerConfig(name, "127.0.0.1", 8000 + id, 1, 0, false, false,
            PoolOptions.DEFAULT, CheckOptions.DEFAULT, ServerReactions.DEFAULT, WHERE, AgentCheckOptions.DEFAULT, 0, 0,
            SendProxy.NONE, null, false, false, value),
            InetSocketAddress.createUnresolved("127.0.0.1", 8000 + id));
        backend.addServer(s);
        return s;
    }

    /** The request head as the server would get it after {@link PersistCookie#request}. */
    private String forwarded(final String cookies) {
        requests.reset();
        requests.parse(Bytes.direct("GET / HTTP/1.1\r\nHost: h\r\n" + cookies + "\r\n"), req);
        edits.clear();
        cookie.request(req, backend.servers(), INSERT_INDIRECT, edits, System.currentTimeMillis() / 1000);
        out.clear();
        HeadWriter.write(req, edits, out);
        return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theCookieLeavesTheRequestAndNamesItsServer() {
        server("s1", "c1");
        final Server s2 = server("s2", "c2");
        assertEquals("GET / HTTP/1.1\r\nHost: h\r\n\r\n", forwarded("Cookie: SRV=c2\r\n"));
        assertSame(s2, cookie.assigned());
        assertEquals(PersistCookie.VALID, cookie.clientFlag());
        assertEquals("GET / HTTP/1.1\r\nHost: h\r\nCookie: a=1;b=2\r\nCookie: $Version=1; c=3\r\n\r\n",
            forwarded("Cookie: a=1;SRV=c2;b=2\r\nCookie: $Version=1; c=3\r\n"));
        assertEquals("GET / HTTP/1.1\r\nHost: h\r\nCookie: x=1\r\n\r\n", forwarded("Cookie: x=1; SRV=nope\r\n"));
        assertEquals(PersistCookie.INVALID, cookie.clientFlag());
        assertEquals(null, cookie.assigned());
        assertEquals("GET / HTTP/1.1\r\nHost: h\r\nCookie: SRVX=c1\r\n\r\n", forwarded("Cookie: SRVX=c1\r\n"));
        assertEquals(PersistCookie.NONE, cookie.clientFlag());
    }

    @Test
    void aPersistentRequestAndResponseAllocateNothing() {
        server("s1", "c1");
        final Server s2 = server("s2", "c2");
        final ByteBuffer request = Bytes.direct("GET / HTTP/1.1\r\nHost: h\r\nCookie: a=1; SRV=c2; b=2\r\n\r\n");
        final ByteBuffer response = Bytes.direct("HTTP/1.1 200 OK\r\nSet-Cookie: SRV=x; path=/\r\n"
            + "Cache-Control: max-age=60\r\nContent-Length: 0\r\n\r\n");
        final LongSupplier allocated = ThreadAllocations.ofCurrentThread();
        long sum = 0;
        for (int round = 0; round < 2; round++) {
            final long before = allocated.getAsLong();
            for (int i = 0; i < 10_000; i++) {
                requests.reset();
                requests.parse(request, req);
                edits.clear();
                cookie.request(req, backend.servers(), INSERT_INDIRECT, edits, 1_800_000_000L + i);
                responses.reset();
                responses.parse(response, resp);
                cookie.response(resp, 200, HttpMethod.GET, INSERT_INDIRECT, s2, cookie.assigned() == s2, edits,
                    1_800_000_000L + i);
                sum += cookie.clientFlag() + cookie.serverFlag() + edits.addedCount();
            }
            if (round == 1) {
                final long bytes = allocated.getAsLong() - before;
                assertTrue(bytes < 64 * 1024, bytes + " bytes allocated in 10000 rounds");
            }
        }
        assertTrue(sum > 0);
    }
}
