package dev.baton.listener;

import dev.baton.backend.Backend;
import dev.baton.config.BatonConfig;
import dev.baton.config.BindConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import dev.baton.config.SourceLocation;
import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;
import dev.baton.log.TrafficLog;
import dev.baton.reactor.FailingSelector;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A listener paused on {@code maxconn} resumes when a slot frees, even when its reactor's command inbox is full
 * at that moment: the resume request must not be lost (the listener is no longer parked, so nobody would ask
 * again). The reactor is driven by hand; the test thread is a foreign thread to it.
 */
class ListenerResumeTest {

    private final CachedNanoClock clock = new CachedNanoClock();
    private final List<Endpoint> accepted = new ArrayList<>();
    private final List<SocketChannel> clients = new ArrayList<>();
    private Reactor reactor;
    private Frontend frontend;
    private ConnectionLimits limits;
    private Listener listener;

    @BeforeEach
    void setUp() throws Exception {
        clock.update(1_000_000_000L);
        // The first selector always fails: the reactor replaces it in its first turns, moving the listener.
        final AtomicBoolean brokenGiven = new AtomicBoolean();
        reactor = new Reactor(0, clock, new BufferPool(1024, 4),
            () -> brokenGiven.compareAndSet(false, true) ? new FailingSelector() : Selector.open());
        final BatonConfig config = ConfigLoader.parse("test.cfg", HandDriven.CONFIG, Map.of());
        final ProxyConfig fe = config.frontends().get(0);
        frontend = new Frontend(fe, new Backend(config.backend("be")), TrafficLog.forFrontend(fe));
        limits = new ConnectionLimits(1);
        listener = new Listener(reactor, frontend, (f, client) -> accepted.add(client),
            new BindConfig("127.0.0.1", 0, new SourceLocation("test", 1)), 0, limits, new FdBudget(1000), 16);
        listener.register();
    }

    /** The listener's key on the reactor's selector now. */
    private SelectionKey key() {
        return reactor.selector().keys().stream().filter(k -> k.attachment() == listener).findFirst().orElseThrow();
    }

    @AfterEach
    void tearDown() throws Exception {
        HandDriven.closeAll(accepted, clients, listener, reactor);
    }

    private void connectClient() throws Exception {
        clients.add(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.localPort())));
    }

    @Test
    void aSlotFreedWhileTheInboxIsFullStillResumesAccept() throws Exception {
        assertTrue(limits.tryAcquire(frontend), "the one slot, held by a client served elsewhere");
        connectClient();
        for (int i = 0; i < 100 && !listener.isPaused(); i++) {
            reactor.runOnce(false);
        }
        assertTrue(listener.isPaused(), "accept paused on maxconn");

        int queued = 0;
        while (reactor.execute(r -> { })) {
            queued++;
        }
        assertTrue(queued > 0, "inbox filled");
        limits.release(frontend); // from a foreign thread, while the owner's inbox is full
        assertEquals(0, key().interestOps(), "paused until the resume runs");

        for (int i = 0; i < queued / Reactor.COMMAND_DRAIN_LIMIT + 100 && accepted.isEmpty(); i++) {
            reactor.runOnce(false);
        }
        assertEquals(1, accepted.size(), "accept resumed once the inbox drained: the waiting client was accepted");
        assertEquals(1, limits.globalCurrent(), "the freed slot went to it");
    }

    @Test
    void aListenerMovedToANewSelectorPausesAndResumesOnItsNewKey() throws Exception {
        final Selector first = reactor.selector();
        for (int i = 0; i < Reactor.SELECT_FAILURES_BEFORE_REBUILD; i++) {
            reactor.runOnce(false);
        }
        assertNotSame(first, reactor.selector(), "the reactor rebuilt its selector");
        assertEquals(SelectionKey.OP_ACCEPT, key().interestOps());

        assertTrue(limits.tryAcquire(frontend));
        connectClient();
        for (int i = 0; i < 100 && !listener.isPaused(); i++) {
            reactor.runOnce(false);
        }
        assertTrue(listener.isPaused());
        assertEquals(0, key().interestOps(), "the pause clears the interest of the key in use, not the old one");
        limits.release(frontend);
        for (int i = 0; i < 100 && accepted.isEmpty(); i++) {
            reactor.runOnce(false);
        }
        assertEquals(1, accepted.size());
    }
}
