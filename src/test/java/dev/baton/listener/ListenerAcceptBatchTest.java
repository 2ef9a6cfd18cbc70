package dev.baton.listener;

import dev.baton.backend.Backend;
import dev.baton.config.BatonConfig;
import dev.baton.config.BindConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import dev.baton.config.SourceLocation;
import dev.baton.config.TuneSettings;
import dev.baton.io.BufferPool;
import dev.baton.io.Endpoint;
import dev.baton.io.FdBudget;
import dev.baton.log.TrafficLog;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code tune.maxaccept}: each time its reactor finds the listening socket ready, a listener accepts at most that
 * many of the clients waiting in the backlog, then lets the reactor turn to its other work; the rest are accepted on
 * the next turns (the socket stays ready). -1 takes the whole backlog at once; unset, baton's batch of 64. The
 * reactor is driven by hand, one turn at a time, with every client's connect complete (in the backlog) first.
 */
class ListenerAcceptBatchTest {
    private static final int CLIENTS = 10;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final List<Endpoint> accepted = new ArrayList<>();
    private final List<SocketChannel> clients = new ArrayList<>();
    private Reactor reactor;
    private Listener listener;

    @BeforeEach
    void setUp() throws Exception {
        clock.update(1_000_000_000L);
        reactor = new Reactor(0, clock, new BufferPool(1024, 4), Selector::open);
        final BatonConfig config = ConfigLoader.parse("test.cfg", HandDriven.CONFIG, Map.of());
        final ProxyConfig fe = config.frontends().get(0);
        final Frontend frontend = new Frontend(fe, new Backend(config.backend("be")), TrafficLog.forFrontend(fe));
        listener = new Listener(reactor, frontend, (f, client) -> accepted.add(client),
            new BindConfig("127.0.0.1", 0, new SourceLocation("test", 1)), 0, new ConnectionLimits(1000),
            new FdBudget(1000), 64);
        listener.register();
    }

    @AfterEach
    void tearDown() throws Exception {
        HandDriven.closeAll(accepted, clients, listener, reactor);
    }

    /** Clients accepted after each reactor turn, until all were (or 2 × CLIENTS turns). */
    private List<Integer> acceptedPerTurn() {
        final List<Integer> seen = new ArrayList<>();
        for (int turn = 0; turn < 2 * CLIENTS && accepted.size() < CLIENTS; turn++) {
            reactor.runOnce(false);
            seen.add(accepted.size());
        }
        return seen;
    }

    @ParameterizedTest(name = "tune.maxaccept {0}: {1}")
    @CsvSource(delimiter = ';', value = {
        "3; [3, 6, 9, 10]",
        "1; [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]",
        "-1; [10]",
        "0; [10]", // not set: baton's batch of 64
    })
    void eachWakeUpAcceptsAtMostTheBatch(final int maxAccept, final String turns) throws Exception {
        listener.route().tune(TuneSettings.DEFAULTS.withMaxAccept(maxAccept < 0 ? TuneSettings.UNLIMITED_ACCEPT
            : maxAccept));
        for (int i = 0; i < CLIENTS; i++) { // each connect returns once the kernel queued the connection
            clients.add(SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                listener.localPort())));
        }
        assertEquals(turns, acceptedPerTurn().toString());
    }
}
