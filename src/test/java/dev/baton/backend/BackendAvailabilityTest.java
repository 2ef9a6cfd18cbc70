package dev.baton.backend;

import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.PoolOptions;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.ServerConfig;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A backend's BACKEND-row figures: down transitions, last change and downtime, as HAProxy's proxy counters. */
class BackendAvailabilityTest {
    private static final SourceLocation WHERE = new SourceLocation("test", 1);

    @Test
    void losingTheLastUsableServerCountsOnceAndDowntimeRunsUntilOneIsBack() {
        final Backend backend = new Backend(new ProxyConfig("be", ProxyKind.BACKEND, Mode.TCP, List.of(), 0,
            Timeouts.NONE, null, BalanceAlgorithm.ROUNDROBIN, 3, Redispatch.OFF, false, false, List.of(),
            HttpOptions.DEFAULT, WHERE));
        for (int i = 0; i < 2; i++) {
            backend.addServer(new Server(backend, i, new ServerConfig("s" + i, "127.0.0.1", 80 + i, 1, 0, false,
                false, PoolOptions.DEFAULT, WHERE), InetSocketAddress.createUnresolved("127.0.0.1", 80 + i)));
        }
        backend.initAvailability(System.nanoTime());
        assertFalse(backend.availability().down());
        backend.servers().get(0).disabled(true);
        assertFalse(backend.availability().down(), "one server left");
        backend.servers().get(1).draining(true);
        assertTrue(backend.availability().down());
        assertEquals(1, backend.availability().downTransitions());
        backend.servers().get(1).weight(0);
        assertEquals(1, backend.availability().downTransitions(), "already down: no new transition");
        backend.servers().get(0).disabled(false);
        assertFalse(backend.availability().down());
        assertTrue(backend.availability().downtimeNs(System.nanoTime()) > 0);
    }

    @Test
    void downtimeArithmetic() {
        final BackendAvailability up = new BackendAvailability(false, 0, 0, 0);
        final BackendAvailability down = up.with(true, 100);
        assertEquals(50, down.downtimeNs(150));
        final BackendAvailability back = down.with(false, 300);
        assertEquals(200, back.downtimeNs(1_000));
        assertEquals(1, back.downTransitions());
        assertEquals(300, back.sinceNs());
    }
}
