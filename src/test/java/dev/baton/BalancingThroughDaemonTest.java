package dev.baton;

import dev.baton.backend.Server;
import dev.baton.support.Banners;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TcpConfig;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load balancing end to end: real clients through a two-reactor daemon to servers that say their name
 * ({@link Banners}), counting which server answered. Each reactor balances with its own balancer instance,
 * so shares are exact per reactor and only close overall.
 */
class BalancingThroughDaemonTest {
    private final List<TcpEchoServer> servers = new ArrayList<>();
    private final List<Socket> held = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (final Socket s : held) {
            s.close();
        }
        servers.forEach(TcpEchoServer::close);
    }

    /** Starts servers s1..sN and returns {@code server sI ADDRESS OPTIONS} lines, one option string each. */
    private String serverLines(final String... options) throws IOException {
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < options.length; i++) {
            final TcpEchoServer s = Banners.start("s" + (i + 1));
            servers.add(s);
            lines.append("server ").append(s.name()).append(' ').append(Banners.hostPort(s)).append(' ')
                .append(options[i]).append('\n');
        }
        return lines.toString();
    }

    private static RunningDaemon daemon(final String balance, final String serverLines) throws Exception {
        return RunningDaemon.start(TcpConfig.of("nbthread 2", 0, "balance " + balance + "\n" + serverLines));
    }

    /** Which server answered each of {@code n} connections from {@code from} (null: any local address). */
    private static Map<String, Integer> tally(final InetAddress from, final int port, final int n) throws IOException {
        final Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(Banners.ask(from, port), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void roundRobinFollowsWeightsOverBothReactors() throws Exception {
        try (RunningDaemon d = daemon("roundrobin", serverLines("weight 1", "weight 2", "weight 3"))) {
            final Map<String, Integer> counts = tally(null, d.port("fe"), 600);

            assertWithinTenPercent(100, counts.get("s1"), counts);
            assertWithinTenPercent(200, counts.get("s2"), counts);
            assertWithinTenPercent(300, counts.get("s3"), counts);
            assertTrue(d.daemon().reactors().get(0).stats().accepts.get() > 0
                && d.daemon().reactors().get(1).stats().accepts.get() > 0, "one reactor did all the work");
        }
    }

    private static void assertWithinTenPercent(final int expected, final Integer actual,
                                               final Map<String, Integer> all) {
        assertTrue(actual != null && Math.abs(actual - expected) <= expected / 10,
            "expected about " + expected + ", got " + actual + " in " + all);
    }

    @Test
    void sourceSendsEachClientAddressToOneServer() throws Exception {
        try (RunningDaemon d = daemon("source", serverLines("", "", ""))) {
            final int port = d.port("fe");
            assertEquals(1, tally(InetAddress.getLoopbackAddress(), port, 30).size(), "127.0.0.1 moved");

            final Map<String, String> serverOfClient = new TreeMap<>();
            for (int c = 2; c <= 17; c++) {
                final InetAddress client = InetAddress.getByName("127.0.0." + c);
                final Map<String, Integer> counts = tally(client, port, 6);
                assertEquals(1, counts.size(), client + " reached " + counts);
                serverOfClient.put(client.getHostAddress(), counts.keySet().iterator().next());
            }
            // Sixteen addresses over three equal servers: a hash that ignored the address would use one.
            assertTrue(serverOfClient.values().stream().distinct().count() > 1, serverOfClient.toString());
        }
    }

    @Test
    void firstFillsServersInOrderUpToTheirMaxconn() throws Exception {
        try (RunningDaemon d = daemon("first", serverLines("maxconn 2", "maxconn 2", "maxconn 2"))) {
            final int port = d.port("fe");

            assertEquals(List.of("s1", "s1", "s2"), List.of(hold(port), hold(port), hold(port)));

            // Free one of s1's slots: the next client fills it again rather than going on to s2.
            held.remove(0).close();
            final Server s1 = d.daemon().backend("be").servers().get(0);
            await("s1 slot freed").atMost(Duration.ofSeconds(5)).until(() -> s1.currConns() == 1);
            assertEquals("s1", hold(port));
            assertEquals("s2", hold(port));
            assertEquals("s3", hold(port));
        }
    }

    /** Connects a client that stays connected until the test ends; returns the server that answered. */
    private String hold(final int port) throws IOException {
        final Socket s = new Socket();
        held.add(s);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        return Banners.readName(s);
    }

    @Test
    void backupTakesTrafficOnlyWhileTheActiveIsDisabled() throws Exception {
        try (RunningDaemon d = daemon("roundrobin", serverLines("", "backup"))) {
            final int port = d.port("fe");
            final Server active = d.daemon().backend("be").servers().get(0);

            assertEquals(Map.of("s1", 20), tally(null, port, 20));

            active.disabled(true);
            assertEquals(Map.of("s2", 20), tally(null, port, 20));

            active.disabled(false);
            assertEquals(Map.of("s1", 20), tally(null, port, 20));
        }
    }

    @Test
    void backupServesFromTheStartWhenTheActiveIsConfiguredDisabled() throws Exception {
        try (RunningDaemon d = daemon("roundrobin", serverLines("disabled", "backup"))) {
            assertEquals(Map.of("s2", 20), tally(null, d.port("fe"), 20));
            assertEquals(0, servers.get(0).connectionsAccepted());
        }
    }

    @Test
    void allbackupsSpreadsOverEveryBackupWhileTheActiveIsDisabled() throws Exception {
        try (RunningDaemon d = daemon("roundrobin\noption allbackups", serverLines("", "backup", "backup"))) {
            final int port = d.port("fe");
            assertEquals(Map.of("s1", 20), tally(null, port, 20));
            d.daemon().backend("be").servers().get(0).disabled(true);
            final Map<String, Integer> counts = tally(null, port, 40);
            assertEquals(40, counts.getOrDefault("s2", 0) + counts.getOrDefault("s3", 0), counts.toString());
            assertWithinTenPercent(20, counts.get("s2"), counts);
        }
    }
}
