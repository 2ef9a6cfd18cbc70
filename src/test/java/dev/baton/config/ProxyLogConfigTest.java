package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code log} lines of proxies, {@code no log}, {@code log-tag} and {@code log-send-hostname}, read as HAProxy
 * 2.6 reads them ({@code parse_logsrv}): the loggers of each proxy in order, inherited from its defaults.
 */
class ProxyLogConfigTest {
    private static ProxyConfig proxy(final BatonConfig c, final String name) {
        return c.proxies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    /** Each logger as {@code KIND HOST:PORT FORMAT LEN LEVEL/MINLEVEL}. */
    private static List<String> loggers(final ProxyConfig p) {
        final List<String> out = new ArrayList<>();
        for (final LogTarget t : p.log().targets()) {
            out.add(t.kind() + " " + t.host() + ":" + t.port() + " " + t.format() + " " + t.maxLen() + " " + t.level()
                + "/" + t.minLevel());
        }
        return out;
    }

    @Test
    void logGlobalCombinesWithOwnTargetsInOrderAndOnce() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(
            "global",
            "    log 10.0.0.1:514 local0",
            "    log stdout format raw daemon",
            "defaults",
            "    log 10.0.0.9:514 len 200 format rfc5424 local1 notice err",
            "frontend f",
            "    bind :8080",
            "    log global",
            "    log global",
            "    log fd@2 format short local2",
            "    default_backend b",
            "backend b",
            "    no log",
            "    log global",
            "backend quiet",
            "    no log");
        assertEquals(List.of(
            "UDP 10.0.0.9:514 RFC5424 200 notice/err",
            "UDP 10.0.0.1:514 UNSPECIFIED 1024 debug/emerg",
            "STDOUT null:0 RAW 1024 debug/emerg",
            "STDERR null:0 SHORT 1024 debug/emerg"), loggers(proxy(c, "f")), "defaults', global's once, its own");
        assertTrue(proxy(c, "f").logGlobal());
        assertSame(c.global().logs().get(0), proxy(c, "f").log().targets().get(1), "the global target itself");
        assertEquals(List.of("UDP 10.0.0.1:514 UNSPECIFIED 1024 debug/emerg", "STDOUT null:0 RAW 1024 debug/emerg"),
            loggers(proxy(c, "b")), "no log dropped the defaults' target");
        assertEquals(List.of(), loggers(proxy(c, "quiet")));
        assertFalse(proxy(c, "quiet").logGlobal());
    }

    @Test
    void logTagAndHostname() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(
            "global",
            "    log-tag lb1",
            "    log-send-hostname edge-1",
            "    log 10.0.0.1 local0",
            "defaults",
            "    log-tag shop",
            "    log global",
            "backend b",
            "backend c",
            "    log-tag other",
            "defaults",
            "    log global",
            "backend d");
        assertEquals(new SyslogHeader("lb1", "edge-1"), c.global().syslogHeader());
        assertEquals("shop", proxy(c, "b").log().tag());
        assertEquals("other", proxy(c, "c").log().tag());
        assertNull(proxy(c, "d").log().tag(), "a new defaults section has no tag");
        assertNull(ConfigTexts.parse("global", "    log stdout local0").global().syslogHeader().hostname());
    }

    @Test
    void logSendHostnameWithoutNameIsTheSystemsName() throws ConfigException {
        final String name = ConfigTexts.parse("global", "    log-send-hostname").global().syslogHeader().hostname();
        assertEquals(dev.baton.sys.Hostname.get(), name);
        assertFalse(name.isEmpty());
    }

    @Test
    void sampleRangesAreSortedAndKeepTheirLines() throws ConfigException {
        final LogSample s = ConfigTexts.parse("global", "    log stdout sample 5-6,1,3:10 local0").global().logs()
            .get(0).sample();
        assertEquals(List.of(new LogSample.Range(1, 1), new LogSample.Range(3, 3), new LogSample.Range(5, 6)),
            s.ranges());
        assertEquals(10, s.size());
        final List<Long> kept = new ArrayList<>();
        for (long i = 0; i < 20; i++) {
            if (s.keeps(i)) {
                kept.add(i);
            }
        }
        assertEquals(List.of(0L, 2L, 4L, 5L, 10L, 12L, 14L, 15L), kept, "lines 1, 3, 5 and 6 of each ten");
    }

    @Test
    void errorsOfProxyLogLines() {
        assertEquals(List.of(
            "t.cfg:4: 'log-tag' expects a tag for use in syslog",
            "t.cfg:5: 'log-tag' cannot handle unexpected argument 'y'",
            "t.cfg:6: log target 'ring@r': baton has no ring sections (nor 'show events'); log to stdout, a Unix"
                + " socket such as /dev/log or a UDP syslog server instead",
            "t.cfg:7: 'log format' expects local, rfc3164, rfc5424, priority, short, timed, iso or raw, got 'json'"),
            ConfigTexts.errors("defaults", "    mode tcp", "backend b", "    log-tag", "    log-tag x y",
                "    log ring@r local0", "    log stdout format json local0"));
    }

    @Test
    void noLogInTheGlobalSectionDropsTheLinesBeforeIt() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse("global", "    log 10.0.0.1 local0", "    no log",
            "    log 10.0.0.2 local1");
        assertEquals(1, c.global().logs().size());
        assertEquals("10.0.0.2", c.global().logs().get(0).host());
        assertEquals(List.of("t.cfg:2: 'no log' does not expect arguments",
            "t.cfg:3: 'no daemon' is not supported: the option cannot be negated"),
            ConfigTexts.errors("global", "    no log x", "    no daemon"));
    }

    @Test
    void secondLogSendHostnameIsReportedAndTheFirstKept() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse("global", "    log-send-hostname a", "    log-send-hostname b");
        assertEquals("a", c.global().syslogHeader().hostname());
        assertEquals(List.of("t.cfg:3: 'log-send-hostname' already specified. Continuing."),
            ConfigTexts.render(c.warnings()));
    }
}
