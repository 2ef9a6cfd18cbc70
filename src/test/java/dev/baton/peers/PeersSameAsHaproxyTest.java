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
            "    table names type string len 16 size 1k expire 5m store gpc0,conn_cnt",
            "frontend fe",
            "    mode http",
            "    timeout client 10s",
            "    bind 127.0.0.1:" + fe,
            "    stick-table type ip size 1k expire 5m store gpc0,http_req_cnt,http_req_rate(1m) peers mesh",
            "    http-request track-sc0 src",
            "    http-request sc-inc-gpc0(0) if { path /mark }",
            "    http-request track-sc1 req.hdr(x-name) table mesh/names if { req.hdr(x-name) -m found }",
            "    http-request sc-inc-gpc0(1) if { req.hdr(x-name) -m found }",
            "    http-request return status 200",
            "");
    }

    private static void get(final int port, final String path) throws Exception {
        get(port, path, "");
    }

    private static void get(final int port, final String path, final String header) throws Exception {
        try (RawHttp c = RawHttp.open(port)) {
            assertEquals(200, c.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n" + header + "Connection: close\r\n\r\n")
                .read().status);
        }
    }

    private static String table(final Path socket) throws Exception {
        return Sockets.stats(socket, "show table fe").replaceAll("0x[0-9a-f]+:", "REF:").replaceAll("exp=\\d+", "exp=EXP");
    }

    private static String names(final Path socket) throws Exception {
        return Sockets.stats(socket, "show table mesh/names").replaceAll("0x[0-9a-f]+:", "REF:")
            .replaceAll("exp=\\d+", "exp=EXP");
    }

    private static boolean resynced(final Path socket) throws Exception {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile(" flags=0x([0-9a-f]+) resync_timeout")
            .matcher(Sockets.stats(socket, "show peers"));
        return m.find() && (Integer.parseInt(m.group(1), 16) & 3) == 3;
    }

    /** A {@code show peers} dump with its values masked: the lines and fields it has. */
    private static String shape(final String dump) {
        return dump.replaceAll("(reconnect|heartbeat|resync_timeout|last_hdshk)=\\S+", "$1=T")
            .replaceAll("(remote_table|last_local_table):(\\S+) id=\\S+", "$1:$2 id=T") // the last table either way
            .replaceAll("\n +xprt=RAW [^\n]*", "") // only the side that accepted the session shows its connection
            .replaceAll("\\[[^]]*\\]", "[DATE]").replaceAll("0x[0-9a-f]+", "HEX").replaceAll("\\d+", "N")
            .replaceAll("id=[hb]\\(", "id=P(");
    }

    private void awaitCount(final Path socket, final int count) throws Exception {
        try {
            await("http_req_cnt=" + count + " in " + socket.getFileName()).atMost(WITHIN)
                .until(() -> Sockets.stats(socket, "show table fe").contains(" http_req_cnt=" + count + " "));
        } catch (final org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("http_req_cnt=" + count + " never came in " + socket.getFileName() + "\nHAProxy:\n"
                + Sockets.stats(tmp.resolve("h.sock"), "show peers") + Sockets.stats(tmp.resolve("h.sock"), "show table fe")
                + "baton:\n" + Sockets.stats(tmp.resolve("b.sock"), "show peers")
                + Sockets.stats(tmp.resolve("b.sock"), "show table fe"), e);
        }
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

        get(feH, "/", "X-Name: a-name-longer-than-sixteen\r\n");
        get(feH, "/mark");
        awaitCount(sockB, 2); // HAProxy -> baton
        get(feB, "/mark");
        awaitCount(sockH, 3); // baton -> HAProxy
        awaitCount(sockB, 3);
        // both sides done learning (resync flags 0x3): a lesson still under way would overwrite a newer count
        await("resyncs done").atMost(WITHIN).until(() -> resynced(sockH) && resynced(sockB));
        get(feB, "/x", "X-Name: bob\r\n"); // the table a peers section declares, with string keys, crosses too
        await("names crossed").atMost(WITHIN).until(() -> Sockets.stats(sockH, "show table mesh/names")
            .contains("key=bob "));
        awaitCount(sockH, 4);
        assertEquals("# table: mesh/names, type: string, size:1024, used:2\n"
            + "REF: key=a-name-longer-th use=0 exp=EXP gpc0=1 conn_cnt=1\n"
            + "REF: key=bob use=0 exp=EXP gpc0=1 conn_cnt=1\n\n", names(sockB), "16 characters kept, as HAProxy");
        assertEquals(names(sockH), names(sockB));
        final String expected = "# table: fe, type: ip, size:1024, used:1\n"
            + "REF: key=127.0.0.1 use=0 exp=EXP gpc0=2 http_req_cnt=4 http_req_rate(60000)=4\n\n";
        assertEquals(expected, table(sockH));
        assertEquals(expected, table(sockB), "the same data as HAProxy's");
        // show peers: the same lines with the same fields (values, addresses and names masked), once both sessions
        // settled (each side has defined its table to the other)
        try {
            await("show peers laid out as HAProxy's").atMost(WITHIN).ignoreExceptions().until(
                () -> shape(Sockets.stats(sockB, "show peers")).equals(shape(Sockets.stats(sockH, "show peers"))));
        } catch (final org.awaitility.core.ConditionTimeoutException e) {
            assertEquals(shape(Sockets.stats(sockH, "show peers")), shape(Sockets.stats(sockB, "show peers")));
        }

        haproxy.close();
        haproxy = startHaproxy("h2", haproxyConfig, feH);
        awaitCount(sockH, 4); // the new HAProxy asked baton for the entries
        assertEquals(expected, table(sockH));

        baton.stop(1000);
        baton = startBaton(batonConfig);
        awaitCount(sockB, 4); // the new baton asked HAProxy for the entries
        assertEquals(expected, table(sockB));
        await("show peers tells the session").atMost(WITHIN).until(() -> Sockets.stats(sockB, "show peers")
            .contains("id=h(remote,active) addr=127.0.0.1:" + peerH + " last_status=ESTA"));

        assertEquals(names(sockH), names(sockB), "the other table learnt too");
        get(feB, "/");
        awaitCount(sockH, 5);
    }
}
