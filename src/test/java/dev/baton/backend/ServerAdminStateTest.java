package dev.baton.backend;

import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server's administrative state is changed from several threads (the runtime API on reactor 0, a stats page
 * admin form on whichever reactor serves it) and read by every balancer: each change is one atomic step, so two
 * concurrent changes end in one of the two states asked for, never in a mix of both.
 */
class ServerAdminStateTest {
    private static final String CONFIG = """
        backend be
            server s1 127.0.0.1:9
        """;
    private static final int ROUNDS = 200_000;
    private static final int JITTER = 64;

    private static Server server() throws Exception {
        final BatonConfig config = ConfigLoader.parse("test.cfg", CONFIG, Map.of());
        final ProxyConfig be = config.backend("be");
        return new Server(new Backend(be), 0, be.servers().get(0), new InetSocketAddress("127.0.0.1", 9));
    }

    @Test
    void maintAndDrainAtOnceEndInOneOfThemNeverReady() throws Exception {
        final Server s = server();
        // Each round, this thread asks for maintenance while the helper asks for drain, both after a short spin of
        // random length so that the two changes overlap at every offset.
        final AtomicInteger round = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final Thread helper = new Thread(() -> {
            final SplittableRandom random = new SplittableRandom(2);
            for (int r = 1; r <= ROUNDS; r++) {
                while (round.get() < r) {
                    if (round.get() < 0) {
                        return;
                    }
                    Thread.onSpinWait();
                }
                spin(random.nextInt(JITTER));
                s.adminState(Server.AdminState.DRAIN);
                done.set(r);
            }
        }, "set-drain");
        helper.setDaemon(true);
        helper.start();
        final SplittableRandom random = new SplittableRandom(1);
        int ready = 0;
        int mixed = 0;
        try {
            for (int r = 1; r <= ROUNDS; r++) {
                s.adminState(r % 2 == 0 ? Server.AdminState.MAINT : Server.AdminState.DRAIN);
                round.set(r);
                spin(random.nextInt(JITTER));
                s.adminState(Server.AdminState.MAINT);
                final long deadline = System.nanoTime() + 5_000_000_000L;
                while (done.get() < r) {
                    assertTrue(System.nanoTime() - deadline < 0, "helper stuck in round " + r);
                    Thread.onSpinWait();
                }
                ready += s.adminState() == Server.AdminState.READY ? 1 : 0;
                mixed += s.isDisabled() == s.isDraining() ? 1 : 0;
            }
        } finally {
            round.set(-1);
            helper.join(5_000);
        }
        assertEquals(0, ready, "rounds ending READY out of " + ROUNDS);
        assertEquals(0, mixed, "rounds ending both or neither in maintenance and drain, out of " + ROUNDS);
    }

    /** Burns about {@code n} short steps. */
    private static void spin(final int n) {
        for (int i = 0; i < n; i++) {
            Thread.onSpinWait();
        }
    }

    @Test
    void everyChangeIsStampedAndANoOpIsNot() throws Exception {
        final Server s = server();
        final long start = s.lastChangeNs();
        s.adminState(Server.AdminState.READY);
        assertEquals(start, s.lastChangeNs(), "no change, no stamp");
        s.adminState(Server.AdminState.DRAIN);
        final long drained = s.lastChangeNs();
        assertTrue(drained - start >= 0);
        assertTrue(s.isDraining() && !s.isDisabled() && !s.isEligible());
        s.disabled(true);
        assertEquals(Server.AdminState.MAINT, s.adminState(), "maintenance wins over drain");
        s.disabled(false);
        assertEquals(Server.AdminState.DRAIN, s.adminState(), "leaving maintenance keeps the drain, as HAProxy");
        s.adminState(Server.AdminState.READY);
        assertTrue(s.isEligible());
    }

}
