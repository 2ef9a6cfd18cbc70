package dev.baton.config;

import dev.baton.log.BuiltinLogFormats;
import org.junit.jupiter.api.Test;

import java.util.BitSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidConfigTest {
    private static final String FULL = ConfigTexts.lines(
        "# baton sample",                                         // 1
        "global",                                                 // 2
        "    maxconn 20000",                                      // 3
        "    nbthread 4",                                         // 4
        "    cpu-map auto:1/1-4 0-3",                             // 5
        "    pidfile /run/baton.pid",                             // 6
        "    log stdout format raw local0",                       // 7
        "    log \"${SYSLOG-127.0.0.1}:5514\" len 2048 local1 notice err", // 8
        "    ulimit-n 65536",                                     // 9
        "    tune.bufsize 32k",                                   // 10
        "    hard-stop-after 30s",                                // 11
        "",                                                       // 12
        "defaults",                                               // 13
        "    mode tcp",                                           // 14
        "    log global",                                         // 15
        "    option tcplog",                                      // 16
        "    timeout connect 5s",                                 // 17
        "    timeout client 1m",                                  // 18
        "    timeout server 1m",                                  // 19
        "    retries 2",                                          // 20
        "",                                                       // 21
        "frontend web",                                           // 22
        "    bind :80,127.0.0.1:8080",                            // 23
        "    bind [::1]:80",                                      // 24
        "    maxconn 5000",                                       // 25
        "    timeout client-fin 5s",                              // 26
        "    default_backend app",                                // 27
        "",                                                       // 28
        "backend app",                                            // 29
        "    balance leastconn",                                  // 30
        "    option redispatch 2",                                // 31
        "    timeout tunnel 1h",                                  // 32
        "    timeout server-fin 1s",                              // 33
        "    default-server maxconn 100",                         // 34
        "    server s1 10.0.0.1:8080 weight 10",                  // 35
        "    server s2 app2.internal:8080 backup",                // 36
        "    server s3 [fd00::3]:8080 disabled weight 0",         // 37
        "",                                                       // 38
        "listen admin",                                           // 39
        "    bind :::9000",                                       // 40
        "    balance source",                                     // 41
        "    no option tcplog",                                   // 42
        "    server local 127.0.0.1:9001");                       // 43

    /** {@code p} without its log format, captures and unique id, to compare with a proxy built by hand. */
    private static ProxyConfig withoutTrafficLog(final ProxyConfig p) {
        return new ProxyConfig(p.name(), p.kind(), p.mode(), p.binds(), p.maxconn(), p.timeouts(), p.defaultBackend(),
            p.balance(), p.retries(), p.redispatch(), p.tcplog(), p.logGlobal(), p.servers(), p.http(), p.where(),
            p.checks(), p.allBackups(), p.logHealthChecks(), p.configuredFullconn(), p.fullconn(), p.abortOnClose(),
            p.logOptions(), p.tcpKeepAlive(), p.log(), TrafficLogConfig.NONE, p.extras());
    }

    private static SourceLocation at(final int line) {
        return new SourceLocation(ConfigTexts.FILE, line);
    }

    @Test
    void parsesEverySection() throws ConfigException {
        final BatonConfig config = ConfigLoader.parse(ConfigTexts.FILE, FULL, Map.of("SYSLOG", "10.1.1.1"));
        assertEquals(List.of(), config.warnings());

        final GlobalConfig g = config.global();
        assertEquals(20000, g.maxconn());
        assertEquals(4, g.nbthread());
        assertEquals("/run/baton.pid", g.pidfile());
        assertEquals(65536, g.ulimitN());
        assertEquals(32768, g.bufsize());
        assertEquals(30000, g.hardStopAfterMs());
        assertFalse(g.daemon());
        assertEquals(List.of(
            new LogTarget(LogTarget.Kind.STDOUT, null, 0, "local0", "debug", at(7), "emerg", 1024, LogFormat.RAW, null),
            new LogTarget(LogTarget.Kind.UDP, "10.1.1.1", 5514, "local1", "notice", at(8), "err", 2048,
                LogFormat.UNSPECIFIED, null)), g.logs());
        assertEquals(4, g.cpuMap().size());
        for (int t = 1; t <= 4; t++) {
            final CpuMapEntry e = g.cpuMap().get(t - 1);
            assertEquals(t, e.thread());
            assertEquals(cpus(t - 1), e.cpus());
            assertEquals(at(5), e.where());
        }

        assertEquals(3, config.proxies().size());
        final ProxyConfig web = config.proxies().get(0);
        assertEquals(new ProxyConfig("web", ProxyKind.FRONTEND, Mode.TCP,
            List.of(new BindConfig(null, 80, at(23)), new BindConfig("127.0.0.1", 8080, at(23)),
                new BindConfig("::1", 80, at(24))),
            5000, new Timeouts(0, 60000, 0, 0, 5000, 0), "app", null, 0, Redispatch.OFF, true, true, List.of(),
            HttpOptions.DEFAULT, at(22)).withLog(new ProxyLog(g.logs(), null)).withId(1), withoutTrafficLog(web));
        assertEquals(BuiltinLogFormats.TCPLOG, web.trafficLog().format(), "option tcplog: HAProxy's tcplog string");

        final ProxyConfig app = config.proxies().get(1);
        assertEquals(new ProxyConfig("app", ProxyKind.BACKEND, Mode.TCP, List.of(), 0,
            new Timeouts(5000, 0, 60000, 3600000, 0, 1000), null, BalanceAlgorithm.LEASTCONN, 2,
            new Redispatch(true, 2), false, true, List.of(
                new ServerConfig("s1", "10.0.0.1", 8080, 10, 100, false, false, PoolOptions.DEFAULT, at(35)),
                new ServerConfig("s2", "app2.internal", 8080, 1, 100, true, false, PoolOptions.DEFAULT, at(36)),
                new ServerConfig("s3", "fd00::3", 8080, 0, 100, false, true, PoolOptions.DEFAULT, at(37))),
            HttpOptions.DEFAULT, at(29)).withFullconn(5000 / 10) // a tenth of web's maxconn
            .withLog(new ProxyLog(g.logs(), null)).withId(2), app);

        final ProxyConfig admin = config.proxies().get(2);
        assertEquals(new ProxyConfig("admin", ProxyKind.LISTEN, Mode.TCP, List.of(new BindConfig("::", 9000, at(40))),
            0, new Timeouts(5000, 60000, 60000, 0, 0, 0), null, BalanceAlgorithm.SOURCE, 2, Redispatch.OFF, false,
            true, List.of(new ServerConfig("local", "127.0.0.1", 9001, 1, 0, false, false, PoolOptions.DEFAULT,
                at(43))), HttpOptions.DEFAULT, at(39)).withFullconn(20000 / 10).withLog(new ProxyLog(g.logs(), null))
            .withId(3), admin); // its own, global maxconn

        assertSame(app, config.backend("app"));
        assertSame(admin, config.backend("admin"));
        assertNull(config.backend("web"));
        assertEquals(List.of(web, admin), config.frontends());
    }

    @Test
    void defaultValuesWhenUnset() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "frontend f",
            "    bind 127.0.0.1:1080",
            "    timeout client 1s",
            "    default_backend b",
            "backend b",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    server s 127.0.0.1:1081");
        assertEquals(GlobalConfig.DEFAULTS, config.global());
        assertEquals(16384, config.global().bufsize());
        final ProxyConfig b = config.backend("b");
        assertEquals(Mode.TCP, b.mode());
        assertEquals(BalanceAlgorithm.ROUNDROBIN, b.balance());
        assertEquals(3, b.retries());
        assertEquals(Redispatch.OFF, b.redispatch());
        assertFalse(b.logGlobal());
        assertEquals(new ServerConfig("s", "127.0.0.1", 1081, 1, 0, false, false, PoolOptions.DEFAULT,
            new SourceLocation("t.cfg", 8)), b.servers().get(0));
        assertTrue(config.warnings().isEmpty());
    }

    @Test
    void redispatchWithoutIntervalMeansTheLastRetry() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "listen l",
            "    bind 127.0.0.1:1080",
            "    option redispatch",
            "    server s 127.0.0.1:1081");
        assertEquals(new Redispatch(true, -1), config.backend("l").redispatch());
    }

    private static BitSet cpus(final int... cpus) {
        final BitSet set = new BitSet();
        for (final int c : cpus) {
            set.set(c);
        }
        return set;
    }
}
