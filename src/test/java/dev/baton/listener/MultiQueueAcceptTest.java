package dev.baton.listener;

import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tune.listener.multi-queue} (on by default, as in HAProxy 2.6): long-lived clients end up evenly spread over
 * the reactors of their bind whatever share of them the kernel's SO_REUSEPORT hash gave each reactor's socket, and
 * every client handed to a sibling reactor is served there.
 */
public class MultiQueueAcceptTest {
    private static final int CLIENTS = 100;

    /** nbthread 2, one frontend answering "served" on 127.0.0.1:{@code port}; {@code global}: more global lines. */
    public static String config(final int port, final String global) {
        return String.join("\n",
            "global",
            "    nbthread 2",
            global,
            "defaults",
            "    mode http",
            "    timeout client 30s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    http-request return status 200 content-type text/plain string served",
            "");
    }

    @Test
    void keepAliveClientsAreSpreadEvenlyOverTheReactors() throws Exception {
        final int port = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(config(port, ""));
        final List<RawHttp> clients = new ArrayList<>();
        try {
            for (final Listener l : daemon.daemon().listeners()) {
                assertNotNull(l.group(), "grouped by default: " + l);
            }
            for (int i = 0; i < CLIENTS; i++) {
                final RawHttp c = RawHttp.open(port);
                clients.add(c);
                assertEquals("served", c.send(RawHttp.get("/")).read().text());
            }
            // Every client keeps its connection (and its stream) open: the reactors' loads are the counts, and the
            // one that accepted a client hands it over while it serves two or more streams more than its sibling.
            final int first = daemon.onReactor(0, r -> r.live().size());
            final int second = daemon.onReactor(1, r -> r.live().size());
            assertEquals(CLIENTS, first + second);
            assertTrue(Math.abs(first - second) <= ListenerGroup.MARGIN,
                "reactor 1 serves " + first + " clients, reactor 2 " + second);
            for (final RawHttp c : clients) {
                assertEquals("served", c.send(RawHttp.get("/")).read().text(), "each client is served again");
            }
        } finally {
            for (final RawHttp c : clients) {
                c.close();
            }
            daemon.close();
        }
    }

    @Test
    void offLeavesEachClientWhereTheKernelPutIt() throws Exception {
        final int port = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(config(port, "    tune.listener.multi-queue off"));
        try (RawHttp c = RawHttp.open(port)) {
            for (final Listener l : daemon.daemon().listeners()) {
                assertNull(l.group(), "not grouped: " + l);
            }
            assertEquals("served", c.send(RawHttp.get("/")).read().text());
        } finally {
            daemon.close();
        }
    }
}
