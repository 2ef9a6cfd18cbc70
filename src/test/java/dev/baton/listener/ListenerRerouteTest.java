package dev.baton.listener;

import dev.baton.backend.Backend;
import dev.baton.config.BatonConfig;
import dev.baton.config.BindConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import dev.baton.config.SourceLocation;
import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;
import dev.baton.io.FdBudget;
import dev.baton.log.TrafficLog;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A listener given a new route (a reload kept its socket) sends the next accepted client to the new frontend and
 * acceptor, on the same socket; the clients accepted before went to the old one. The reactor is driven by hand.
 */
class ListenerRerouteTest {
    private static final String CONFIG = """
        frontend fe
            bind 127.0.0.1:8080
            default_backend be
        frontend fe2
            bind 127.0.0.1:8081
            default_backend be
        backend be
            server s1 127.0.0.1:9
        """;

    private final List<Frontend> oldRoute = new ArrayList<>();
    private final List<Frontend> newRoute = new ArrayList<>();
    private final List<Endpoint> accepted = new ArrayList<>();
    private final List<SocketChannel> clients = new ArrayList<>();
    private Reactor reactor;
    private Listener listener;

    @AfterEach
    void tearDown() throws Exception {
        HandDriven.closeAll(accepted, clients, listener, reactor);
    }

    private void acceptOne(final int expected) throws Exception {
        clients.add(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.localPort())));
        for (int i = 0; i < 200 && accepted.size() < expected; i++) {
            reactor.runOnce(false);
        }
    }

    @Test
    void theNextAcceptAfterARerouteFollowsTheNewRouteOnTheSameSocket() throws Exception {
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(1_000_000_000L);
        reactor = new Reactor(0, clock, new BufferPool(1024, 4), Selector::open);
        final BatonConfig config = ConfigLoader.parse("test.cfg", CONFIG, Map.of());
        final ProxyConfig p1 = config.frontends().get(0);
        final ProxyConfig p2 = config.frontends().get(1);
        final Backend be = new Backend(config.backend("be"));
        final Frontend fe1 = new Frontend(p1, be, TrafficLog.forFrontend(p1));
        final Frontend fe2 = new Frontend(p2, be, TrafficLog.forFrontend(p2));
        final ConnectionLimits limits = new ConnectionLimits(100);
        final BindConfig bind = new BindConfig("127.0.0.1", 0, new SourceLocation("test", 1));
        listener = new Listener(reactor, fe1, (f, client) -> {
            oldRoute.add(f);
            accepted.add(client);
        }, bind, 0, limits, new FdBudget(1000), 16);
        listener.register();
        final int port = listener.localPort();

        acceptOne(1);
        assertEquals(List.of(fe1), oldRoute);

        final ListenerRoute next = new ListenerRoute(reactor, fe2, (f, client) -> {
            newRoute.add(f);
            accepted.add(client);
        }, bind, null, limits, false);
        reactor.execute(r -> listener.reroute(next));
        reactor.runOnce(false);
        assertSame(fe2, listener.frontend());
        assertEquals(port, listener.localPort(), "the same socket");

        acceptOne(2);
        assertEquals(List.of(fe1), oldRoute, "the old route took no more clients");
        assertEquals(List.of(fe2), newRoute, "the new route took the next one");
        assertEquals(2, limits.globalCurrent());
    }
}
