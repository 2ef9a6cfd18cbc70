package dev.baton.dns;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pairing of SRV records with servers, answer after answer, against HAProxy 2.6's rules as observed side by side
 * (records in key order, free servers taken first-in first-out, a server that loses its record goes to the end).
 */
class SrvRequestTest {
    private static final String NAME = "_http._tcp.app.test";

    /** What the request asked, one line per call. */
    private final List<String> calls = new ArrayList<>();

    private SrvRequest request(final String options) throws Exception {
        final BatonConfig c = ConfigLoader.parse("t.cfg", "resolvers dns\n  nameserver ns1 127.0.0.1:53\n"
            + "  hold obsolete 0s\nbackend be\n  mode tcp\n  server-template www 3 " + NAME + " resolvers dns "
            + options + "\n", Map.of());
        final ProxyConfig p = c.proxies().stream().filter(x -> x.name().equals("be")).findFirst().orElseThrow();
        final Backend backend = new Backend(p);
        final List<Server> servers = new ArrayList<>();
        int id = 0;
        for (final ServerConfig s : p.servers()) {
            servers.add(new Server(backend, id++, s, new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0)));
        }
        return new SrvRequest(NAME, c.resolvers().get("dns"), servers, new SrvRequest.Actions() {
            @Override
            public void link(final Server server, final String host) {
                calls.add("link " + server.name() + " " + host);
            }

            @Override
            public void unlink(final Server server) {
                calls.add("unlink " + server.name());
            }

            @Override
            public void changed(final Server server, final SrvChange ch) {
                calls.add(server.name() + (ch.filled() ? " " + ch.fqdn() + " " + ch.port() + " w" + ch.weight()
                    + (ch.additional() == null ? "" : " " + ch.additional().getHostAddress()) : " removed"));
            }
        });
    }

    private static SrvWire.Record rec(final int weight, final int port, final String target) {
        final StringBuilder labels = new StringBuilder();
        for (final String l : target.split("\\.")) {
            labels.append((char) l.length()).append(l);
        }
        final byte[] b = labels.toString().getBytes(StandardCharsets.ISO_8859_1);
        return new SrvWire.Record(0, weight, port, target, Xxh32.hash(b, 0, b.length, DnsWire.TYPE_SRV));
    }

    private static SrvWire.Answer answer(final List<SrvWire.Record> records, final String... additional)
        throws Exception {
        final List<SrvWire.Additional> ar = new ArrayList<>();
        for (int i = 0; i < additional.length; i += 2) {
            ar.add(new SrvWire.Additional(additional[i], InetAddress.getByName(additional[i + 1])));
        }
        return new SrvWire.Answer(DnsWire.Status.VALID, records, ar);
    }

    /** The calls since the last look. */
    private List<String> taken() {
        final List<String> out = List.copyOf(calls);
        calls.clear();
        return out;
    }

    @Test
    void recordsFillServersInOrderAndAFreedServerGoesLast() throws Exception {
        final SrvRequest r = request("");
        r.answered(answer(List.of(rec(100, 8081, "a.app.test"), rec(512, 8082, "b.app.test")),
            "a.app.test", "127.0.0.11", "b.app.test", "127.0.0.12"), 1000);
        // HAProxy 2.6 filled www1 with a and www2 with b in this case (weights (w + 255) / 256)
        assertEquals(List.of("unlink www1", "www1 a.app.test 8081 w1 127.0.0.11",
            "unlink www2", "www2 b.app.test 8082 w2 127.0.0.12"), taken());

        r.answered(answer(List.of(rec(100, 8081, "a.app.test")), "a.app.test", "127.0.0.11"), 2000);
        assertEquals(List.of("unlink www1", "www1 null 8081 w1 127.0.0.11", "unlink www2", "www2 removed"), taken());

        // HAProxy 2.6 gave c to www3, ahead of www2 which had just lost b
        r.answered(answer(List.of(rec(100, 8081, "a.app.test"), rec(2560, 8083, "c.app.test")),
            "a.app.test", "127.0.0.11"), 3000);
        assertEquals(List.of("unlink www1", "www1 null 8081 w1 127.0.0.11", "link www3 c.app.test",
            "www3 c.app.test 8083 w10"), taken(), "no additional record for c: www3 resolves it itself");
    }

    @Test
    void aFailurePastItsHoldTakesEveryRecordAwayAndIgnoreWeightKeepsTheWeight() throws Exception {
        final SrvRequest r = request("resolve-opts ignore-weight");
        r.answered(answer(List.of(rec(100, 8081, "a.app.test"))), 1000);
        assertEquals(List.of("link www1 a.app.test", "www1 a.app.test 8081 w-1"), taken());
        r.failed(DnsWire.Status.NX, 1000); // hold nx: 30 s by default
        assertEquals(List.of(), taken());
        r.failed(DnsWire.Status.NX, 30_000);
        assertEquals(List.of("unlink www1", "www1 removed"), taken());
        r.answered(answer(List.of(rec(100, 8081, "a.app.test"))), 40_000);
        assertEquals(List.of("link www2 a.app.test", "www2 a.app.test 8081 w-1"), taken(), "www1 went last");
    }
}
