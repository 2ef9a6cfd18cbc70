package dev.baton.backend.balance;

import dev.baton.log.Haproxy26;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 and the daemon on the same configuration: five servers that answer with their name, one listen
 * section per way of hashing (uri with its options, url_param in the query string and in a POST body, hdr with and without use_domain_only, source; map-based
 * and consistent; each hash function, avalanche; uneven weights; a disabled server), and a few hundred distinct
 * keys sent through each: every key must reach the same server through both; then servers put in maintenance, back,
 * and reweighted through the runtime API of each, the keys sent again after each step. HAProxy runs as a child process,
 * stopped by its process; the name servers are closed at the end.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HashBalanceSameAsHaproxyTest {
    private static final int KEYS = 240;
    private static final int SERVERS = 5;

    @TempDir
    Path dir;

    /** A listen section's balancing lines, its server weights (0: the server is {@code disabled}) and requests. */
    private record Scenario(String name, String balancing, int[] weights, Request request) {
    }

    @FunctionalInterface
    private interface Request {
        /** The source address and the request head of key {@code i}. */
        String[] of(int i);
    }

    /**
     * A GET of {@code target}; its Host is the authority of an absolute-form target (HAProxy wants them equal). The
     * extra headers come first, followed by Host: HAProxy's use_domain_only looks at the byte after the value, which
     * is the next header's name when there is one (a dropped Connection header would leave stale buffer bytes).
     */
    private static String head(final String target, final String extraHeaders) {
        final String host = target.startsWith("http://") ? target.substring(7, target.indexOf('/', 7)) : "baton.test";
        return "GET " + target + " HTTP/1.1\r\n" + extraHeaders + "Host: " + host + "\r\nConnection: close\r\n\r\n";
    }

    private static String[] local(final String head) {
        return new String[] {"127.0.0.1", head};
    }

    private static String path(final int i) {
        return "/p" + (i % 9) + "/q" + (i * 31 % 97) + "/r" + i + ".html";
    }

    /**
     * A POST of a form carrying {@code id} in its body (url_param looks there when the query string lacks it): a
     * Content-Length body, a chunked one, one whose query string has the id (the query wins), one whose value starts
     * with a space (an empty value), one where a longer name ends in "id".
     */
    private static String[] post(final int i) {
        final String form = "a=" + (i % 5) + "&id=u" + (i * 7) + "&z=2";
        final String type = "Content-Type: application/x-www-form-urlencoded\r\nHost: baton.test\r\n"
            + "Connection: close\r\n";
        return switch (i % 5) {
            case 1 -> local("POST /form HTTP/1.1\r\n" + type + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(6) + "\r\n" + form.substring(0, 6) + "\r\n"
                + Integer.toHexString(form.length() - 6) + "\r\n" + form.substring(6) + "\r\n0\r\n\r\n");
            case 2 -> withLength("POST /form?id=q" + (i % 7) + " HTTP/1.1\r\n" + type, form);
            case 3 -> withLength("POST /form HTTP/1.1\r\n" + type, "id= u" + i + "&k=" + (i % 3));
            case 4 -> withLength("POST /form?x=1 HTTP/1.1\r\n" + type, "xid=1&id=w" + i);
            default -> withLength("POST /form HTTP/1.1\r\n" + type, form);
        };
    }

    private static String[] withLength(final String headStart, final String body) {
        return local(headStart + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }

    private static final List<Scenario> SCENARIOS = List.of(
        new Scenario("uri_map", "balance uri\n", new int[] {1, 1, 1, 1, 1},
            i -> local(head(path(i) + "?v=" + i, ""))),
        new Scenario("uri_cons", "balance uri\n    hash-type consistent\n", new int[] {1, 2, 3, 1, 5},
            i -> local(head(path(i), ""))),
        new Scenario("uri_opts", "balance uri whole len 14 depth 2\n    hash-type consistent djb2\n",
            new int[] {1, 1, 0, 1, 1}, i -> local(head("/a" + (i % 3) + "?k=" + i + path(i), ""))),
        new Scenario("uri_path", "balance uri path-only\n    hash-type map-based wt6 avalanche\n",
            new int[] {2, 0, 6, 2, 4},
            i -> local(head((i % 2 == 0 ? "http://site" + i + ".test" : "") + path(i) + "?x=" + i, ""))),
        new Scenario("param_map", "balance url_param id\n    hash-type map-based crc32\n", new int[] {1, 2, 1, 3, 1},
            i -> local(head("/search?x=" + (i % 4) + "&id=u" + (i * 7) + "&z=1", ""))),
        new Scenario("param_cons", "balance url_param id\n    hash-type consistent\n", new int[] {10, 20, 30, 0, 50},
            i -> local(head("/p?id=" + i + (i % 3 == 0 ? "&xid=1" : ""), ""))),
        new Scenario("post_cons", "balance url_param id check_post\n    option http-buffer-request\n"
            + "    hash-type consistent\n", new int[] {1, 2, 1, 3, 1}, HashBalanceSameAsHaproxyTest::post),
        new Scenario("post_map", "balance url_param id\n    option http-buffer-request\n"
            + "    hash-type map-based crc32\n", new int[] {2, 1, 0, 1, 1}, HashBalanceSameAsHaproxyTest::post),
        new Scenario("hdr_cons", "balance hdr(X-Key)\n    hash-type consistent sdbm avalanche\n",
            new int[] {1, 1, 1, 1, 1}, i -> local(head("/", "X-Key: k" + (i * 13) + (i % 4 == 0 ? ", more" : "")
                + "\r\n"))),
        new Scenario("hdr_domain", "balance hdr(X-Site) use_domain_only\n    hash-type map-based djb2\n",
            new int[] {3, 1, 1, 1, 1}, i -> local(head("/", "X-Site: h" + i + ".site" + i + ".com\r\n"))),
        new Scenario("source_cons", "balance source\n    hash-type consistent\n", new int[] {1, 1, 2, 1, 1},
            i -> new String[] {"127.0." + (i / 200 + 1) + "." + (i % 200 + 1), head("/", "")}),
        new Scenario("source_map", "balance source\n", new int[] {1, 3, 1, 0, 1},
            i -> new String[] {"127.1." + (i / 200) + "." + (i % 200 + 2), head("/", "")}),
        new Scenario("hash_hdr", "balance hash req.hdr(X-User),lower\n    hash-type consistent\n",
            new int[] {1, 2, 1, 1, 3}, i -> local(head("/", "X-User: User" + (i * 17) + "\r\n"))),
        new Scenario("hash_path", "balance hash path,field(2,/)\n", new int[] {2, 1, 1, 0, 1},
            i -> local(head(path(i), ""))),
        new Scenario("hash_src", "balance hash src\n    hash-type consistent crc32\n", new int[] {1, 1, 1, 1, 1},
            i -> new String[] {"127.2." + (i / 200) + "." + (i % 200 + 2), head("/", "")}));

    private static String config(final Map<String, Integer> ports, final NameServers servers) {
        final StringBuilder c = new StringBuilder("global\n    nbthread 2\ndefaults\n    mode http\n"
            + "    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\n");
        for (final Scenario s : SCENARIOS) {
            c.append("listen ").append(s.name()).append("\n    bind 127.0.0.1:").append(ports.get(s.name()))
                .append("\n    ").append(s.balancing());
            for (int i = 0; i < SERVERS; i++) {
                final int w = s.weights()[i];
                c.append("    server ").append(NameServers.name(i)).append(" 127.0.0.1:").append(servers.port(i))
                    .append(" weight ").append(w == 0 ? 1 : w).append(w == 0 ? " disabled" : "").append('\n');
            }
        }
        return c.toString();
    }

    private static Map<String, Integer> freePorts() throws Exception {
        final Map<String, Integer> ports = new LinkedHashMap<>();
        for (final Scenario s : SCENARIOS) {
            ports.put(s.name(), RunningDaemon.freePort());
        }
        return ports;
    }

    /** Which server answered each key of each scenario, keyed "scenario key-index". */
    private static Map<String, List<String>> answers(final Map<String, Integer> ports) throws Exception {
        final Map<String, List<String>> out = new LinkedHashMap<>();
        for (final Scenario s : SCENARIOS) {
            final List<String> names = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                final String[] r = s.request().of(i);
                names.add(NameServers.ask(r[0], ports.get(s.name()), r[1]));
            }
            out.put(s.name(), names);
        }
        return out;
    }

    @Test
    void everyKeyReachesTheServerHaproxyChooses() throws Exception {
        Haproxy26.assumeInstalled();
        try (NameServers servers = new NameServers(SERVERS)) {
            final Map<String, Integer> hPorts = freePorts();
            final Map<String, List<String>> fromHaproxy;
            try (HaproxyProcess h = HaproxyProcess.start(dir, config(hPorts, servers),
                hPorts.get(SCENARIOS.get(SCENARIOS.size() - 1).name()))) {
                fromHaproxy = answers(hPorts);
                assertTrue(h.lines().stream().noneMatch(l -> l.contains("ALERT")), () -> String.join("\n", h.lines()));
            }
            final Map<String, Integer> bPorts = freePorts();
            final Map<String, List<String>> fromBaton;
            try (RunningDaemon baton = RunningDaemon.start(config(bPorts, servers))) {
                fromBaton = answers(bPorts);
                baton.awaitAtRest();
            }
            for (final Scenario s : SCENARIOS) {
                final List<String> expected = fromHaproxy.get(s.name());
                final Set<String> reached = new HashSet<>(expected);
                assertTrue(reached.size() >= 3, s.name() + ": HAProxy spread the keys (the scenario is meaningful): "
                    + reached);
                for (int i = 0; i < SERVERS; i++) {
                    if (s.weights()[i] == 0) {
                        assertFalse(reached.contains(NameServers.name(i)), s.name() + ": disabled server reached");
                    }
                }
                assertEquals(expected, fromBaton.get(s.name()), s.name());
            }
        }
    }

    /** The runtime API commands of {@link #runtimeChangesMoveTheSameKeys}, each followed by a round of keys. */
    private static final List<String> RUNTIME_STEPS = List.of(
        "set server cons/s2 state maint", "set server cons/s4 weight 5", "set server cons/s2 state ready",
        "set server map/s3 state maint", "set server map/s1 weight 0", "set server map/s3 state ready");

    private static String runtimeConfig(final Path socket, final int cons, final int map, final NameServers servers) {
        final StringBuilder c = new StringBuilder("global\n    stats socket " + socket + " level admin\n"
            + "defaults\n    mode http\n    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\n"
            + "listen cons\n    bind 127.0.0.1:" + cons + "\n    balance url_param id\n    hash-type consistent\n");
        final int[] weights = {1, 2, 1, 3, 1};
        for (int i = 0; i < SERVERS; i++) {
            c.append("    server ").append(NameServers.name(i)).append(" 127.0.0.1:").append(servers.port(i))
                .append(" weight ").append(weights[i]).append('\n');
        }
        c.append("listen map\n    bind 127.0.0.1:").append(map).append("\n    balance uri\n");
        for (int i = 0; i < SERVERS; i++) {
            c.append("    server ").append(NameServers.name(i)).append(" 127.0.0.1:").append(servers.port(i))
                .append(" weight ").append(weights[i] * 2).append('\n');
        }
        return c.toString();
    }

    /** Sends one runtime API command to the stats socket and reads the answer to its end. */
    private static String command(final Path socket, final String line) throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII)));
            final ByteArrayOutputStream answer = new ByteArrayOutputStream();
            final ByteBuffer buf = ByteBuffer.allocate(4096);
            while (ch.read(buf) >= 0) { // bounded by the test's timeout: both close after one command
                answer.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return answer.toString(StandardCharsets.US_ASCII).trim();
        }
    }

    /** The server of each key of both listens, then again after each runtime step. */
    private static List<String> runtimeRounds(final Path socket, final int cons, final int map) throws Exception {
        final List<String> rounds = new ArrayList<>();
        for (int step = -1; step < RUNTIME_STEPS.size(); step++) {
            String answer = "";
            if (step >= 0) {
                answer = command(socket, RUNTIME_STEPS.get(step));
            }
            final StringBuilder round = new StringBuilder(step < 0 ? "start" : RUNTIME_STEPS.get(step))
                .append(" -> '").append(answer).append("':");
            for (int i = 0; i < KEYS; i++) {
                round.append(' ').append(NameServers.ask("127.0.0.1", cons, head("/p?id=" + i, "")))
                    .append('/').append(NameServers.ask("127.0.0.1", map, head(path(i), "")));
            }
            rounds.add(round.toString());
        }
        return rounds;
    }

    @Test
    void runtimeChangesMoveTheSameKeys() throws Exception {
        Haproxy26.assumeInstalled();
        try (NameServers servers = new NameServers(SERVERS)) {
            final Path hSocket = dir.resolve("h.sock");
            final int hCons = RunningDaemon.freePort();
            final int hMap = RunningDaemon.freePort();
            final List<String> fromHaproxy;
            try (HaproxyProcess h = HaproxyProcess.start(dir, runtimeConfig(hSocket, hCons, hMap, servers), hMap)) {
                fromHaproxy = runtimeRounds(hSocket, hCons, hMap);
                assertTrue(h.lines().stream().noneMatch(l -> l.contains("ALERT")), () -> String.join("\n", h.lines()));
            }
            final Path bSocket = dir.resolve("b.sock");
            final int bCons = RunningDaemon.freePort();
            final int bMap = RunningDaemon.freePort();
            final List<String> fromBaton;
            try (RunningDaemon baton = RunningDaemon.start(runtimeConfig(bSocket, bCons, bMap, servers))) {
                fromBaton = runtimeRounds(bSocket, bCons, bMap);
                baton.awaitAtRest();
            }
            for (int step = 0; step < fromHaproxy.size(); step++) {
                assertFalse(fromHaproxy.get(step).contains("<"), "HAProxy answered every key: " + fromHaproxy.get(step));
                if (step > 0) {
                    final String before = fromHaproxy.get(step - 1);
                    final String now = fromHaproxy.get(step);
                    assertNotEquals(before.substring(before.indexOf("':")), now.substring(now.indexOf("':")),
                        "the step moved keys in HAProxy: " + RUNTIME_STEPS.get(step - 1));
                }
                assertEquals(fromHaproxy.get(step), fromBaton.get(step), "step " + step);
            }
        }
    }
}
