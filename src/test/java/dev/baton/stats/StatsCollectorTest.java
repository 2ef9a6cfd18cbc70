package dev.baton.stats;

import dev.baton.stats.render.PrometheusExposition;
import dev.baton.stats.render.Promtool;
import dev.baton.stats.render.StatsPage;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsCollectorTest {
    @Test
    void snapshotFollowsTheConfiguration() throws Exception {
        final String config = String.join("\n",
            "global",
            "    nbthread 3",
            "    maxconn 500",
            "defaults",
            "    mode tcp",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "frontend web",
            "    bind 127.0.0.1:" + RunningDaemon.freePort(),
            "    maxconn 50",
            "    default_backend app",
            "backend app",
            "    balance leastconn",
            "    server a 127.0.0.1:1 weight 3 maxconn 7",
            "    server b [::1]:2 backup disabled",
            "listen both",
            "    bind 127.0.0.1:" + RunningDaemon.freePort(),
            "    server only 127.0.0.1:3",
            "") + "\n";
        try (RunningDaemon d = RunningDaemon.start(config)) {
            final StatsSnapshot s = StatsCollector.collect(d.daemon(), System.currentTimeMillis());
            assertEquals(List.of("web", "app", "both"), s.proxies().stream().map(ProxyStats::name).toList());
            assertEquals(List.of(1, 2, 3), s.proxies().stream().map(ProxyStats::iid).toList());
            final ProxyStats web = s.proxy("web");
            assertNull(web.backend());
            assertEquals(50, web.frontend().slim());
            assertEquals(500, s.proxy("both").frontend().slim(), "no frontend maxconn: the global one");
            final ProxyStats app = s.proxy("app");
            assertNull(app.frontend());
            assertEquals("leastconn", app.backend().algo());
            assertEquals(3, app.backend().weight());
            assertEquals(1, app.backend().act());
            assertEquals(0, app.backend().bck(), "the backup is in maintenance");
            final ServerStats a = app.server("a");
            assertEquals(7, a.slim());
            assertEquals(3, a.iweight());
            final ServerStats b = app.server("b");
            assertEquals("::1", b.address());
            assertTrue(b.backup());
            assertEquals(dev.baton.backend.Server.AdminState.MAINT, b.admin());
            assertEquals(3, s.threads().size());
            assertEquals(3, a.pool().perThread().length);
            assertEquals(6, s.process().listeners(), "two binds on three reactors");
            assertEquals(500, s.process().maxconn());
            Promtool.check(PrometheusExposition.render(s));
            assertTrue(StatsPage.render(s, new StatsPage.Options("/", 0)).contains("<table class=\"tbl\" id=\"both\">"));
        }
    }

    @Test
    void ipv6LiteralsAreShortened() throws Exception {
        assertEquals("::1", StatsCollector.literal(InetAddress.getByName("::1")));
        assertEquals("::", StatsCollector.literal(InetAddress.getByName("::")));
        assertEquals("fd00::3", StatsCollector.literal(InetAddress.getByName("fd00:0:0:0:0:0:0:3")));
        assertEquals("1:0:2::3", StatsCollector.literal(InetAddress.getByName("1:0:2:0:0:0:0:3")));
        assertEquals("1::2:0:0:3", StatsCollector.literal(InetAddress.getByName("1:0:0:0:2:0:0:3")));
        assertEquals("1:2:3:4:5:6:7:8", StatsCollector.literal(InetAddress.getByName("1:2:3:4:5:6:7:8")));
        assertEquals("10.0.0.1", StatsCollector.literal(InetAddress.getByName("10.0.0.1")));
    }
}
