package dev.baton;

import dev.baton.support.DnsSideBySide;
import dev.baton.support.FakeDnsServer;
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
 * Run-time resolution side by side with HAProxy 2.6, both asking the same fake name server the same things: a
 * server that starts without an address ({@code init-addr none}), resolves (A), loses its name (NXDOMAIN past
 * {@code hold nx}), resolves again, then moves to the AAAA record when the A answer turns empty
 * ({@code resolve-prefer ipv4}: the other family is the fallback). After each step both show the same
 * {@code show servers state} fields (address, operational and administrative state) and {@code show stat} status,
 * and both log the same lines about the server.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DnsSameAsHaproxyTest {
    private static final String NAME = "app.test";

    @TempDir
    Path tmp;

    private static String config(final Path socket, final int fePort, final int dnsPort, final int backendPort,
                                 final int syslogPort) {
        return DnsSideBySide.config(socket, "127.0.0.1:" + syslogPort + " local0", fePort, dnsPort,
            "server s1 " + NAME + ":" + backendPort + " resolvers dns resolve-prefer ipv4 init-addr none");
    }

    /** {@code addr op admin status} of be/s1. */
    private static String state(final Path socket) throws Exception {
        String fields = "";
        for (final String l : Sockets.stats(socket, "show servers state be").split("\n")) {
            final String[] f = l.split(" ");
            if (f.length > 6 && f[3].equals("s1")) {
                fields = f[4] + " op=" + f[5] + " admin=" + f[6];
            }
        }
        for (final String l : Sockets.stats(socket, "show stat").split("\n")) {
            final String[] f = l.split(",", -1);
            if (f.length > 17 && f[0].equals("be") && f[1].equals("s1")) {
                fields += " status=" + f[17] + " addr=" + f[73];
            }
        }
        return fields;
    }

    /** Waits until be/s1's state is accepted by {@code wanted}; returns it. */
    private static String awaitState(final Path socket, final Predicate<String> wanted) {
        return DnsSideBySide.awaitState(() -> state(socket), wanted);
    }

    private static List<String> session(final FakeDnsServer dns, final Path socket) throws Exception {
        final List<String> out = new ArrayList<>();
        out.add("start: " + state(socket));
        dns.answer(NAME, false, "127.0.0.1");
        dns.answer(NAME, true);
        out.add("A: " + awaitState(socket, s -> s.startsWith("127.0.0.1 ") && s.contains("admin=0")));
        dns.nx(NAME);
        out.add("NX: " + awaitState(socket, s -> s.contains("admin=32")));
        dns.answer(NAME, false, "127.0.0.1");
        dns.answer(NAME, true);
        out.add("A again: " + awaitState(socket, s -> s.contains("admin=0")));
        dns.answer(NAME, false);
        dns.answer(NAME, true, "::1");
        out.add("AAAA only: " + awaitState(socket, s -> s.startsWith("::1 ")));
        return out;
    }

    /** The lines about be/s1, without HAProxy's {@code [WARNING]  (pid) : } prefix. */
    private static List<String> aboutServer(final List<String> lines) {
        final List<String> out = new ArrayList<>();
        for (final String l : lines) {
            if (l.contains("be/s1")) {
                out.add(l.startsWith("[") && l.contains(" : ") ? l.substring(l.indexOf(" : ") + 3) : l);
            }
        }
        return out;
    }

    @Test
    void statesAndLinesAreHaproxys() throws Exception {
        final int backendPort = RunningDaemon.freePort();
        final int syslogPort = RunningDaemon.freePort();
        final DnsSideBySide.Runs runs = DnsSideBySide.run(tmp, NAME,
            (socket, port, dnsPort) -> config(socket, port, dnsPort, backendPort, syslogPort),
            DnsSameAsHaproxyTest::session, DnsSameAsHaproxyTest::aboutServer);
        assertTrue(runs.haproxyStates().get(1).contains("status=no check"), "HAProxy 2.6: " + runs.haproxyStates());
        assertEquals(String.join("\n", runs.haproxyStates()), String.join("\n", runs.batonStates()));
        assertEquals(String.join("\n", runs.haproxyLines()), String.join("\n", runs.batonLines()));
    }
}
