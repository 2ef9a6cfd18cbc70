package dev.baton;

import dev.baton.config.ConfigLoader;
import dev.baton.listener.Listener;
import dev.baton.listener.MultiQueueAcceptTest;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code tune.listener.multi-queue} changed by a reload that keeps the listening sockets. */
class MultiQueueReloadTest {
    @Test
    void aReloadTurnsItOffAndOnWithTheSameSockets() throws Exception {
        final int port = RunningDaemon.freePort();
        final RunningDaemon daemon = RunningDaemon.start(MultiQueueAcceptTest.config(port, ""));
        try {
            final List<Listener> before = daemon.daemon().listeners();
            daemon.daemon().reload(ConfigLoader.parse("test.cfg",
                MultiQueueAcceptTest.config(port, "    tune.listener.multi-queue off"), Map.of()));
            Awaitility.await().atMost(RunningDaemon.AT_REST_WITHIN)
                .until(() -> daemon.daemon().listeners().stream().allMatch(l -> l.group() == null));
            assertEquals(before, daemon.daemon().listeners(), "the sockets were kept");
            daemon.daemon().reload(ConfigLoader.parse("test.cfg", MultiQueueAcceptTest.config(port, ""), Map.of()));
            Awaitility.await().atMost(RunningDaemon.AT_REST_WITHIN)
                .until(() -> daemon.daemon().listeners().stream().allMatch(l -> l.group() != null));
            try (RawHttp c = RawHttp.open(port)) {
                assertEquals("served", c.send(RawHttp.get("/")).read().text());
            }
        } finally {
            daemon.close();
        }
    }
}
