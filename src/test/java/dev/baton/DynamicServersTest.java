package dev.baton;

import dev.baton.backend.Server;
import dev.baton.config.ConfigLoader;
import dev.baton.support.HttpLoad;
import dev.baton.support.Sockets;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dynamic servers under a bounded load through a two-reactor daemon (docs/dynamic-servers.md): a server added by the
 * runtime API waits in maintenance, then is balanced and checked like the file's; {@code del server} follows HAProxy's
 * rules and closes the server's idle connections; {@code set server ... addr} sends new connections to the new
 * address and drains the old ones; a reload of the file (which does not name the added server) removes it. No
 * request fails throughout.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DynamicServersTest {
    private static final Duration LOAD_LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final List<HttpBackend> backends = new ArrayList<>();
    private final HttpLoad load = new HttpLoad(LOAD_LIMIT);
    private Daemon daemon;
    private Reload reload;
    private int fePort;
    private int cliPort;

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

    /** Starts {@code n} backends and baton with s1 on the first, under {@code balance}; returns the config file. */
    private Path start(final int n, final String balance) throws Exception {
        for (int i = 0; i < n; i++) {
            backends.add(HttpBackend.start());
        }
        fePort = Sockets.unusedPort();
        cliPort = Sockets.unusedPort();
        final Path cfg = dir.resolve("baton.cfg");
        Files.writeString(cfg, "global\n    nbthread 2\n    stats socket ipv4@127.0.0.1:" + cliPort + " level admin\n"
            + "defaults\n    mode http\n    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\n"
            + "    http-reuse always\n"
            + "frontend fe\n    bind 127.0.0.1:" + fePort + "\n    default_backend be\n"
            + "backend be\n    balance " + balance + "\n    option httpchk GET " + HttpBackend.HEALTH_PATH + "\n"
            + "    server s1 127.0.0.1:" + backends.get(0).port() + " check inter 100ms\n");
        daemon = new Daemon(ConfigLoader.load(List.of(cfg), Map.of()));
        daemon.start();
        reload = new Reload(daemon, List.of(cfg), Map.of());
        daemon.reloader(reload);
        return cfg;
    }

    private String cli(final String line) throws IOException {
        return Sockets.cli(cliPort, line);
    }

    private String state(final String server) throws IOException {
        for (final String line : cli("show servers state be").split("\n")) {
            final String[] f = line.split(" ");
            if (f.length > 6 && f[3].equals(server)) {
                return "op=" + f[5] + " admin=" + f[6] + " id=" + f[2] + " addr=" + f[4] + " port=" + f[18];
            }
        }
        return "absent";
    }

    @Test
    void anAddedServerWaitsInMaintenanceThenIsBalancedAndChecked() throws Exception {
        start(2, "roundrobin");
        load.start(fePort, 2, 1);
        load.awaitServed(100);
        final HttpBackend b1 = backends.get(1);
        assertEquals("New server registered.\n",
            cli("add server be/s2 127.0.0.1:" + b1.port() + " check inter 100ms rise 1 fall 1").strip() + "\n");
        assertEquals("op=0 admin=1 id=2 addr=127.0.0.1 port=" + b1.port(), state("s2"),
            "a dynamic server starts in maintenance (HAProxy: op state 0, admin 1 = forced maintenance)");
        load.awaitServed(300);
        assertEquals(0, b1.requestsReceived(), "in maintenance with its checks paused: nothing reaches it");

        cli("enable server be/s2");
        await().atMost(Duration.ofSeconds(5)).until(() -> b1.requestsReceived() > 50);
        assertEquals("op=2 admin=0 id=2 addr=127.0.0.1 port=" + b1.port(), state("s2"));

        cli("enable health be/s2");
        b1.health("/status/503");
        final Server s2 = daemon.backend("be").server("s2");
        await().atMost(Duration.ofSeconds(5)).until(() -> !s2.isRunning());
        assertTrue(state("s2").startsWith("op=0 admin=0"), "its check found it DOWN: " + state("s2"));
        b1.health("");
        await().atMost(Duration.ofSeconds(5)).until(s2::isRunning);
        load.awaitServed(200);
        load.stop();
        assertEquals(List.of(), load.failures(), "no request failed while the server came and went");
    }

    @Test
    void deleteNeedsMaintenanceNoStreamAndNoReferenceThenClosesTheIdlePool() throws Exception {
        start(2, "leastconn");
        final HttpBackend b1 = backends.get(1);
        cli("add server be/s2 127.0.0.1:" + b1.port());
        cli("enable server be/s2");
        load.start(fePort, 2, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> b1.requestsReceived() > 50);
        assertEquals("Only servers in maintenance mode can be deleted.", cli("del server be/s2").strip());
        assertEquals("New server registered.", cli("add server be/s3 127.0.0.1:" + b1.port() + " track s1").strip());
        assertEquals("This server cannot be removed at runtime due to other configuration elements pointing to it.",
            cli("del server be/s1").strip(), "s1 is tracked by s3: it cannot go");
        assertEquals("No such server.", cli("del server be/nothere").strip());
        assertEquals("No such backend.", cli("del server nobe/s2").strip());

        cli("disable server be/s2");
        await().atMost(Duration.ofSeconds(5)).until(() -> cli("del server be/s2").strip().equals("Server deleted."));
        assertNull(daemon.backend("be").server("s2"));
        assertEquals("absent", state("s2"));
        await().atMost(Duration.ofSeconds(5)).until(() -> b1.openConnections() == 0);
        final long before = b1.requestsReceived();
        load.awaitServed(300);
        assertEquals(before, b1.requestsReceived(), "a deleted server gets nothing");

        assertEquals("New server registered.", cli("add server be/s4 127.0.0.1:" + b1.port()).strip());
        assertTrue(state("s4").contains(" id=2 "), "the first free id again, as HAProxy: " + state("s4"));
        load.stop();
        assertEquals(List.of(), load.failures());
    }

    @Test
    void aNewAddressTakesNewConnectionsAndTheOldOnesDrain() throws Exception {
        start(2, "roundrobin");
        final HttpBackend b0 = backends.get(0);
        final HttpBackend b1 = backends.get(1);
        load.start(fePort, 2, 1);
        load.awaitServed(200);
        assertTrue(b0.openConnections() > 0, "pooled connections to the first address");
        assertEquals("no need to change the addr, port changed from '" + b0.port() + "' to '" + b1.port()
                + "' by 'stats socket command'",
            cli("set server be/s1 addr 127.0.0.1 port " + b1.port()).strip());
        await().atMost(Duration.ofSeconds(5)).until(() -> b0.openConnections() == 0);
        final long before = b1.requestsReceived();
        load.awaitServed(200);
        assertTrue(b1.requestsReceived() > before + 100, "the traffic follows the address");
        assertTrue(state("s1").endsWith("port=" + b1.port()), state("s1"));
        assertEquals("Invalid addr 'nowhere.example' by 'stats socket command'",
            cli("set server be/s1 addr nowhere.example").strip());
        load.stop();
        assertEquals(List.of(), load.failures());
    }

    @Test
    void onlyDynamicAlgorithmsTakeServersAndAReloadDropsTheAddedOnes() throws Exception {
        final Path cfg = start(1, "static-rr");
        assertEquals("Backend must use a dynamic load balancing to support dynamic servers.",
            cli("add server be/s2 127.0.0.1:1").strip());
        Files.writeString(cfg, Files.readString(cfg).replace("balance static-rr", "balance source\n"
            + "    hash-type consistent"));
        assertTrue(reload.run("test").startsWith("Success=1"));
        assertEquals("New server registered.", cli("add server be/s2 127.0.0.1:1").strip());
        assertEquals("'cookie' option is not accepted for dynamic server",
            cli("add server be/s3 127.0.0.1:1 cookie c3").strip());
        assertEquals("Already exists a server with the same name in backend.",
            cli("add server be/s2 127.0.0.1:1").strip());
        final String answer = reload.run("test");
        assertTrue(answer.contains("server 'be/s2' removed"), "the file does not name it (as HAProxy): " + answer);
        assertFalse(cli("show servers state be").contains(" s2 "));
    }
}
