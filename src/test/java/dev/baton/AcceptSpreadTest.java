package dev.baton;

import dev.baton.reactor.ReactorGroup;
import dev.baton.support.Banners;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TcpConfig;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every reactor binds its own SO_REUSEPORT socket for a {@code bind} line, and the kernel hashes incoming
 * connections over them: with short connections from several client threads, every reactor accepts some.
 * The split depends on the kernel's hash of ephemeral ports, so only "each got some" is asserted.
 */
class AcceptSpreadTest {
    private static final int CLIENT_THREADS = 4;
    private static final int CONNECTIONS_PER_THREAD = 50;

    @Test
    void shortConnectionsReachEveryReactor() throws Exception {
        final ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        try (TcpEchoServer backend = Banners.start("s1");
             RunningDaemon d = RunningDaemon.start(
                 TcpConfig.of("nbthread 2", 0, "server s1 " + Banners.hostPort(backend)))) {
            final int port = d.port("fe");
            final List<Future<Integer>> served = new ArrayList<>();
            for (int t = 0; t < CLIENT_THREADS; t++) {
                served.add(clients.submit(() -> {
                    int n = 0;
                    for (int i = 0; i < CONNECTIONS_PER_THREAD; i++) {
                        n += "s1".equals(Banners.ask(port)) ? 1 : 0;
                    }
                    return n;
                }));
            }
            int total = 0;
            for (final Future<Integer> f : served) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertEquals(CLIENT_THREADS * CONNECTIONS_PER_THREAD, total);

            final ReactorGroup reactors = d.daemon().reactors();
            final long first = reactors.get(0).stats().accepts.get();
            final long second = reactors.get(1).stats().accepts.get();
            assertEquals(total, first + second);
            assertTrue(first > 0 && second > 0, "accepts per reactor: " + first + " / " + second);
        } finally {
            clients.shutdownNow();
        }
    }
}
