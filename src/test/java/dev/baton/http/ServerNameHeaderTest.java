package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.AgentCheckOptions;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
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
import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ServerNameHeader}: the line goes at the head's end, body bytes already after the head move with it, and a
 * retry to another server replaces it in place, longer or shorter; no room changes nothing.
 */
class ServerNameHeaderTest {
    private static final SourceLocation WHERE = new SourceLocation("t.cfg", 1);
    private static final HeaderName NAME = HeaderName.of("x-server");
    private final Backend backend = new Backend(new ProxyConfig("be", ProxyKind.BACKEND, Mode.HTTP, List.of(), 0,
        Timeouts.NONE, null, BalanceAlgorithm.ROUNDROBIN, 3, Redispatch.OFF, false, false, List.of(),
        HttpOptions.DEFAULT, WHERE));

    private Server server(final String name) {
        final int id = backend.servers().size();
        final Server s = new Server(backend, id, new ServerConfig(name, "127.0.0.1", 8000 + id, 1, 0, false, false,
            PoolOptions.DEFAULT, CheckOptions.DEFAULT, ServerReactions.DEFAULT, WHERE, AgentCheckOptions.DEFAULT, 0, 0,
            SendProxy.NONE, null, false, false, (String) null),
            InetSocketAddress.createUnresolved("127.0.0.1", 8000 + id));
        backend.addServer(s);
        return s;
    }

    private static String text(final ByteBuffer out) {
        final byte[] b = new byte[out.position()];
        out.duplicate().flip().get(b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void theLineIsPlacedThenReplacedWithTheBodyMoving() {
        final ByteBuffer out = ByteBuffer.allocateDirect(256);
        out.put("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        final Exchange x = new Exchange();
        ServerNameHeader.headWritten(x, out);
        out.put("hello".getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(ServerNameHeader.place(x, out, NAME, server("s1")));
        assertEquals("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nx-server: s1\r\n\r\nhello", text(out));
        assertTrue(ServerNameHeader.place(x, out, NAME, server("a-much-longer-name")));
        assertEquals("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nx-server: a-much-longer-name\r\n\r\nhello",
            text(out));
        assertTrue(ServerNameHeader.place(x, out, NAME, server("s")));
        assertEquals("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nx-server: s\r\n\r\nhello", text(out));
    }

    @Test
    void noRoomChangesNothing() {
        final String head = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
        final ByteBuffer out = ByteBuffer.allocate(head.length() + 10);
        out.put(head.getBytes(StandardCharsets.ISO_8859_1));
        final Exchange x = new Exchange();
        ServerNameHeader.headWritten(x, out);
        assertFalse(ServerNameHeader.place(x, out, NAME, server("server-with-a-long-name")));
        assertEquals(head, text(out));
    }
}
