package dev.baton;

import dev.baton.support.DnsSideBySide;
import dev.baton.support.FakeDnsServer;
import dev.baton.support.FakeDnsServer.Srv;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DNS SRV records feeding a {@code server-template}, side by side with HAProxy 2.6, both asking the same fake name
 * server the same things: two records with additional addresses fill two of three servers; one record goes away
 * (its server to maintenance); a record without an additional address (its server resolves the target itself); the
 * same record with an additional address; the SRV name turns NXDOMAIN past {@code hold nx} (every server loses its
 * record); the records come back; {@code set server ... fqdn} is refused. After each step both show the same
 * {@code show servers state} (the seconds since the last change masked) and {@code show stat} status, weight and
 * address, and both log the same lines about the backend. With health checks, the checks go where the records say.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsSrvSameAsHaproxyTest {
    private static final String NAME = "_http._tcp.app.test";
    private static final Srv A = new Srv(0, 100, 8081, "a.app.test", "127.0.0.11");
    private static final Srv B = new Srv(0, 512, 8082, "b.app.test", "127.0.0.12");

    @TempDir
    Path tmp;

    private static String config(final Path socket, final int fePort, final int dnsPort) {
        return DnsSideBySide.config(socket, "stdout format raw local0", fePort, dnsPort,
            "server-template www 3 " + NAME + " resolvers dns");
    }

    /**
     * be's servers in {@code show servers state} (without srv_time_since_last_change), then their status, weight
     * and address in {@code show stat}.
     */
    private static String state(final Path socket) throws Exception {
        final StringBuilder out = new StringBuilder();
        for (final String l : Sockets.stats(socket, "show servers state be").split("\n")) {
            final String[] f = l.split(" ");
            if (f.length > 20 && f[1].equals("be")) {
                f[9] = "*";
                out.append(String.join(" ", f)).append(" | ");
            }
        }
        for (final String l : Sockets.stats(socket, "show stat").split("\n")) {
            final String[] f = l.split(",", -1);
            if (f.length > 73 && f[0].equals("be")) {
                out.append(f[1]).append(" status=").append(f[17]).append(" weight=").append(f[18]).append(" addr=")
                    .append(f[73]).append(" | ");
            }
        }
        return out.toString();
    }

    private static String awaitState(final Path socket, final Predicate<String> wanted) {
        return DnsSideBySide.awaitState(() -> state(socket), wanted);
    }

    /** How many servers show {@code admin} as srv_admin_state in {@code state}. */
    private static long withAdmin(final String state, final int admin) {
        return java.util.Arrays.stream(state.split(" \\| ")).filter(l -> l.split(" ").length > 6
            && l.split(" ")[6].equals(Integer.toString(admin))).count();
    }

    private static List<String> session(final FakeDnsServer dns, final Path socket) throws Exception {
        final List<String> out = new ArrayList<>();
        out.add("start: " + state(socket));
        dns.srv(NAME, A, B);
        out.add("a b: " + awaitState(socket, s -> withAdmin(s, 64) == 2));
        dns.srv(NAME, A);
        out.add("a: " + awaitState(socket, s -> withAdmin(s, 96) == 1));
        dns.answer("c.app.test", false, "127.0.0.23");
        dns.answer("c.app.test", true);
        dns.srv(NAME, A, new Srv(0, 2560, 8083, "c.app.test", null));
        out.add("a c: " + awaitState(socket, s -> s.contains(" 127.0.0.23 2 64 10 ")));
        dns.srv(NAME, A, new Srv(0, 2560, 8083, "c.app.test", "127.0.0.13"));
        out.add("a c+ar: " + awaitState(socket, s -> s.contains(" 127.0.0.13 ")));
        dns.nx(NAME);
        out.add("nx: " + awaitState(socket, s -> withAdmin(s, 96) == 3));
        dns.srv(NAME, A, new Srv(0, 2560, 8083, "c.app.test", "127.0.0.13"));
        out.add("back: " + awaitState(socket, s -> withAdmin(s, 64) == 2));
        out.add("set fqdn: " + Sockets.stats(socket, "set server be/www1 fqdn x.app.test").strip());
        return out;
    }

    /**
     * The log lines about the backend and its servers (HAProxy's stderr warnings, starting with '[', left out), the
     * duration of a check masked.
     */
    private static List<String> aboutBackend(final List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("[") && (l.contains("be/www") || l.contains("backend be ")))
            .map(l -> l.strip().replaceAll("check duration: [0-9]+ms", "check duration: *ms")).toList();
    }

    @Test
    void serversStateAndLinesAreHaproxys() throws Exception {
        final DnsSideBySide.Runs runs = DnsSideBySide.run(tmp, NAME, DnsSrvSameAsHaproxyTest::config,
            DnsSrvSameAsHaproxyTest::session, DnsSrvSameAsHaproxyTest::aboutBackend);
        assertTrue(runs.haproxyStates().get(1).contains(" a.app.test 8081 " + NAME + " "),
            "HAProxy 2.6: " + runs.haproxyStates());
        assertEquals(String.join("\n", runs.haproxyStates()), String.join("\n", runs.batonStates()));
        assertEquals(String.join("\n", runs.haproxyLines()), String.join("\n", runs.batonLines()));
    }

    /** Two records on 127.0.0.1 with checks: one port listens (UP), the other does not (DOWN). */
    private static List<String> checkedSession(final FakeDnsServer dns, final Path socket, final int open,
                                               final int closed) throws Exception {
        dns.srv(NAME, new Srv(0, 100, open, "a.app.test", "127.0.0.1"),
            new Srv(0, 512, closed, "b.app.test", "127.0.0.1"));
        return List.of(awaitState(socket, s -> s.contains(" " + open + " " + NAME) && s.contains(" 2 64 1 1 * 6 ")
            && s.contains(" 0 64 2 1 * 8 ")));
    }

    @Test
    void healthChecksGoWhereTheRecordsSendTheTraffic() throws Exception {
        final int open = RunningDaemon.freePort();
        final int closed = RunningDaemon.freePort();
        try (java.net.ServerSocket listening = DnsResolutionTest.tagServer("127.0.0.1", open, "up")) {
            final DnsSideBySide.Runs runs = DnsSideBySide.run(tmp, NAME,
                (socket, port, dnsPort) -> DnsSideBySide.config(socket, "stdout format raw local0", port, dnsPort,
                    "server-template www 3 " + NAME + " check inter 200ms resolvers dns"),
                (dns, socket) -> checkedSession(dns, socket, open, closed), DnsSrvSameAsHaproxyTest::aboutBackend);
            assertEquals(String.join("\n", runs.haproxyStates()), String.join("\n", runs.batonStates()));
            assertEquals(String.join("\n", runs.haproxyLines()), String.join("\n", runs.batonLines()));
            assertTrue(listening.isBound());
        }
    }
}
