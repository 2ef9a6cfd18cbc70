package dev.baton.peers;

import dev.baton.config.ConfigLoader;
import dev.baton.Daemon;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * baton and HAProxy 2.6 as each other's peers, with the same configuration but for the local peer's name: entries
 * tracked through either ({@code http-request track-sc0 src}, {@code sc-inc-gpc0}) show up in the other's
 * {@code show table} with the same data (dumps equal but for entry addresses and expiry); a HAProxy restarted later
 * learns baton's entries, and a baton restarted later learns HAProxy's (the resync each asks for).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeersSameAsHaproxyTest {
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private HaproxyProcess haproxy;
    private Daemon baton;

    @AfterEach
    void stop() throws InterruptedException {
        if (haproxy != null) {
            haproxy.close();
        }
        if (baton != null) {
            baton.stop(1000);
        }
    }

    private static String config(final String local, final Path socket, final int fe, final int peerH,
                                 final int peerB) {
        return String.join("\n",
            "global",
            "    localpeer " + local,
            "    stats socket " + socket + " level admin",
            "peers mesh",
            "    peer h 127.0.0.1:" + peerH,
            "    peer b 127.0.0.1:" + peerB,
            "frontend fe",
            "    mode http",
            "    timeout client 10s",
            "    bind 127.0.0.1:" + fe,
            "    stick-table type ip size 1k expire 5m store gpc0,http_req_cnt,http_req_rate(1m) peers mesh",
            "    http-request track-sc0 src",
            "    http-request sc-inc-gpc0(0) if { path /mark }",
            "    http-request return status 200",
            "");
    }

    private static void get(final int port, final String path) throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            assertEquals(200, c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").read().status);
        }
    }

    private static String table(final Path socket) throws Exception {
        return Sockets.stats(socket, "show table fe").replaceAll("0x[0-9a-f]+:", "REF:").replaceAll("exp=\\d+", "exp=EXP");
    }

    /** A {@code show peers} dump with its values masked: the lines and fields it has. */
    private static String shape(final String dump) {
        return dump.replaceAll("(reconnect|heartbeat|resync_timeout|last_hdshk)=\\S+", "$1=T")
            .replaceAll("\\[[^]]*\\]", "[DATE]").replaceAll("0x[0-9a-f]+", "HEX").replaceAll("\\d+", "N")
            .replaceAll("id=[hb]\\(", "id=P(");
    }

    private static void awaitCount(final Path socket, final int count) {
        await("http_req_cnt=" + count + " in " + socket.getFileName()).atMost(WITHIN)
            .until(() -> Sockets.stats(socket, "show table fe").contains(" http_req_cnt=" + count + " "));
    }

    private HaproxyProcess startHaproxy(final String dir, final String config, final int fe) throws Exception {
        return HaproxyProcess.start(Files.createDirectories(tmp.resolve(dir)), config, fe);
    }

    private Daemon startBaton(final String config) throws Exception {
        final Daemon d = new Daemon(ConfigLoader.parse("baton.cfg", config, Map.of()));
        d.start();
        return d;
    }

    @Test
    void entriesCrossBothWaysAndARestartedPeerLearnsThem() throws Exception {
        final int ports = RunningDaemon.freePorts(4);
        final int feH = ports;
        final int feB = ports + 1;
        final int peerH = ports + 2;
        final int peerB = ports + 3;
        final Path sockH = tmp.resolve("h.sock");
        final Path sockB = tmp.resolve("b.sock");
        final String haproxyConfig = config("h", sockH, feH, peerH, peerB);
        final String batonConfig = config("b", sockB, feB, peerH, peerB);
        haproxy = startHaproxy("h1", haproxyConfig, feH);
        baton = startBaton(batonConfig);

        get(feH, "/");
        get(feH, "/mark");
        awaitCount(sockB, 2); // HAProxy -> baton
        get(feB, "/mark");
        awaitCount(sockH, 3); // baton -> HAProxy
        awaitCount(sockB, 3);
        final String expected = "# table: fe, type: ip, size:1024, used:1\n"
            + "REF: key=127.0.0.1 use=0 exp=EXP gpc0=2 http_req_cnt=3 http_req_rate(60000)=3\n\n";
        assertEquals(expected, table(sockH));
        assertEquals(expected, table(sockB), "the same data as HAProxy's");
        // show peers: the same lines with the same fields (values, addresses and names masked), once both sessions
        // settled (each side has defined its table to the other)
        await("show peers laid out as HAProxy's").atMost(WITHIN).ignoreExceptions()
            .until(() -> shape(Sockets.stats(sockB, "show peers")).equals(shape(Sockets.stats(sockH, "show peers"))));

        haproxy.close();
        haproxy = startHaproxy("h2", haproxyConfig, feH);
        awaitCount(sockH, 3); // the new HAProxy asked baton for the entries
        assertEquals(expected, table(sockH));

        baton.stop(1000);
        baton = startBaton(batonConfig);
        awaitCount(sockB, 3); // the new baton asked HAProxy for the entries
        assertEquals(expected, table(sockB));
        await("show peers tells the session").atMost(WITHIN).until(() -> Sockets.stats(sockB, "show peers")
            .contains("id=h(remote,active) addr=127.0.0.1:" + peerH + " last_status=ESTA"));

        get(feB, "/");
        awaitCount(sockH, 4);
    }
}
