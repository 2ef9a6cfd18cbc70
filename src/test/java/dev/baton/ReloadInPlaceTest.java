package dev.baton;

import dev.baton.backend.Server;
import dev.baton.config.ConfigLoader;
import dev.baton.counters.Counter;
import dev.baton.pool.ServerPool;
import dev.baton.support.HttpLoad;
import dev.baton.support.RawHttp;
import dev.baton.support.Sockets;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reload in place (docs/reload.md) under a bounded load: clients with and without keep-alive through a
 * two-reactor daemon while the configuration file is rewritten and reloaded (weights changed, a server added, one
 * removed, a frontend added): no request fails, no connection is refused, the kept server keeps its runtime and
 * its idle pool (so the backend barely sees new connections); an invalid file changes nothing and its errors come
 * back as {@code FILE:LINE}, through the runtime API's {@code reload} too.
 */
class ReloadInPlaceTest {
    /** The longest a load loop runs, whatever happens. */
    private static final long LOAD_LIMIT_NS = Duration.ofSeconds(10).toNanos();
    private static final int RELOADS = 16;
    /** Client threads of the load: 2 keep-alive, 1 closing. */
    private static final int CLIENTS = 3;
    private static final int REACTORS = 2;

    @TempDir
    Path dir;

    private final List<HttpBackend> backends = new ArrayList<>();
    private final HttpLoad load = new HttpLoad(Duration.ofNanos(LOAD_LIMIT_NS));
    private Daemon daemon;
    private Reload reload;

    @AfterEach
    void tearDown() throws Exception {
        load.stop();
        if (reload != null) {
            reload.close();
        }
        if (daemon != null) {
            daemon.stop(1);
        }
        backends.forEach(HttpBackend::close);
    }

    private Path write(final String text) throws IOException {
        final Path cfg = dir.resolve("baton.cfg");
        Files.writeString(cfg, text);
        return cfg;
    }

    private void startDaemon(final Path cfg) throws Exception {
        daemon = new Daemon(ConfigLoader.load(List.of(cfg), Map.of()));
        daemon.start();
        reload = new Reload(daemon, List.of(cfg), Map.of());
        daemon.reloader(reload);
    }

    private static String config(final int fePort, final int cliPort, final String servers, final String extra) {
        return "global\n    nbthread " + REACTORS + "\n    stats socket ipv4@127.0.0.1:" + cliPort + " level admin\n"
            + "defaults\n    mode http\n    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\n    http-reuse always\n"
            + "frontend fe\n    bind 127.0.0.1:" + fePort + "\n    default_backend be\n"
            + "backend be\n" + servers + extra;
    }

    private String server(final String name, final int i, final String options) {
        return "    server " + name + " 127.0.0.1:" + backends.get(i).port() + " " + options + "\n";
    }

    /** Sends {@code reload} on the runtime API at {@code cliPort}; the whole answer. */
    private static String cliReload(final int cliPort) throws IOException {
        return cli(cliPort, "reload");
    }

    private static String cli(final int cliPort, final String line) throws IOException {
        return Sockets.cli(cliPort, line);
    }

    @Test
    void reloadsUnderLoadLoseNoRequestAndKeepTheServersAndTheirPools() throws Exception {
        for (int i = 0; i < 3; i++) {
            backends.add(HttpBackend.start());
        }
        final int fePort = Sockets.unusedPort();
        final int fe2Port = Sockets.unusedPort();
        final int cliPort = Sockets.unusedPort();
        final String s1 = server("s1", 0, "weight 10");
        startDaemon(write(config(fePort, cliPort, s1 + server("s2", 1, "weight 10"), "")));
        final Server first = daemon.backend("be").server("s1");
        final ServerPool firstPool = daemon.serverPool(first);
        load.start(fePort, CLIENTS - 1, 1);
        load.awaitServed(200);
        final long newConnsBefore = backends.get(0).connectionsAccepted();

        final String[] steps = {
            config(fePort, cliPort, server("s1", 0, "weight 5") + server("s2", 1, "weight 20"), ""),
            config(fePort, cliPort, s1 + server("s2", 1, "weight 10") + server("s3", 2, "weight 10"), ""),
            config(fePort, cliPort, s1 + server("s3", 2, "weight 10"), ""),
            config(fePort, cliPort, s1 + server("s3", 2, "weight 10"),
                "frontend fe2\n    bind 127.0.0.1:" + fe2Port + "\n    default_backend be\n"),
        };
        for (int i = 0; i < RELOADS; i++) {
            write(steps[i % steps.length]);
            final String answer = i == 0 ? cli(cliPort, "reload; show info") : reload.run("test");
            assertTrue(answer.startsWith("Success=1\n"), answer);
            if (i == 0) {
                assertTrue(answer.contains("\n\nName: baton\n") && answer.contains("\nReloads: 1\n"),
                    "the line goes on after the deferred answer: " + answer);
            }
            if (i % steps.length == 2) {
                assertTrue(answer.contains("server 'be/s2' removed"), answer);
                // s2 drains: its connections in use finish, its idle ones are closed on every reactor
                await().atMost(Duration.ofSeconds(5)).until(() -> backends.get(1).openConnections() == 0);
            }
            load.awaitServed(50);
        }
        load.stop();

        assertEquals(List.of(), load.failures(), "no failed request, no refused connection");
        assertEquals(RELOADS, reload.reloads());
        final Server last = daemon.backend("be").server("s1");
        assertNotSame(first, last, "a new configuration's server object");
        assertSame(first.runtime(), last.runtime(), "s1 kept its runtime across every reload");
        assertSame(firstPool, daemon.serverPool(last), "and its idle pool");
        assertEquals(10, last.weight(), "the configured weight follows the file when it changes");
        final long newConns = backends.get(0).connectionsAccepted() - newConnsBefore;
        // at most one per client and reactor as the traffic moves between servers (a server removed sends its
        // share to s1); a pool lost at each reload would need new ones each time
        assertTrue(newConns <= CLIENTS + REACTORS + 1, "s1 saw " + newConns + " new connection(s) over " + RELOADS
            + " reloads: its warm pool was kept");
        assertSame(first.counters(), last.counters(), "one set of counters");
        // the last step has fe2 (RELOADS is a multiple of the steps): it serves
        try (RawHttp c = RawHttp.open(fe2Port)) {
            assertEquals(200, c.send(RawHttp.get("/", "Connection: close\r\n")).read().status);
        }
    }

    @Test
    void aSlotFreedByTheOldConfigurationServesTheNewOnesQueue() throws Exception {
        final HttpBackend slow = HttpBackend.start(new HttpBackend.Options().responseDelayMs(400));
        backends.add(slow);
        final int fePort = Sockets.unusedPort();
        final int cliPort = Sockets.unusedPort();
        final String queued = "    timeout queue 3s\n";
        startDaemon(write(config(fePort, cliPort, server("s1", 0, "maxconn 1"), queued)));
        final List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Thread> requests = new ArrayList<>();
        final Runnable one = () -> {
            try (RawHttp c = RawHttp.open(fePort)) {
                statuses.add(c.send(RawHttp.get("/", "Connection: close\r\n")).read().status);
            } catch (final IOException e) {
                statuses.add(-1);
            }
        };
        requests.add(new Thread(one, "a"));
        requests.get(0).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.inFlight() == 1);
        requests.add(new Thread(one, "b"));
        requests.get(1).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.backend("be").queues().totalWaiting() == 1);

        write(config(fePort, cliPort, server("s1", 0, "maxconn 1 weight 2"), queued));
        assertTrue(reload.run("test").startsWith("Success=1\n"));
        requests.add(new Thread(one, "c"));
        requests.get(2).start();
        // c waits in the new configuration's queue; a and b hold and wait for the same slot in the old one's
        await().atMost(Duration.ofSeconds(5)).until(() -> daemon.backend("be").queues().totalWaiting() == 1);
        for (final Thread t : requests) {
            t.join(10_000);
        }
        assertEquals(List.of(200, 200, 200), List.copyOf(statuses),
            "the slot b frees (an old configuration's stream) serves c, queued in the new configuration");
    }

    @Test
    void aKeepAliveClientMovesToTheNewConfigurationOrClosesWhenItsFrontendIsGone() throws Exception {
        backends.add(HttpBackend.start());
        final int fePort = Sockets.unusedPort();
        final int cliPort = Sockets.unusedPort();
        startDaemon(write(config(fePort, cliPort, server("s1", 0, ""), "")));
        try (RawHttp c = RawHttp.open(fePort)) {
            final RawHttp.Response before = c.send(RawHttp.get("/")).read();
            assertEquals(200, before.status);
            assertEquals(null, before.header("Connection"), "kept alive");

            write(config(fePort, cliPort, server("s1", 0, "weight 7"), "    http-response set-header X-Gen 2\n"));
            assertTrue(reload.run("test").startsWith("Success=1\n"));
            final RawHttp.Response moved = c.send(RawHttp.get("/")).read();
            assertEquals(200, moved.status);
            assertEquals("2", moved.header("X-Gen"), "served by the new configuration's rules");
            assertEquals(null, moved.header("Connection"), "on the same connection, still kept alive");
            assertEquals(1, daemon.frontend("fe").counters().get(Counter.SESSIONS), "moved into the new frontend");
            assertEquals(1, daemon.frontend("fe").currConns().get(), "and its connection slot with it");

            // the frontend renamed: the connection's is gone, so it is answered once more and closed
            write(config(fePort, cliPort, server("s1", 0, "weight 7"), "").replace("frontend fe\n", "frontend web\n"));
            assertTrue(reload.run("test").startsWith("Success=1\n"));
            final RawHttp.Response last = c.send(RawHttp.get("/")).read();
            assertEquals(200, last.status, "served once more on the configuration it moved to");
            assertEquals("2", last.header("X-Gen"));
            assertEquals("close", last.header("Connection"), "then closed, so that the client comes back");
            c.assertClosedByPeer(); // fails while the connection stays open
        }
        assertEquals(0, daemon.frontend("web").counters().get(Counter.SESSIONS));
        try (RawHttp again = RawHttp.open(fePort)) {
            final RawHttp.Response r = again.send(RawHttp.get("/")).read();
            assertEquals(200, r.status);
            assertEquals(null, r.header("X-Gen"), "the newest configuration has no such rule");
        }
        assertEquals(1, daemon.frontend("web").counters().get(Counter.SESSIONS), "back on the newest configuration");
    }

    @Test
    void anInvalidFileUnderLoadChangesNothingAndAnswersItsErrors() throws Exception {
        backends.add(HttpBackend.start());
        final int fePort = Sockets.unusedPort();
        final int cliPort = Sockets.unusedPort();
        final Path cfg = write(config(fePort, cliPort, server("s1", 0, ""), ""));
        startDaemon(cfg);
        final var configBefore = daemon.config();
        final Server before = daemon.backend("be").server("s1");
        load.start(fePort, 1, 1);
        load.awaitServed(100);

        write(config(fePort, cliPort, server("s1", 0, "weight nope"), ""));
        final String answer = cliReload(cliPort);
        assertTrue(answer.startsWith("Success=0\n"), answer);
        assertTrue(answer.contains(cfg + ":14:"), "the error's FILE:LINE: " + answer);
        load.awaitServed(100);
        final String direct = reload.run("test");
        assertTrue(direct.startsWith("Success=0\n"), direct);
        load.stop();

        assertEquals(List.of(), load.failures(), "the old configuration kept serving");
        assertSame(configBefore, daemon.config(), "nothing changed");
        assertSame(before, daemon.backend("be").server("s1"));
        assertEquals(0, reload.reloads());
    }

    @Test
    void aBindThatFailsRefusesTheReloadAndClosesWhatItOpened() throws Exception {
        backends.add(HttpBackend.start());
        final int fePort = Sockets.unusedPort();
        final int cliPort = Sockets.unusedPort();
        final int newPort = Sockets.unusedPort();
        startDaemon(write(config(fePort, cliPort, server("s1", 0, ""), "")));
        try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
            taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            write(config(fePort, cliPort, server("s1", 0, ""),
                "frontend fe2\n    bind 127.0.0.1:" + newPort + "\n    default_backend be\n"
                    + "frontend fe3\n    bind 127.0.0.1:" + taken.getLocalPort() + "\n    default_backend be\n"));
            final String answer = reload.run("test");
            assertTrue(answer.startsWith("Success=0\n") && answer.contains("cannot bind"), answer);
        }
        assertEquals(null, daemon.frontend("fe2"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
            assertThrows(IOException.class, () -> RawHttp.open(newPort).close(), "fe2's socket was closed again"));
        try (RawHttp c = RawHttp.open(fePort)) {
            assertEquals(200, c.send(RawHttp.get("/", "Connection: close\r\n")).read().status);
        }
    }
}
