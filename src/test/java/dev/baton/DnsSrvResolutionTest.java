package dev.baton;

import dev.baton.backend.Server;
import dev.baton.support.FakeDnsServer;
import dev.baton.support.FakeDnsServer.Srv;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DNS SRV records feeding a {@code server-template} through a daemon and a fake name server: each record fills one
 * server with its target's address (from the additional section, or from the server's own A query of the target
 * when the answer has none), its port and its weight; the traffic reaches both records' backends; a record that
 * disappears puts its server in maintenance without a name nor an address, and when it comes back a free server
 * takes it again. Backends: two ports on 127.0.0.1, each answering its tag.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DnsSrvResolutionTest {
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static final String NAME = "_http._tcp.app.test";

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** The tags seen over {@code n} connections through {@code port}. */
    private static Set<String> tagsOver(final int port, final int n) {
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            seen.add(DnsResolutionTest.tagThrough(port));
        }
        return seen;
    }

    private static Server holding(final List<Server> servers, final String fqdn) {
        return servers.stream().filter(s -> fqdn.equals(s.fqdn())).findFirst().orElse(null);
    }

    @Test
    void recordsFillTheTemplateAndFollowTheAnswers() throws Exception {
        final FakeDnsServer dns = FakeDnsServer.start();
        closing.add(dns);
        final int portA = RunningDaemon.freePort();
        final int portB = RunningDaemon.freePort();
        closing.add(DnsResolutionTest.tagServer("127.0.0.1", portA, "A"));
        closing.add(DnsResolutionTest.tagServer("127.0.0.1", portB, "B"));
        final Srv a = new Srv(0, 512, portA, "a.app.test", "127.0.0.1");
        final Srv b = new Srv(0, 100, portB, "b.app.test", null); // no additional record: www? asks for b's A
        dns.answer("b.app.test", false, "127.0.0.1");
        dns.answer("b.app.test", true);
        dns.srv(NAME, a, b);
        final int fe = RunningDaemon.freePort();
        final RunningDaemon d = RunningDaemon.start(DnsResolutionTest.templateConfig(dns.port(), fe,
            "server-template www 3 " + NAME + " resolvers dns"));
        closing.add(d);
        final List<Server> servers = List.copyOf(d.daemon().backend("be").servers());
        assertTrue(servers.stream().allMatch(s -> s.state().resolutionMaint()), "no record yet: all waiting");

        await().atMost(WITHIN).until(() -> servers.stream().filter(s -> !s.state().maint()).count() == 2);
        final Server sa = holding(servers, "a.app.test");
        assertEquals(new InetSocketAddress("127.0.0.1", portA), sa.address());
        assertEquals(2, sa.weight(), "(512 + 255) / 256");
        final Server sb = holding(servers, "b.app.test");
        assertEquals(new InetSocketAddress("127.0.0.1", portB), sb.address(), "b's own A query");
        assertEquals(1, sb.weight());
        assertEquals(1, servers.stream().filter(s -> s.state().resolutionMaint()).count(), "three servers, two records");
        await().atMost(WITHIN).until(() -> tagsOver(fe, 6).equals(Set.of("A", "B")));

        dns.srv(NAME, a);
        await().atMost(WITHIN).until(() -> sb.state().resolutionMaint());
        assertNull(sb.fqdn());
        assertTrue(sb.address().getAddress().isAnyLocalAddress());
        assertEquals(0, sb.address().getPort());
        assertEquals(Set.of("A"), tagsOver(fe, 4));

        dns.srv(NAME, a, new Srv(0, 2560, portB, "b.app.test", "127.0.0.1"));
        await().atMost(WITHIN).until(() -> holding(servers, "b.app.test") != null
            && !holding(servers, "b.app.test").state().maint());
        final Server back = holding(servers, "b.app.test");
        assertEquals(new InetSocketAddress("127.0.0.1", portB), back.address());
        assertEquals(10, back.weight());
        assertTrue(back != sb, "the server left free the longest takes it, as in HAProxy");
        await().atMost(WITHIN).until(() -> tagsOver(fe, 12).contains("B"));
    }

    @Test
    void aReloadFillsTheNewServersAgainAndStopsTheOldResolver() throws Exception {
        final FakeDnsServer dns = FakeDnsServer.start();
        closing.add(dns);
        final int portA = RunningDaemon.freePort();
        closing.add(DnsResolutionTest.tagServer("127.0.0.1", portA, "A"));
        dns.srv(NAME, new Srv(0, 256, portA, "a.app.test", "127.0.0.1"));
        final int fe = RunningDaemon.freePort();
        final String text = DnsResolutionTest.templateConfig(dns.port(), fe,
            "server-template www 2 " + NAME + " resolvers dns");
        final RunningDaemon d = RunningDaemon.start(text);
        closing.add(d);
        await().atMost(WITHIN).until(() -> "A".equals(DnsResolutionTest.tagThrough(fe)));

        d.daemon().reload(dev.baton.config.ConfigLoader.parse("test.cfg", text.replace("www 2", "www 3"),
            java.util.Map.of()));
        final List<Server> next = List.copyOf(d.daemon().backend("be").servers());
        assertEquals(3, next.size(), "the reloaded template");
        await().atMost(WITHIN).until(() -> holding(next, "a.app.test") != null
            && !holding(next, "a.app.test").state().maint());
        assertEquals(new InetSocketAddress("127.0.0.1", portA), holding(next, "a.app.test").address());
        assertEquals("A", DnsResolutionTest.tagThrough(fe));
        await().atMost(WITHIN).until(() -> Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("baton-dns") && t.isAlive()).count() == 1);
    }
}
