package dev.baton.stream;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import dev.baton.sample.SampleContext;
import dev.baton.stick.StickDataType;
import dev.baton.stick.StickEntry;
import dev.baton.stick.StickKey;
import dev.baton.stick.StickTable;
import dev.baton.stick.StickTables;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link StickPersistence} on a parsed backend ({@code stick on src}, {@code stick store-request src table other}):
 * the server stored is found again by its name, a server in maintenance is passed over (unless forced), an entry whose
 * server was deleted names none even when a server added later took its id, an assignment made before (cookie,
 * use-server) is kept, only the first storing rule of each table stores, and a stream whose entries exist allocates
 * nothing.
 */
class StickPersistenceTest {
    private final BatonConfig config;
    private final Backend backend;
    private final StickTables tables;
    private final dev.baton.config.StickServerRules rules;
    private final byte[] src = {10, 0, 0, 7};
    private final SampleContext client = new SampleContext() {
        @Override
        public byte[] srcAddress() {
            return src;
        }
    };

    StickPersistenceTest() throws Exception {
        config = ConfigLoader.parse("t.cfg", String.join("\n",
            "defaults",
            "    mode tcp",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "backend be",
            "    stick-table type ip size 10",
            "    stick on src",
            "    stick store-request src table other",
            "    stick store-request dst table other",
            "    server s1 127.0.0.1:9",
            "    server s2 127.0.0.1:10",
            "    server s3 127.0.0.1:11",
            "backend other",
            "    stick-table type ip size 10",
            ""), Map.of());
        final ProxyConfig p = config.backend("be");
        rules = p.extras().stickRules();
        backend = new Backend(p);
        int id = 0;
        for (final dev.baton.config.ServerConfig s : p.servers().subList(0, 2)) { // s3 comes later, if at all
            backend.addServer(new Server(backend, id++, s, new InetSocketAddress("127.0.0.1", 9 + id)));
        }
        tables = StickTables.of(List.of(config.backend("be").extras().stickTable().withServerKeys(),
            config.backend("other").extras().stickTable().withServerKeys()));
    }

    private Server request(final StickPersistence p, final boolean assigned, final boolean force) {
        return p.request(rules, tables, backend, client, assigned, force);
    }

    private StickEntry entry(final String table) {
        return tables.get(table).lookup(StickKey.of(src));
    }

    @Test
    void theStoredServerIsFoundAgainByName() {
        final StickPersistence p = new StickPersistence();
        assertNull(request(p, false, false), "nothing stored yet");
        final Server s2 = backend.server("s2");
        p.store(s2);
        final StickTable be = tables.get("be");
        assertEquals(2, be.read(entry("be"), StickDataType.SERVER_ID));
        assertEquals("s2", be.serverKey(entry("be")));
        assertEquals("s2", tables.get("other").serverKey(entry("other")), "the first store-request of 'other'");
        assertEquals(1, tables.get("other").used(), "the second store-request of the same table stored nothing");
        assertSame(s2, request(p, false, false));
        assertNull(request(p, true, false), "a cookie or use-server assigned first");
    }

    /** A stream whose client was stuck to {@code server}. */
    private StickPersistence stuckTo(final Server server) {
        final StickPersistence p = new StickPersistence();
        request(p, false, false);
        p.store(server);
        return p;
    }

    @Test
    void aServerInMaintenanceIsPassedOverUnlessForced() {
        final Server s1 = backend.server("s1");
        final StickPersistence p = stuckTo(s1);
        s1.disabled(true);
        assertNull(request(p, false, false));
        assertSame(s1, request(p, false, true), "force-persist");
    }

    @Test
    void anEntryWhoseServerLeftNamesNone() {
        final Server s2 = backend.server("s2");
        final StickPersistence p = stuckTo(s2);
        backend.removeServer(s2);
        final Server s3 = new Server(backend, 1, config.backend("be").servers().get(2), // s2's id, another name
            new InetSocketAddress("127.0.0.1", 11));
        backend.addServer(s3);
        assertNull(request(p, false, false), "s2 left: s3 took its id, not its clients");
    }

    @Test
    void aStreamWhoseEntriesExistAllocatesNothing() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported()
            && threads.isThreadAllocatedMemoryEnabled());
        final Server s1 = backend.server("s1");
        final StickPersistence p = stuckTo(s1);
        int found = 0;
        for (int i = 0; i < 20_000; i++) {
            found += request(p, false, false) == s1 ? 1 : 0;
            p.store(s1);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            found += request(p, false, false) == s1 ? 1 : 0;
            p.store(s1);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(120_000, found, "every stream stuck to s1");
        org.junit.jupiter.api.Assertions.assertTrue(allocated < 4096,
            "allocated " + allocated + " bytes for 100000 streams");
    }
}
