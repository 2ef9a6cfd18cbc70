package dev.baton;

import dev.baton.config.ConfigLoader;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two batons as each other's peers ({@code peers} section, {@code stick-table ... peers}): a baton started later
 * learns the entries the first one has (resync), an entry tracked through either shows up in the other's
 * {@code show table} with its count, {@code show peers} tells the session is established, and a reload in place
 * keeps the shared table's entries (the same definition, or a changed expiry) while peering goes on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeersThroughDaemonTest {
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    private final List<Daemon> daemons = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (final Daemon d : daemons) {
            d.stop(1000);
        }
    }

    private static String config(final String name, final Path socket, final int fe, final int peerA,
                                 final int peerB, final String expire) {
        return String.join("\n",
            "global",
            "    localpeer " + name,
            "    stats socket " + socket + " level admin",
            "peers p",
            "    peer a 127.0.0.1:" + peerA,
            "    peer b 127.0.0.1:" + peerB,
            "frontend fe",
            "    mode http",
            "    timeout client 10s",
            "    bind 127.0.0.1:" + fe,
            "    stick-table type ip size 1k expire " + expire + " store http_req_cnt,gpc0 peers p",
            "    http-request track-sc0 src",
            "    http-request return status 200",
            "");
    }

    private Daemon start(final String config) throws Exception {
        final Daemon d = new Daemon(ConfigLoader.parse("test.cfg", config, Map.of()));
        daemons.add(d);
        d.start();
        return d;
    }

    private static void get(final int port) throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            assertEquals(200, c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read().status);
        }
    }

    private static void awaitCount(final Path socket, final int count) {
        await("http_req_cnt=" + count + " in " + socket.getFileName()).atMost(WITHIN)
            .until(() -> Sockets.stats(socket, "show table fe").contains(" http_req_cnt=" + count + "\n"));
    }

    @Test
    void batonsShareTheirTableAndKeepItAcrossAReload() throws Exception {
        final int ports = RunningDaemon.freePorts(4);
        final int feA = ports;
        final int feB = ports + 1;
        final int peerA = ports + 2;
        final int peerB = ports + 3;
        final Path sockA = tmp.resolve("a.sock");
        final Path sockB = tmp.resolve("b.sock");
        final Daemon a = start(config("a", sockA, feA, peerA, peerB, "1m"));
        for (int i = 0; i < 3; i++) {
            get(feA);
        }
        awaitCount(sockA, 3);

        start(config("b", sockB, feB, peerA, peerB, "1m"));
        awaitCount(sockB, 3); // b asked a for the entries it had before b started

        get(feB);
        awaitCount(sockA, 4);
        await("show peers tells the session").atMost(WITHIN).until(() -> Sockets.stats(sockA, "show peers")
            .contains("id=b(remote,active) addr=127.0.0.1:" + peerB + " last_status=ESTA"));
        final String peers = Sockets.stats(sockA, "show peers");
        assertTrue(peers.contains(" id=p disabled=0 "), peers);
        assertTrue(peers.contains("id=b(remote,active) addr=127.0.0.1:" + peerB + " last_status=ESTA"), peers);
        assertTrue(peers.contains("id=a(local,inactive) addr=127.0.0.1:" + peerA), peers);
        assertEquals("No such peers\n\n", Sockets.stats(sockA, "show peers nope"), "as HAProxy answers");

        a.reload(ConfigLoader.parse("test.cfg", config("a", sockA, feA, peerA, peerB, "1m"), Map.of()));
        assertTrue(Sockets.stats(sockA, "show table fe").contains(" http_req_cnt=4\n"), "kept by the reload");
        get(feA);
        awaitCount(sockB, 5); // the new generation's peers push to b

        a.reload(ConfigLoader.parse("test.cfg", config("a", sockA, feA, peerA, peerB, "2m"), Map.of()));
        assertTrue(Sockets.stats(sockA, "show table fe").contains(" http_req_cnt=5\n"),
            "a changed expiry keeps the entries too");
        get(feB);
        awaitCount(sockA, 6);
    }
}
