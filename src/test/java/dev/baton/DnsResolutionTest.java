package dev.baton;

import dev.baton.backend.Server;
import dev.baton.config.ConfigLoader;
import dev.baton.support.FakeDnsServer;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Run-time resolution through a daemon and a fake name server: a server that starts without an address
 * ({@code init-addr none}) waits in maintenance until its name resolves; a new AAAA record (IPv6 preferred by
 * default) moves the traffic to the new address; NXDOMAIN past {@code hold nx} puts the server in maintenance and a
 * valid answer brings it back. Backends: one on 127.0.0.1 and one on ::1, on the same port, each answering its tag.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DnsResolutionTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /**
     * A backend on {@code ip}:{@code port} that writes {@code tag} and a newline to each connection, then closes;
     * returns its listening socket, which the caller closes.
     */
    static ServerSocket tagServer(final String ip, final int port, final String tag) throws IOException {
        final ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
        final Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try (Socket s = ss.accept(); OutputStream out = s.getOutputStream()) {
                    out.write((tag + "\n").getBytes(StandardCharsets.US_ASCII));
                } catch (final IOException e) {
                    return;
                }
            }
        }, "tag-" + tag);
        t.setDaemon(true);
        t.start();
        return ss;
    }

    /** The tag the backend behind {@code port} answers, or "" when the connection brings none. */
    static String tagThrough(final int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(2000);
            final InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        } catch (final IOException e) {
            return "";
        }
    }

    /** A fake name server, closed after the test. */
    private FakeDnsServer fakeDns() throws IOException {
        final FakeDnsServer dns = FakeDnsServer.start();
        closing.add(dns);
        return dns;
    }

    /** A free port with the "v4" backend on 127.0.0.1. */
    private int v4Backend() throws IOException {
        final int port = RunningDaemon.freePort();
        closing.add(tagServer("127.0.0.1", port, "v4"));
        return port;
    }

    private RunningDaemon daemon(final FakeDnsServer dns, final int backendPort, final String serverOptions)
        throws Exception {
        final RunningDaemon d = RunningDaemon.start(config(dns, RunningDaemon.freePort(), backendPort, serverOptions));
        closing.add(d);
        return d;
    }

    private static String config(final FakeDnsServer dns, final int fe, final int backendPort,
                                 final String serverOptions) {
        return "resolvers dns\n"
            + "    nameserver ns1 127.0.0.1:" + dns.port() + "\n"
            + "    resolve_retries 2\n    timeout resolve 100ms\n    timeout retry 100ms\n"
            + "    hold valid 100ms\n    hold nx 300ms\n    hold other 300ms\n    hold timeout 300ms\n"
            + "defaults\n    mode tcp\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + fe + "\n    default_backend be\n"
            + "backend be\n    server s1 app.test:" + backendPort + " resolvers dns " + serverOptions + "\n";
    }

    @Test
    void startsWithoutAddressThenFollowsTheRecords() throws Exception {
        final FakeDnsServer dns = fakeDns();
        final int port = v4Backend();
        closing.add(tagServer("::1", port, "v6"));
        dns.silent("app.test");
        final RunningDaemon d = daemon(dns, port, "init-addr none");
        final Server s1 = d.daemon().backend("be").server("s1");
        assertTrue(s1.state().resolutionMaint(), "init-addr none: in maintenance until resolved");
        assertTrue(s1.address().getAddress().isAnyLocalAddress());

        dns.answer("app.test", false, "127.0.0.1");
        dns.answer("app.test", true); // no AAAA record: the A fallback answers
        await().atMost(WITHIN).until(() -> !s1.state().resolutionMaint());
        assertEquals("127.0.0.1", s1.address().getAddress().getHostAddress());
        assertEquals("v4", tagThrough(d.port("fe")));

        dns.answer("app.test", true, "::1"); // IPv6 is preferred by default
        await().atMost(WITHIN).until(() -> "v6".equals(tagThrough(d.port("fe"))));
        assertTrue(s1.address().getAddress().isLoopbackAddress());
        assertEquals(16, s1.address().getAddress().getAddress().length);
    }

    /**
     * Without {@code init-addr}, a server whose name does not resolve at start-up (app.test never does through the
     * system resolver) still starts, in maintenance, since its {@code resolvers} section will resolve it: HAProxy
     * appends {@code none} to the default methods then.
     */
    @Test
    void withResolversAnUnresolvedNameStartsInMaintenanceByDefault() throws Exception {
        final FakeDnsServer dns = fakeDns();
        final int port = v4Backend();
        dns.silent("app.test");
        final RunningDaemon d = daemon(dns, port, "resolve-prefer ipv4");
        final Server s1 = d.daemon().backend("be").server("s1");
        assertTrue(s1.state().resolutionMaint(), "in maintenance until resolved");
        assertEquals("", tagThrough(d.port("fe")), "no server to go to");

        dns.answer("app.test", false, "127.0.0.1");
        await().atMost(WITHIN).until(() -> !s1.state().resolutionMaint());
        assertEquals("v4", tagThrough(d.port("fe")));
    }

    @Test
    void nxdomainPastItsHoldPutsTheServerInMaintenanceUntilItResolvesAgain() throws Exception {
        final FakeDnsServer dns = fakeDns();
        final int port = v4Backend();
        dns.answer("app.test", false, "127.0.0.1");
        dns.answer("app.test", true);
        final RunningDaemon d = daemon(dns, port, "resolve-prefer ipv4 init-addr 127.0.0.1");
        final Server s1 = d.daemon().backend("be").server("s1");
        assertFalse(s1.state().maint());
        await().atMost(WITHIN).until(() -> dns.queries() > 0);
        assertEquals("v4", tagThrough(d.port("fe")));

        dns.nx("app.test");
        await().atMost(WITHIN).until(() -> s1.state().resolutionMaint());
        assertTrue(s1.address().getAddress().isAnyLocalAddress(), "HAProxy clears the address");
        assertEquals("", tagThrough(d.port("fe")), "no server: the connection is closed without data");

        dns.answer("app.test", false, "127.0.0.1");
        await().atMost(WITHIN).until(() -> !s1.state().maint());
        assertEquals("v4", tagThrough(d.port("fe")));
    }

    @Test
    void noAnswerPastTheTimeoutHoldIsMaintenanceToo() throws Exception {
        final FakeDnsServer dns = fakeDns();
        final int port = v4Backend();
        dns.silent("app.test");
        final RunningDaemon d = daemon(dns, port, "init-addr 127.0.0.1");
        final Server s1 = d.daemon().backend("be").server("s1");
        assertEquals("v4", tagThrough(d.port("fe")));
        await().atMost(WITHIN).until(() -> s1.state().resolutionMaint());
    }

    /** Section {@code dns} on the fake name server with short timers, a tcp frontend on {@code fe}, {@code server}. */
    static String templateConfig(final int dnsPort, final int fe, final String server) {
        return "resolvers dns\n"
            + "    nameserver ns1 127.0.0.1:" + dnsPort + "\n"
            + "    timeout resolve 100ms\n    timeout retry 100ms\n    hold valid 100ms\n"
            + "defaults\n    mode tcp\n    timeout connect 1s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + fe + "\n    default_backend be\n"
            + "backend be\n    " + server + "\n";
    }

    @Test
    void templateCopiesSpreadOverTheAddressesAndTheOneLeftWaitsInMaintenance() throws Exception {
        final FakeDnsServer dns = fakeDns();
        final int port = v4Backend();
        dns.answer("app.test", false, "127.0.0.1", "127.0.0.2"); // addresses only compared: nothing dials .2
        dns.answer("app.test", true);
        final int fe = RunningDaemon.freePort();
        final RunningDaemon d = RunningDaemon.start(templateConfig(dns.port(), fe,
            "server-template s 3 app.test:" + port + " resolvers dns init-addr none"));
        closing.add(d);
        final List<Server> servers = List.copyOf(d.daemon().backend("be").servers());
        await().atMost(WITHIN).until(() -> servers.stream().filter(s -> !s.state().maint()).count() == 2);
        final java.util.Set<String> taken = new java.util.TreeSet<>();
        for (final Server s : servers) {
            if (!s.state().maint()) {
                taken.add(s.address().getAddress().getHostAddress());
            }
        }
        assertEquals(java.util.Set.of("127.0.0.1", "127.0.0.2"), taken, "prevent-dup-ip: one address each");
        assertEquals(1, servers.stream().filter(s -> s.state().resolutionMaint()).count());
    }

    @Test
    void aReloadKeepsTheAddressWithLastHandsTheResolutionOverAndStopsTheOldThread() throws Exception {
        final FakeDnsServer dns = fakeDns();
        final int port = v4Backend();
        closing.add(tagServer("::1", port, "v6"));
        dns.answer("app.test", false, "127.0.0.1");
        dns.answer("app.test", true);
        final int fe = RunningDaemon.freePort();
        final RunningDaemon d = RunningDaemon.start(config(dns, fe, port, "init-addr none"));
        closing.add(d);
        await().atMost(WITHIN).until(() -> "v4".equals(tagThrough(fe)));

        d.daemon().reload(ConfigLoader.parse("test.cfg", config(dns, fe, port, "init-addr last,none weight 2"),
            Map.of()));
        final Server next = d.daemon().backend("be").server("s1");
        assertEquals(2, next.config().weight(), "the reloaded server");
        assertFalse(next.state().maint(), "init-addr last: the running server's address, no maintenance");
        assertEquals("127.0.0.1", next.address().getAddress().getHostAddress());
        dns.answer("app.test", true, "::1");
        await().atMost(WITHIN).until(() -> "v6".equals(tagThrough(fe)));
        assertEquals(1, Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("baton-dns") && t.isAlive()).count(), "the old generation's resolver stopped");
    }
}
